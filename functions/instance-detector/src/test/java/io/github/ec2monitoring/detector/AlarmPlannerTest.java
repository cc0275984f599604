package io.github.ec2monitoring.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlarmPlannerTest {

    static final DetectorConfig CONFIG = new DetectorConfig("web", "web-asg",
            "arn:aws:iam::123456789012:instance-profile/web", "arn:aws:sns:us-east-1:123456789012:warning",
            "arn:aws:sns:us-east-1:123456789012:critical", 60, 80);

    private final AlarmPlanner planner = new AlarmPlanner(CONFIG);

    @Test
    void plansAWarningAndACriticalCpuAlarmNamedAfterPrefixInstanceAndSeverity() {
        assertEquals(List.of("web-i-0abc12345678-cpu-warning", "web-i-0abc12345678-cpu-critical"),
                planner.alarmNamesFor("i-0abc12345678"));
    }

    @Test
    void warningAlarmWatchesTheInstanceCpuAtTheWarningThresholdAndNotifiesTheWarningTopic() {
        AlarmSpec warning = planner.alarmsFor("i-0abc12345678").get(0);

        assertEquals("AWS/EC2", warning.namespace());
        assertEquals("CPUUtilization", warning.metricName());
        assertEquals(Map.of("InstanceId", "i-0abc12345678"), warning.dimensions());
        assertEquals(60.0, warning.threshold());
        assertEquals("GreaterThanOrEqualToThreshold", warning.comparisonOperator());
        assertEquals(CONFIG.warningTopicArn(), warning.actionTopicArn());
    }

    @Test
    void criticalAlarmUsesTheCriticalThresholdAndTopic() {
        AlarmSpec critical = planner.alarmsFor("i-0abc12345678").get(1);

        assertEquals(80.0, critical.threshold());
        assertEquals(CONFIG.criticalTopicArn(), critical.actionTopicArn());
    }

    @Test
    void aSingleSpikeDoesNotRaiseAnAlarm() {
        for (AlarmSpec spec : planner.alarmsFor("i-0abc12345678")) {
            assertTrue(spec.datapointsToAlarm() > 1, spec.name());
            assertTrue(spec.evaluationPeriods() >= spec.datapointsToAlarm(), spec.name());
        }
    }

    @Test
    void rejectsAWarningThresholdAboveTheCriticalOne() {
        var error = assertThrows(IllegalArgumentException.class, () -> new DetectorConfig("web", "asg", "arn",
                "warn", "crit", 90, 80));
        assertTrue(error.getMessage().contains("0 < warning < critical"), error.getMessage());
    }

    @Test
    void namesTheMissingEnvironmentVariable() {
        var error = assertThrows(NullPointerException.class, () -> DetectorConfig.fromEnvironment(Map.of()));
        assertEquals("environment variable ALARM_NAME_PREFIX is not set", error.getMessage());
    }
}
