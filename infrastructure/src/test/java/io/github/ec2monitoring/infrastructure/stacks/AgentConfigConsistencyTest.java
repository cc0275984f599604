package io.github.ec2monitoring.infrastructure.stacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ec2monitoring.detector.AlarmPlanner;
import io.github.ec2monitoring.infrastructure.TestApps;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * The agent configuration, the dashboard and cpu-alert must agree on metric names, log groups and streams; these
 * tests read all three from the synthesized stack so they cannot drift apart.
 */
class AgentConfigConsistencyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode resources;

    @BeforeAll
    static void synthesize() {
        Template template = Template.fromStack(TestApps.stack(TestApps.newApp(), TestApps.config()));
        resources = JSON.valueToTree(template.toJSON()).get("Resources");
    }

    /** Metric names the agent publishes for the shipped configuration (measurement names gain the plugin prefix). */
    static Set<String> agentMetricNames() throws Exception {
        JsonNode collected = JSON.readTree(TestApps.agentConfigJson()).at("/metrics/metrics_collected");
        Set<String> names = new TreeSet<>();
        collected.properties().forEach(plugin -> plugin.getValue().get("measurement").forEach(measurement -> {
            String name = measurement.asText();
            names.add(name.startsWith(plugin.getKey() + "_") ? name : plugin.getKey() + "_" + name);
        }));
        return names;
    }

    @Test
    void agentPublishesTheMetricsTheMissionNames() throws Exception {
        assertEquals(new TreeSet<>(Set.of("cpu_usage_active", "cpu_usage_idle", "cpu_usage_user", "cpu_usage_system", "cpu_usage_iowait",
                "mem_used_percent", "disk_used_percent", "net_bytes_sent", "net_bytes_recv", "net_packets_sent",
                "net_packets_recv")), agentMetricNames());
    }

    @Test
    void everyAgentMetricOnTheDashboardIsOneTheAgentPublishes() throws Exception {
        String body = resourceOfType("AWS::CloudWatch::Dashboard").get("Properties").get("DashboardBody").toString();
        Matcher matcher = Pattern.compile("\\b(?:cpu_usage|mem|disk|net)_[a-z_]+").matcher(body);
        Set<String> shown = new TreeSet<>();
        while (matcher.find()) {
            shown.add(matcher.group());
        }

        assertTrue(shown.size() >= 6, shown.toString());
        assertTrue(agentMetricNames().containsAll(shown), "not published by the agent: " + shown);
    }

    @Test
    void everyAgentMetricAnAlarmWatchesIsPublishedWithExactlyTheAlarmsDimensions() throws Exception {
        JsonNode metrics = JSON.readTree(TestApps.agentConfigJson()).get("metrics");
        Set<Set<String>> publishedDimensionSets = new java.util.HashSet<>();
        metrics.get("aggregation_dimensions").forEach(set -> {
            Set<String> names = new TreeSet<>();
            set.forEach(name -> names.add(name.asText()));
            publishedDimensionSets.add(names);
        });
        int agentAlarms = 0;
        for (AlarmPlanner.WatchedMetric watched : AlarmPlanner.WATCHED) {
            if (!watched.namespace().equals(metrics.get("namespace").asText())) {
                assertEquals("AWS/EC2", watched.namespace(), watched.key());
                continue;
            }
            agentAlarms++;
            assertTrue(agentMetricNames().contains(watched.metricName()), watched.metricName());
            assertTrue(publishedDimensionSets.contains(new TreeSet<>(watched.dimensionNames())),
                    watched.key() + " alarms need the agent to publish " + watched.dimensionNames());
        }
        assertEquals(2, agentAlarms);
    }

    @Test
    void theRootDiskIsTheOnlyPathSoAnInstanceLevelDiskMetricMeansTheRootVolume() throws Exception {
        JsonNode disk = JSON.readTree(TestApps.agentConfigJson()).at("/metrics/metrics_collected/disk");
        assertEquals("[\"/\"]", disk.get("resources").toString());
        assertTrue(disk.get("drop_device").asBoolean());
    }

    @Test
    void cpuAlertReadsTheLogGroupsTheAgentShipsTo() {
        String parameter = resourceOfType("AWS::SSM::Parameter").at("/Properties/Value").toString();
        JsonNode env = functionWithHandler("io.github.ec2monitoring.cpualert.CpuAlertHandler::handleRequest")
                .at("/Properties/Environment/Variables");
        String syslog = env.at("/SYSLOG_LOG_GROUP/Ref").asText();
        String apache = env.at("/APACHE_ERROR_LOG_GROUP/Ref").asText();

        // The parameter value is a join: the syslog group's Ref follows the syslog file path, Apache's its own.
        int syslogPath = parameter.indexOf("/var/log/syslog");
        int apachePath = parameter.indexOf("/var/log/apache2/error.log");
        assertTrue(syslogPath >= 0 && apachePath > syslogPath, parameter);
        assertTrue(parameter.indexOf(syslog) > syslogPath && parameter.indexOf(syslog) < apachePath, parameter);
        assertTrue(parameter.indexOf(apache) > apachePath, parameter);
    }

    @Test
    void logStreamsAreNamedAfterTheInstanceIdThatAlarmsCarry() {
        String parameter = resourceOfType("AWS::SSM::Parameter").at("/Properties/Value").toString();
        // cpu-alert reads the stream named after the alarm's InstanceId dimension.
        assertEquals(2, parameter.split("\\{instance_id\\}", -1).length - 1, parameter);
    }

    private static JsonNode resourceOfType(String type) {
        for (JsonNode resource : resources) {
            if (type.equals(resource.get("Type").asText())) {
                return resource;
            }
        }
        throw new AssertionError("no " + type);
    }

    private static JsonNode functionWithHandler(String handler) {
        for (Map.Entry<String, JsonNode> entry : resources.properties()) {
            JsonNode resource = entry.getValue();
            if ("AWS::Lambda::Function".equals(resource.get("Type").asText())
                    && handler.equals(resource.at("/Properties/Handler").asText())) {
                return resource;
            }
        }
        throw new AssertionError("no function " + handler);
    }
}
