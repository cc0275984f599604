package io.github.ec2monitoring.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.contract.AlarmResolution;
import io.github.ec2monitoring.contract.FunctionEnvironments;
import io.github.ec2monitoring.contract.FunctionEnvironments.Detector;
import io.github.ec2monitoring.contract.StoppedInstances;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlarmPlannerTest {

    private final AlarmPlanner planner = new AlarmPlanner(
            Fixtures.config("web-asg", "arn:aws:iam::123456789012:instance-profile/web"));

    private AlarmSpec spec(String name) {
        return planner.alarmsFor("i-0abc12345678").stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow();
    }

    @Test
    void plansWarningAndCriticalForCpuMemoryAndDiskNamedPrefixInstanceMetricSeverity() {
        assertEquals(List.of(
                "web-i-0abc12345678-cpu-warning", "web-i-0abc12345678-cpu-critical",
                "web-i-0abc12345678-memory-warning", "web-i-0abc12345678-memory-critical",
                "web-i-0abc12345678-disk-warning", "web-i-0abc12345678-disk-critical"),
                planner.alarmNamesFor("i-0abc12345678"));
    }

    @Test
    void cpuAlarmsWatchEc2sOwnMetricAtTheConfiguredThresholds() {
        AlarmSpec warning = spec("web-i-0abc12345678-cpu-warning");
        AlarmSpec critical = spec("web-i-0abc12345678-cpu-critical");

        assertThat(warning).extracting(AlarmSpec::namespace, AlarmSpec::metricName, AlarmSpec::dimensions,
                AlarmSpec::threshold, AlarmSpec::actionTopicArn).containsExactly("AWS/EC2", "CPUUtilization",
                Map.of("InstanceId", "i-0abc12345678"), 60.0, Fixtures.WARNING);
        assertThat(critical).extracting(AlarmSpec::threshold, AlarmSpec::actionTopicArn)
                .containsExactly(80.0, Fixtures.CRITICAL);
    }

    @Test
    void atHighResolutionEveryAlarmHasTenSecondPeriodsAndCpuComesFromTheAgent() {
        AlarmPlanner high = new AlarmPlanner(Fixtures.atResolution(Fixtures.config("web-asg", "arn:profile"),
                AlarmResolution.HIGH));

        List<AlarmSpec> specs = high.alarmsFor("i-0abc12345678", "web-asg");

        assertThat(specs).hasSize(6).allSatisfy(spec -> {
            assertThat(spec.periodSeconds()).isEqualTo(10);
            assertThat(spec.evaluationPeriods()).isEqualTo(6);
            assertThat(spec.datapointsToAlarm()).as("a single 10-second spike never alarms").isEqualTo(3);
            assertThat(spec.namespace()).isEqualTo("CWAgent");
            assertThat(spec.description()).contains("for 3 of 6 10-second periods");
        });
        assertThat(specs).filteredOn(spec -> spec.name().contains("-cpu-"))
                .extracting(AlarmSpec::metricName).containsOnly("cpu_usage_active");
    }

    @Test
    void atStandardResolutionTheDescriptionSaysMinutes() {
        assertThat(spec("web-i-0abc12345678-cpu-warning").description()).contains("for 3 of 5 minutes");
        assertThat(spec("web-i-0abc12345678-cpu-warning").periodSeconds()).isEqualTo(60);
    }

    @Test
    void memoryAndDiskAlarmsWatchTheAgentsMetricsByInstance() {
        AlarmSpec memory = spec("web-i-0abc12345678-memory-critical");
        AlarmSpec disk = spec("web-i-0abc12345678-disk-warning");

        assertThat(memory).extracting(AlarmSpec::namespace, AlarmSpec::metricName, AlarmSpec::threshold)
                .containsExactly("CWAgent", "mem_used_percent", 90.0);
        assertThat(disk).extracting(AlarmSpec::namespace, AlarmSpec::metricName, AlarmSpec::dimensions,
                AlarmSpec::threshold).containsExactly("CWAgent", "disk_used_percent",
                Map.of("InstanceId", "i-0abc12345678"), 80.0);
    }

    @Test
    void aSingleSpikeDoesNotRaiseAnAlarm() {
        for (AlarmSpec spec : planner.alarmsFor("i-0abc12345678")) {
            assertEquals(3, spec.datapointsToAlarm(), spec.name());
            assertEquals(5, spec.evaluationPeriods(), spec.name());
        }
    }

    @Test
    void missingDataNeverLooksHealthyAndASilentAgentIsReported() {
        for (AlarmSpec spec : planner.alarmsFor("i-0abc12345678")) {
            assertEquals("missing", spec.treatMissingData(), spec.name());
        }
        assertEquals(List.of(Fixtures.WARNING), spec("web-i-0abc12345678-memory-warning").insufficientDataTopicArns());
        assertEquals(List.of(), spec("web-i-0abc12345678-cpu-critical").insufficientDataTopicArns());
    }

    @Test
    void descriptionsSayWhatToDo() {
        assertTrue(spec("web-i-0abc12345678-disk-critical").description().contains("du -xh"));
        assertTrue(spec("web-i-0abc12345678-memory-warning").description().contains("OOM killer"));
    }

    @Test
    void readsTheOwningInstanceBackFromAnAlarmName() {
        assertEquals(Optional.of("i-0abc12345678"), planner.instanceIdOf("web-i-0abc12345678-disk-critical"));
        assertEquals(Optional.empty(), planner.instanceIdOf("web-custom-alarm"));
        assertEquals(Optional.empty(), planner.instanceIdOf("webx-i-0abc12345678-cpu-warning"));
    }

    @Test
    void namesTheMissingEnvironmentVariable() {
        var error = assertThrows(IllegalArgumentException.class, () -> DetectorConfig.fromEnvironment(Map.of()));
        assertEquals("environment variable " + FunctionEnvironments.ALARM_NAME_PREFIX + " is not set", error.getMessage());
    }

    /** An environment as the stack writes it, through the contract. */
    static Map<String, String> environment(AlarmMode mode) {
        return new FunctionEnvironments.Writer(Detector.ALL)
                .put(FunctionEnvironments.ALARM_NAME_PREFIX, "web")
                .put(Detector.AUTO_SCALING_GROUP_NAMES, java.util.List.of("a", "b"))
                .put(Detector.INSTANCE_PROFILE_ARN, "arn")
                .put(Detector.ATTACH_INSTANCE_PROFILE, false)
                .put(FunctionEnvironments.WARNING_TOPIC_ARN, "w")
                .put(FunctionEnvironments.CRITICAL_TOPIC_ARN, "c")
                .put(Detector.CPU_WARNING_PERCENT, 60.0).put(Detector.CPU_CRITICAL_PERCENT, 80.0)
                .put(Detector.MEMORY_WARNING_PERCENT, 80.0).put(Detector.MEMORY_CRITICAL_PERCENT, 90.0)
                .put(Detector.DISK_WARNING_PERCENT, 75.0).put(Detector.DISK_CRITICAL_PERCENT, 90.0)
                .put(Detector.STOPPED_INSTANCES, StoppedInstances.REMOVE)
                .put(Detector.ALARM_WRITES_PER_SECOND, 1.5)
                .put(Detector.ALARM_MODE, mode)
                .put(Detector.ALARM_RESOLUTION, AlarmResolution.HIGH)
                .build();
    }

    @Test
    void readsEveryEnvironmentVariable() {
        DetectorConfig config = DetectorConfig.fromEnvironment(environment(AlarmMode.FLEET));

        assertEquals(java.util.Set.of("a", "b"), config.autoScalingGroupNames());
        assertEquals(false, config.attachInstanceProfile());
        assertEquals(75.0, config.thresholds().diskWarning());
        assertEquals(StoppedInstances.REMOVE, config.stoppedInstances());
        assertEquals(1.5, config.alarmWritesPerSecond());
        assertEquals(AlarmMode.FLEET, config.alarmMode());
        assertEquals(AlarmResolution.HIGH, config.alarmResolution());
    }

    @Test
    void anUnknownAlarmModeNamesTheVariableAndTheChoices() {
        Map<String, String> env = new java.util.HashMap<>(environment(AlarmMode.PER_INSTANCE));
        env.put(Detector.ALARM_MODE.name(), "per_instance");

        var error = assertThrows(IllegalArgumentException.class, () -> DetectorConfig.fromEnvironment(env));

        assertEquals("environment variable " + Detector.ALARM_MODE + " must be per-instance or fleet, got per_instance",
                error.getMessage());
    }
}
