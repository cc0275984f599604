package io.github.ec2monitoring.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.ec2monitoring.contract.FunctionEnvironments.CpuAlert;
import io.github.ec2monitoring.contract.FunctionEnvironments.Detector;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingTest {

    @Test
    void aMissingRequiredVariableIsNamed() {
        var error = assertThrows(IllegalArgumentException.class, () -> FunctionEnvironments.ALARM_NAME_PREFIX.read(Map.of()));
        assertEquals("environment variable ALARM_NAME_PREFIX is not set", error.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "CPU_WARNING_PERCENT     | 0       | a number above 0 and at most 100",
        "CPU_WARNING_PERCENT     | 100.5   | a number above 0 and at most 100",
        "CPU_WARNING_PERCENT     | NaN     | a number above 0 and at most 100",
        "ATTACH_INSTANCE_PROFILE | yes     | true or false",
        "ALARM_MODE              | per_instance | per-instance or fleet",
        "STOPPED_INSTANCES       | delete  | keep or remove",
        "ALARM_WRITES_PER_SECOND | 0       | a number above 0 and at most 1000",
    })
    void anInvalidValueIsNamedWithWhatIsExpected(String name, String value, String expected) {
        Setting<?> setting = Detector.ALL.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();

        var error = assertThrows(IllegalArgumentException.class, () -> setting.read(Map.of(name, value)));

        assertEquals("environment variable " + name + " must be " + expected + ", got " + value, error.getMessage());
    }

    @Test
    void noSettingHasADefaultButTheOneGroupNameWhichMayBeLeftOut() {
        assertEquals(java.util.List.of(CpuAlert.AUTO_SCALING_GROUP_NAME),
                CpuAlert.ALL.stream().filter(setting -> !setting.required()).toList());
        assertEquals(java.util.List.of(), Detector.ALL.stream().filter(setting -> !setting.required()).toList());
        assertEquals(null, CpuAlert.AUTO_SCALING_GROUP_NAME.read(Map.of()));
    }

    @Test
    void whatIsWrittenReadsBackTheSame() {
        Map<String, String> env = Map.of(
                Detector.AUTO_SCALING_GROUP_NAMES.name(), Detector.AUTO_SCALING_GROUP_NAMES.write(List.of("a", "b c")),
                Detector.ALARM_MODE.name(), Detector.ALARM_MODE.write(AlarmMode.FLEET),
                Detector.CPU_CRITICAL_PERCENT.name(), Detector.CPU_CRITICAL_PERCENT.write(80.0),
                CpuAlert.TIME_ZONE.name(), CpuAlert.TIME_ZONE.write(ZoneId.of("Europe/Berlin")));

        assertEquals(List.of("a", "b c"), Detector.AUTO_SCALING_GROUP_NAMES.read(env));
        assertEquals(AlarmMode.FLEET, Detector.ALARM_MODE.read(env));
        assertEquals(80.0, Detector.CPU_CRITICAL_PERCENT.read(env));
        assertEquals(ZoneId.of("Europe/Berlin"), CpuAlert.TIME_ZONE.read(env));
    }

    @Test
    void anInvalidValueFailsWhenWrittenAtSynthNotWhenTheFunctionStarts() {
        var error = assertThrows(IllegalArgumentException.class, () -> CpuAlert.LOG_WINDOW_MINUTES.write(90));
        assertEquals("LOG_WINDOW_MINUTES must be a whole number from 1 to 60, got 90", error.getMessage());
    }

    @Test
    void theWriterRefusesAnEnvironmentThatLacksARequiredSettingOrHasAForeignOne() {
        var missing = assertThrows(IllegalStateException.class, () -> new FunctionEnvironments.Writer(CpuAlert.ALL)
                .put(CpuAlert.SYSLOG_LOG_GROUP, "syslog").build());
        assertEquals("the function's environment lacks [ALARM_NAME_PREFIX, ALARM_QUEUE_URL, APACHE_ERROR_LOG_GROUP, "
                + "CRITICAL_TOPIC_ARN, LOG_WINDOW_MINUTES, MASK_PERSONAL_DATA, MESSAGE_LANGUAGE, "
                + "POSTED_TRANSITIONS_TABLE, SLACK_POST_INTERVAL_MILLIS, SLACK_WEBHOOK_SECRET_NAME, STORM_THRESHOLD, "
                + "TIME_ZONE, WARNING_TOPIC_ARN]", missing.getMessage());

        var foreign = assertThrows(IllegalArgumentException.class, () -> new FunctionEnvironments.Writer(CpuAlert.ALL)
                .put(Detector.ALARM_MODE, AlarmMode.FLEET));
        assertEquals("ALARM_MODE is not in this function's contract", foreign.getMessage());
    }

    @Test
    void noVariableNameIsUsedTwice() {
        assertEquals(Detector.ALL.size(), Detector.ALL.stream().map(Setting::name).distinct().count());
        assertEquals(CpuAlert.ALL.size(), CpuAlert.ALL.stream().map(Setting::name).distinct().count());
    }
}
