package io.github.ec2monitoring.infrastructure.stacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.contract.FunctionEnvironments.Detector;
import io.github.ec2monitoring.infrastructure.TestApps;
import io.github.ec2monitoring.infrastructure.constructs.FleetLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * alarmMode fleet, with the stack's own web tier and one group people already run: six Metrics Insights alarms per
 * group, each grouping by instance and filtered to its group; a detector that may no longer write alarms.
 */
class FleetModeStackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXISTING = "shop web";
    private static MonitoringStack stack;
    private static Template template;
    private static List<JsonNode> fleetAlarms;

    @BeforeAll
    static void synthesize() {
        stack = TestApps.stack(TestApps.newApp(), TestApps.inMode(TestApps.monitoring(true, List.of(EXISTING)),
                AlarmMode.FLEET));
        template = Template.fromStack(stack);
        fleetAlarms = new ArrayList<>();
        JSON.valueToTree(template.findResources("AWS::CloudWatch::Alarm")).forEach(alarm -> {
            if (alarm.at("/Properties/Metrics/0/Expression").toString().contains("SELECT ")) {
                fleetAlarms.add(alarm.get("Properties"));
            }
        });
    }

    /** The query; for the stack's own group, the Fn::Join that puts its generated name in. */
    private static String expression(JsonNode alarm) {
        JsonNode expression = alarm.at("/Metrics/0/Expression");
        return expression.isTextual() ? expression.asText() : expression.toString();
    }

    @Test
    void sixMetricsInsightsAlarmsPerGroupEachGroupedByInstance() {
        assertEquals(12, fleetAlarms.size());
        Set<String> names = new TreeSet<>();
        for (JsonNode alarm : fleetAlarms) {
            names.add(alarm.get("AlarmName").asText());
            assertTrue(expression(alarm).contains(" GROUP BY InstanceId ORDER BY AVG() DESC LIMIT 500"),
                    expression(alarm));
            assertEquals(60, alarm.at("/Metrics/0/Period").asInt());
            assertTrue(alarm.at("/Metrics/0/ReturnData").asBoolean());
            assertEquals(5, alarm.get("EvaluationPeriods").asInt());
            assertEquals(3, alarm.get("DatapointsToAlarm").asInt());
            assertEquals("GreaterThanOrEqualToThreshold", alarm.get("ComparisonOperator").asText());
        }
        String existing = FleetLabels.of(EXISTING);
        Set<String> expected = new TreeSet<>();
        for (String label : List.of(FleetLabels.OWN_GROUP, existing)) {
            for (String metric : List.of("cpu", "memory", "disk")) {
                for (String severity : List.of("warning", "critical")) {
                    expected.add("web-fleet-" + label + "-" + metric + "-" + severity);
                }
            }
        }
        assertEquals(expected, names);
    }

    @Test
    void eachQueryIsLimitedToItsGroupAndToTheOneSeriesPerInstanceThatMatters() {
        JsonNode cpu = alarm("web-fleet-" + FleetLabels.of(EXISTING) + "-cpu-critical");
        assertEquals("SELECT AVG(cpu_usage_active) FROM SCHEMA(CWAgent, AutoScalingGroupName, InstanceId, cpu) "
                + "WHERE AutoScalingGroupName = 'shop web' AND cpu = 'cpu-total' GROUP BY InstanceId "
                + "ORDER BY AVG() DESC LIMIT 500", expression(cpu));
        assertTrue(expression(alarm("web-fleet-" + FleetLabels.of(EXISTING) + "-disk-warning"))
                .contains("FROM SCHEMA(CWAgent, AutoScalingGroupName, InstanceId, fstype, path) WHERE "
                        + "AutoScalingGroupName = 'shop web' AND path = '/'"));
        // The stack's own group has a generated name: the query joins it in at deploy time.
        JsonNode own = alarm("web-fleet-web-tier-memory-warning");
        String joined = own.at("/Metrics/0/Expression").toString();
        assertTrue(joined.contains("Fn::Join") && joined.contains("Ref"), joined);
    }

    /** Each query names a metric the agent publishes, with exactly the dimension set it publishes it with. */
    @Test
    void everyQueryReadsAnAgentMetricWithItsExactDimensions() throws Exception {
        JsonNode metrics = JSON.readTree(TestApps.agentConfigJson()).get("metrics");
        Set<String> appended = new TreeSet<>();
        metrics.get("append_dimensions").fieldNames().forEachRemaining(appended::add);
        assertEquals(Set.of("AutoScalingGroupName", "InstanceId"), appended);
        assertTrue(metrics.at("/metrics_collected/disk/drop_device").asBoolean(), "device names change across AMIs");
        Map<String, Set<String>> pluginDimensions = Map.of("cpu", Set.of("cpu"), "mem", Set.of(),
                "disk", Set.of("fstype", "path"));
        java.util.regex.Pattern query = java.util.regex.Pattern.compile(
                "SELECT AVG\\((\\w+)\\) FROM SCHEMA\\(CWAgent, ([\\w, ]+)\\)");
        for (JsonNode alarm : fleetAlarms) {
            java.util.regex.Matcher matcher = query.matcher(expression(alarm));
            assertTrue(matcher.find(), expression(alarm));
            String metric = matcher.group(1);
            assertTrue(AgentConfigConsistencyTest.agentMetricNames().contains(metric), metric);
            Set<String> expected = new TreeSet<>(appended);
            expected.addAll(pluginDimensions.get(metric.substring(0, metric.indexOf('_'))));
            assertEquals(expected, new TreeSet<>(List.of(matcher.group(2).split(", "))), metric);
        }
    }

    @Test
    void thresholdsAndActionsAreThoseOfThePerInstanceAlarms() {
        Map<String, Double> thresholds = Map.of("cpu-warning", 60.0, "cpu-critical", 80.0, "memory-warning", 80.0,
                "memory-critical", 90.0, "disk-warning", 75.0, "disk-critical", 90.0);
        String label = FleetLabels.of(EXISTING);
        thresholds.forEach((key, threshold) -> {
            JsonNode alarm = alarm("web-fleet-" + label + "-" + key);
            assertEquals(threshold, alarm.get("Threshold").asDouble(), key);
            String topic = key.endsWith("warning") ? "Warning" : "Critical";
            assertTrue(alarm.get("AlarmActions").toString().contains("AlertTopics" + topic), key);
            assertEquals(alarm.get("AlarmActions"), alarm.get("OKActions"), key);
            assertTrue(alarm.get("AlarmDescription").asText().endsWith(" Auto Scaling group: shop web."), key);
        });
        assertTrue(alarm("web-fleet-" + label + "-memory-warning").has("InsufficientDataActions"));
        assertFalse(alarm("web-fleet-" + label + "-cpu-warning").has("InsufficientDataActions"));
    }

    @Test
    void theDetectorRunsInFleetModeAndMayOnlyDeleteLeftoverPerInstanceAlarms() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Environment", Map.of("Variables", Match.objectLike(Map.of(Detector.ALARM_MODE.name(), "fleet")))));
        String policies = JSON.valueToTree(template.findResources("AWS::IAM::Policy")).toString();
        assertFalse(policies.contains("cloudwatch:PutMetricAlarm\",\"cloudwatch:DeleteAlarms\",\"cloudwatch:Tag"),
                "no per-instance alarm writes are allowed in fleet mode");
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Sid", "WriteOwnAlarmsOnly", "Action", "cloudwatch:DeleteAlarms")))))));
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Sid", "NeverTheFleetAlarms", "Effect", "Deny")))))));
    }

    @Test
    void cpuAlertMayCountTheContributorsOfTheFleetAlarmsOnly() {
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Sid", "CountContributorsOfTheFleetAlarms",
                        "Action", "cloudwatch:DescribeAlarmContributors")))))));
        String policies = JSON.valueToTree(template.findResources("AWS::IAM::Policy")).toString();
        assertTrue(policies.contains(":alarm:web-fleet-*"), "scoped to the fleet alarms' names");
    }

    @Test
    void cdkNagFindsNothingUnsuppressed() {
        Annotations annotations = Annotations.fromStack(stack);
        assertEquals(List.of(), annotations.findError("*", Match.anyValue()));
        assertEquals(List.of(), annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")));
    }

    @Test
    void perInstanceModeDeclaresNoFleetAlarm() {
        Template perInstance = Template.fromStack(TestApps.stack(TestApps.newApp(),
                TestApps.monitoring(true, List.of(EXISTING))));
        String alarms = JSON.valueToTree(perInstance.findResources("AWS::CloudWatch::Alarm")).toString();
        assertFalse(alarms.contains("SELECT "), "no Metrics Insights alarm");
        assertFalse(alarms.contains("-fleet-"));
    }

    @Test
    void aGroupWhoseNameAQueryCannotQuoteIsRefusedAtSynth() {
        var error = assertThrows(IllegalArgumentException.class, () -> TestApps.stack(TestApps.newApp(),
                TestApps.inMode(TestApps.monitoring(false, List.of("o'brien")), AlarmMode.FLEET)));
        assertTrue(error.getMessage().contains("o'brien"), error.getMessage());
    }

    private static JsonNode alarm(String name) {
        return fleetAlarms.stream().filter(alarm -> alarm.get("AlarmName").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no alarm " + name));
    }
}
