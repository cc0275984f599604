package io.github.ec2monitoring.infrastructure.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.contract.AlarmResolution;
import io.github.ec2monitoring.contract.FunctionEnvironments.Detector;
import io.github.ec2monitoring.detector.AlarmPlanner;
import io.github.ec2monitoring.infrastructure.TestApps;
import io.github.ec2monitoring.infrastructure.app.AppConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** alarmResolution=high: the agent, the detector's alarms and the fleet alarms, read from the synthesized stack. */
class HighResolutionStackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AppConfig HIGH = TestApps.config().toBuilder().alarmResolution(AlarmResolution.HIGH).build();

    @Test
    void theAgentCollectsTheAlarmedMetricsEveryTenSecondsAndFlushesAsOften() throws IOException {
        JsonNode metrics = TestApps.shippedAgentConfig(template(HIGH)).get("metrics");

        for (String section : List.of("cpu", "mem", "disk")) {
            assertThat(metrics.at("/metrics_collected/" + section + "/metrics_collection_interval").asInt())
                    .as(section).isEqualTo(10);
        }
        assertThat(metrics.at("/metrics_collected/net/metrics_collection_interval").isMissingNode())
                .as("network traffic is not alarmed: it stays at the agent's 60 s").isTrue();
        assertThat(metrics.get("force_flush_interval").asInt()).isEqualTo(10);
    }

    @Test
    void theHighResolutionAgentConfigStillValidatesAgainstTheAgentsSchema() throws IOException {
        try (InputStream in = HighResolutionStackTest.class.getResourceAsStream("/cloudwatch-agent-schema.json")) {
            var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
            assertThat(schema.validate(TestApps.shippedAgentConfig(template(HIGH)))).isEmpty();
        }
    }

    @Test
    void atStandardResolutionTheAgentConfigIsTheFileAsItIs() throws IOException {
        JsonNode shipped = TestApps.shippedAgentConfig(template(TestApps.config()));

        assertThat(shipped.at("/metrics/force_flush_interval").isMissingNode()).isTrue();
        assertThat(shipped.at("/metrics/metrics_collected/cpu/metrics_collection_interval").isMissingNode()).isTrue();
        assertThat(shipped.at("/agent/metrics_collection_interval").asInt()).isEqualTo(60);
    }

    /** Every metric a per-instance alarm watches at each resolution is published by the agent often enough. */
    @Test
    void everyAlarmedAgentMetricIsPublishedAtLeastAsOftenAsItsAlarmsPeriodAtBothResolutions() throws IOException {
        for (AlarmResolution resolution : AlarmResolution.values()) {
            AppConfig config = TestApps.config().toBuilder().alarmResolution(resolution).build();
            JsonNode metrics = TestApps.shippedAgentConfig(template(config)).get("metrics");
            int agentDefault = TestApps.shippedAgentConfig(template(config)).at("/agent/metrics_collection_interval").asInt();
            Set<Set<String>> dimensionSets = new HashSet<>();
            metrics.get("aggregation_dimensions").forEach(set -> {
                Set<String> names = new TreeSet<>();
                set.forEach(name -> names.add(name.asText()));
                dimensionSets.add(names);
            });
            for (AlarmPlanner.WatchedMetric watched : AlarmPlanner.watched(resolution)) {
                if (watched.namespace().equals("AWS/EC2")) {
                    assertThat(resolution).as("EC2's own metric is never finer than a minute")
                            .isEqualTo(AlarmResolution.STANDARD);
                    continue;
                }
                String section = watched.metricName().substring(0, watched.metricName().indexOf('_'));
                JsonNode plugin = metrics.at("/metrics_collected/" + section);
                assertThat(plugin.isMissingNode()).as(watched.metricName()).isFalse();
                int interval = plugin.path("metrics_collection_interval").asInt(agentDefault);
                assertThat(interval).as("%s at %s", watched.metricName(), resolution)
                        .isLessThanOrEqualTo(resolution.periodSeconds());
                assertThat(dimensionSets).as(watched.key()).contains(new TreeSet<>(watched.dimensionNames()));
            }
        }
    }

    @Test
    void theDetectorIsToldTheResolution() {
        template(HIGH).hasResourceProperties("AWS::Lambda::Function", Match.objectLike(java.util.Map.of(
                "Handler", "io.github.ec2monitoring.detector.InstanceDetectorHandler::handleRequest",
                "Environment", java.util.Map.of("Variables", Match.objectLike(java.util.Map.of(
                        Detector.ALARM_RESOLUTION.name(), "high"))))));
    }

    /** Metrics Insights evaluates no finer than a minute: fleet alarms keep 60 s, and the synth says so. */
    @Test
    void fleetAlarmsStayAtOneMinuteAndTheSynthSaysWhy() {
        var stack = TestApps.stack(TestApps.newApp(), TestApps.inMode(HIGH, AlarmMode.FLEET));
        Template template = Template.fromStack(stack);

        List<Integer> periods = new ArrayList<>();
        template.findResources("AWS::CloudWatch::Alarm", Match.objectLike(java.util.Map.of("Properties",
                Match.objectLike(java.util.Map.of("Metrics", Match.anyValue())))))
                .values().forEach(alarm -> JSON.valueToTree(alarm).at("/Properties/Metrics")
                        .forEach(query -> periods.add(query.path("Period").asInt())));
        assertThat(periods).hasSize(6).containsOnly(60);
        Annotations.fromStack(stack).hasWarning("*", Match.stringLikeRegexp(".*Metrics Insights.*one minute.*"));
    }

    private static Template template(AppConfig config) {
        return Template.fromStack(TestApps.stack(TestApps.newApp(), config));
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
