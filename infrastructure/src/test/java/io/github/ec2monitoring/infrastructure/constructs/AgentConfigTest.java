package io.github.ec2monitoring.infrastructure.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.github.ec2monitoring.contract.AlarmResolution;
import io.github.ec2monitoring.infrastructure.TestApps;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.logs.RetentionDays;

class AgentConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode agentConfig;

    @BeforeAll
    static void readAgentConfig() throws IOException {
        agentConfig = JSON.readTree(TestApps.agentConfigJson());
    }

    @Test
    void agentConfigIsValidAgainstTheAgentsOwnSchema() throws IOException {
        JsonSchema schema;
        try (InputStream in = AgentConfigTest.class.getResourceAsStream("/cloudwatch-agent-schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }

        Set<ValidationMessage> errors = schema.validate(agentConfig);

        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void schemaValidationRejectsAnUnknownMeasurementShape() throws IOException {
        JsonSchema schema;
        try (InputStream in = AgentConfigTest.class.getResourceAsStream("/cloudwatch-agent-schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
        JsonNode broken = JSON.readTree("{\"metrics\":{\"metrics_collected\":{\"mem\":{\"measurement\":\"all\"}}}}");

        assertTrue(!schema.validate(broken).isEmpty());
    }

    @Test
    void collectsTheCpuMemoryDiskAndNetworkMeasurements() {
        JsonNode collected = agentConfig.at("/metrics/metrics_collected");
        // Active is what the fleet alarms and the dashboard show; the others break it down.
        assertEquals(List.of("cpu_usage_active", "cpu_usage_idle", "cpu_usage_user", "cpu_usage_system",
                        "cpu_usage_iowait"),
                texts(collected.at("/cpu/measurement")));
        assertEquals(List.of("mem_used_percent"), texts(collected.at("/mem/measurement")));
        assertEquals(List.of("used_percent"), texts(collected.at("/disk/measurement")));
        assertEquals(List.of("bytes_sent", "bytes_recv", "packets_sent", "packets_recv"),
                texts(collected.at("/net/measurement")));
    }

    @Test
    void diskMetricsNeverDependOnADeviceName() {
        assertTrue(agentConfig.at("/metrics/metrics_collected/disk/drop_device").asBoolean());
    }

    @Test
    void metricsCarryInstanceAndGroupDimensions() {
        JsonNode dimensions = agentConfig.at("/metrics/append_dimensions");
        assertEquals("${aws:InstanceId}", dimensions.get("InstanceId").asText());
        assertEquals("${aws:AutoScalingGroupName}", dimensions.get("AutoScalingGroupName").asText());
    }

    @Test
    void syslogTimestampFormatMatchesUbuntu2404Rfc3339Lines() {
        JsonNode syslog = logFile("/var/log/syslog");
        // rsyslog on Ubuntu 24.04 writes e.g. 2026-11-24T06:28:00.123456+00:00; the agent's %z takes no colon.
        assertEquals("%Y-%m-%dT%H:%M:%S", syslog.get("timestamp_format").asText());
    }

    @Test
    void shipsSyslogAndApacheErrorLogOneStreamPerInstance() {
        assertEquals(AgentConfig.SYSLOG_PLACEHOLDER, logFile("/var/log/syslog").get("log_group_name").asText());
        assertEquals(AgentConfig.APACHE_ERROR_PLACEHOLDER,
                logFile("/var/log/apache2/error.log").get("log_group_name").asText());
        assertEquals("{instance_id}", logFile("/var/log/syslog").get("log_stream_name").asText());
        assertEquals("{instance_id}", logFile("/var/log/apache2/error.log").get("log_stream_name").asText());
    }

    @Test
    void parameterValueNamesTheStacksOwnLogGroups() {
        Stack stack = new Stack(TestApps.newApp(), "Test");
        new AgentConfig(stack, "AgentConfig", new AgentConfigProps(TestApps.agentConfigJson(), RetentionDays.ONE_YEAR,
                AlarmResolution.STANDARD));
        Template template = Template.fromStack(stack);
        Capture value = new Capture();

        template.hasResourceProperties("AWS::SSM::Parameter", Map.of("Value", value));
        template.resourceCountIs("AWS::Logs::LogGroup", 2);
        template.allResourcesProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 365));
        String joined = value.asObject().toString();
        assertTrue(joined.contains("AgentConfigSyslogLogGroup"), joined);
        assertTrue(joined.contains("AgentConfigApacheErrorLogGroup"), joined);
        assertTrue(!joined.contains("{{"), joined);
    }

    @Test
    void refusesAConfigWithoutThePlaceholders() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> new AgentConfigProps("{\"logs\":{}}", RetentionDays.ONE_YEAR,
                AlarmResolution.STANDARD));
        assertTrue(error.getMessage().contains(AgentConfig.SYSLOG_PLACEHOLDER));
    }

    @Test
    void parameterFitsTheStandardTier() {
        // A standard SSM parameter holds at most 4 KB; two generated log group names add well under 200 bytes.
        assertTrue(TestApps.agentConfigJson().length() + 200 < 4096);
    }

    private static JsonNode logFile(String path) {
        for (JsonNode file : agentConfig.at("/logs/logs_collected/files/collect_list")) {
            if (path.equals(file.get("file_path").asText())) {
                return file;
            }
        }
        throw new AssertionError("no collect_list entry for " + path);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }
}
