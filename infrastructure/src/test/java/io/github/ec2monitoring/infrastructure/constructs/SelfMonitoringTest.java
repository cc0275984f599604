package io.github.ec2monitoring.infrastructure.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ec2monitoring.cpualert.AlertMetrics;
import io.github.ec2monitoring.detector.DecisionLog;
import io.github.ec2monitoring.infrastructure.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The monitoring watches itself, and tells people through a path that does not need cpu-alert. */
class SelfMonitoringTest {

    private static Template template;

    @BeforeAll
    static void synthesize() {
        template = Template.fromStack(TestApps.stack(TestApps.newApp(), TestApps.config()));
    }

    private static void hasHealthAlarm(Map<String, Object> properties) {
        Map<String, Object> expected = new java.util.HashMap<>(properties);
        expected.put("AlarmActions", List.of(Map.of("Ref", Match.stringLikeRegexp("AlertTopicsHealth.*"))));
        expected.put("OKActions", List.of(Map.of("Ref", Match.stringLikeRegexp("AlertTopicsHealth.*"))));
        expected.put("TreatMissingData", "notBreaching");
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(expected));
    }

    @Test
    void anyMessageInEitherDeadLetterQueueRaisesAnAlarm() {
        for (String queue : List.of("InstanceDetectorFunctionDeadLetterQueue.*", "CpuAlertFunctionDeadLetterQueue.*")) {
            hasHealthAlarm(Map.of(
                    "MetricName", "ApproximateNumberOfMessagesVisible",
                    "Dimensions", List.of(Map.of("Name", "QueueName", "Value", Map.of("Fn::GetAtt",
                            List.of(Match.stringLikeRegexp(queue), "QueueName")))),
                    "Threshold", 1));
        }
    }

    @Test
    void eachFunctionsErrorsAndThrottlesRaiseAlarms() {
        for (String function : List.of("InstanceDetectorFunction[0-9A-F]{8}", "CpuAlertFunction[0-9A-F]{8}")) {
            for (String metric : List.of("Errors", "Throttles")) {
                hasHealthAlarm(Map.of("Namespace", "AWS/Lambda", "MetricName", metric,
                        "Dimensions", List.of(Map.of("Name", "FunctionName",
                                "Value", Map.of("Ref", Match.stringLikeRegexp(function)))),
                        "Threshold", 1));
            }
        }
    }

    @Test
    void aReconcileThatFailsTwiceInARowRaisesAnAlarmFromTheDetectorsOwnMetrics() {
        assertEquals(DecisionLog.NAMESPACE, SelfMonitoring.DETECTOR_NAMESPACE);
        hasHealthAlarm(Map.of("Namespace", DecisionLog.NAMESPACE, "MetricName", "Failures",
                "Dimensions", List.of(Map.of("Name", "Action", "Value", "reconciled")),
                "Period", 300, "EvaluationPeriods", 2, "DatapointsToAlarm", 2));
    }

    @Test
    void refusedPostsAndUnreadableLogsOfCpuAlertRaiseAlarms() {
        assertEquals(AlertMetrics.NAMESPACE, SelfMonitoring.CPU_ALERT_NAMESPACE);
        hasHealthAlarm(Map.of("Namespace", AlertMetrics.NAMESPACE, "MetricName", "PostFailures"));
        hasHealthAlarm(Map.of("Namespace", AlertMetrics.NAMESPACE, "MetricName", "LogReadFailures"));
    }

    @Test
    void stateChangesWaitingHalfAnHourInTheDetectorsQueueRaiseAnAlarm() {
        hasHealthAlarm(Map.of("MetricName", "ApproximateAgeOfOldestMessage", "Threshold", 1800,
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value", Map.of("Fn::GetAtt",
                        List.of(Match.stringLikeRegexp("InstanceDetectorEvents.*"), "QueueName"))))));
    }

    /** cpu-alert may be the part that broke: the health topic reaches people by e-mail and Chatbot only. */
    @Test
    void cpuAlertNeverReadsTheHealthTopic() {
        Map<String, Map<String, Object>> subscriptions = template.findResources("AWS::SNS::Subscription",
                Map.of("Properties", Map.of("Protocol", "sqs")));
        assertEquals(2, subscriptions.size());
        subscriptions.values().forEach(subscription -> assertTrue(
                !String.valueOf(subscription.get("Properties")).contains("AlertTopicsHealth"), subscription.toString()));
    }

    @Test
    void theDashboardShowsTheSelfAlarms() {
        String body = template.findResources("AWS::CloudWatch::Dashboard").values().iterator().next().toString();

        assertTrue(body.contains("The monitoring itself"), body);
        for (String alarm : List.of("SelfMonitoringReconcileKeepsFailing", "SelfMonitoringCpuAlertDeadLetters",
                "SelfMonitoringInstanceDetectorErrors")) {
            assertTrue(body.contains(alarm), alarm + " is on the dashboard");
        }
    }
}
