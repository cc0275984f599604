package io.github.ec2monitoring.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

        assertEquals("AWS/EC2", warning.namespace());
        assertEquals("CPUUtilization", warning.metricName());
        assertEquals(Map.of("InstanceId", "i-0abc12345678"), warning.dimensions());
        assertEquals(60.0, warning.threshold());
        assertEquals(Fixtures.WARNING, warning.actionTopicArn());
        assertEquals(80.0, critical.threshold());
        assertEquals(Fixtures.CRITICAL, critical.actionTopicArn());
    }

    @Test
    void memoryAndDiskAlarmsWatchTheAgentsMetricsByInstance() {
        AlarmSpec memory = spec("web-i-0abc12345678-memory-critical");
        AlarmSpec disk = spec("web-i-0abc12345678-disk-warning");

        assertEquals("CWAgent", memory.namespace());
        assertEquals("mem_used_percent", memory.metricName());
        assertEquals(90.0, memory.threshold());
        assertEquals("disk_used_percent", disk.metricName());
        assertEquals(Map.of("InstanceId", "i-0abc12345678"), disk.dimensions());
        assertEquals(80.0, disk.threshold());
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
    void rejectsAWarningThresholdAboveTheCriticalOne() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> new DetectorConfig.Thresholds(60, 80, 95, 90, 80, 90));
        assertEquals("memory thresholds must satisfy 0 < warning < critical <= 100, got 95.0 and 90.0",
                error.getMessage());
    }

    @Test
    void namesTheMissingEnvironmentVariable() {
        var error = assertThrows(NullPointerException.class, () -> DetectorConfig.fromEnvironment(Map.of()));
        assertEquals("environment variable ALARM_NAME_PREFIX is not set", error.getMessage());
    }

    @Test
    void readsEveryEnvironmentVariable() {
        Map<String, String> env = Map.ofEntries(
                Map.entry("ALARM_NAME_PREFIX", "web"), Map.entry("AUTO_SCALING_GROUP_NAMES", "a, b"),
                Map.entry("INSTANCE_PROFILE_ARN", "arn"), Map.entry("ATTACH_INSTANCE_PROFILE", "false"),
                Map.entry("WARNING_TOPIC_ARN", "w"), Map.entry("CRITICAL_TOPIC_ARN", "c"),
                Map.entry("CPU_WARNING_PERCENT", "60"), Map.entry("CPU_CRITICAL_PERCENT", "80"),
                Map.entry("MEMORY_WARNING_PERCENT", "80"), Map.entry("MEMORY_CRITICAL_PERCENT", "90"),
                Map.entry("DISK_WARNING_PERCENT", "75"), Map.entry("DISK_CRITICAL_PERCENT", "90"),
                Map.entry("STOPPED_INSTANCES", "remove"), Map.entry("ALARM_WRITES_PER_SECOND", "1.5"),
                Map.entry("ALARM_MODE", "fleet"));

        DetectorConfig config = DetectorConfig.fromEnvironment(env);

        assertEquals(java.util.Set.of("a", "b"), config.autoScalingGroupNames());
        assertEquals(false, config.attachInstanceProfile());
        assertEquals(75.0, config.thresholds().diskWarning());
        assertEquals(DetectorConfig.StoppedInstances.REMOVE, config.stoppedInstances());
        assertEquals(1.5, config.alarmWritesPerSecond());
        assertEquals(DetectorConfig.AlarmMode.FLEET, config.alarmMode());
    }

    @Test
    void anUnknownAlarmModeNamesTheVariableAndTheChoices() {
        Map<String, String> env = new java.util.HashMap<>(Map.ofEntries(
                Map.entry("ALARM_NAME_PREFIX", "web"), Map.entry("AUTO_SCALING_GROUP_NAMES", "a"),
                Map.entry("INSTANCE_PROFILE_ARN", "arn"), Map.entry("ATTACH_INSTANCE_PROFILE", "false"),
                Map.entry("WARNING_TOPIC_ARN", "w"), Map.entry("CRITICAL_TOPIC_ARN", "c"),
                Map.entry("CPU_WARNING_PERCENT", "60"), Map.entry("CPU_CRITICAL_PERCENT", "80"),
                Map.entry("MEMORY_WARNING_PERCENT", "80"), Map.entry("MEMORY_CRITICAL_PERCENT", "90"),
                Map.entry("DISK_WARNING_PERCENT", "75"), Map.entry("DISK_CRITICAL_PERCENT", "90"),
                Map.entry("STOPPED_INSTANCES", "keep"), Map.entry("ALARM_WRITES_PER_SECOND", "3"),
                Map.entry("ALARM_MODE", "per_instance")));

        var error = assertThrows(IllegalArgumentException.class, () -> DetectorConfig.fromEnvironment(env));

        assertEquals("environment variable ALARM_MODE must be per-instance or fleet, got per_instance",
                error.getMessage());
    }
}
