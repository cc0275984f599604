package io.github.ec2monitoring.infrastructure.constructs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ec2monitoring.contract.AlarmResolution;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.ssm.IStringParameter;
import software.amazon.awscdk.services.ssm.ParameterTier;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * The CloudWatch agent's configuration as an SSM parameter, and the two log groups it ships to. The stack owns the
 * log groups (with retention), so the agent never creates one that lives forever, and the agent may write only
 * where its configuration says it writes.
 */
public final class AgentConfig extends Construct {

    public static final String SYSLOG_PLACEHOLDER = "{{SyslogLogGroupName}}";
    public static final String APACHE_ERROR_PLACEHOLDER = "{{ApacheErrorLogGroupName}}";
    /** The agent's own default when the configuration names no namespace. */
    static final String DEFAULT_NAMESPACE = "CWAgent";

    private final StringParameter parameter;
    private final LogGroup syslogLogGroup;
    private final LogGroup apacheErrorLogGroup;
    private final String contentHash;
    private final List<LogGroup> shippedTo;
    private final String namespace;

    public AgentConfig(Construct scope, String id, AgentConfigProps props) {
        super(scope, id);
        syslogLogGroup = LogGroup.Builder.create(this, "SyslogLogGroup").retention(props.logRetention()).build();
        apacheErrorLogGroup = LogGroup.Builder.create(this, "ApacheErrorLogGroup")
                .retention(props.logRetention())
                .build();
        ScannerSkips.checkov(syslogLogGroup, "CKV_AWS_158", ScannerSkips.LOG_GROUP_ENCRYPTION);
        ScannerSkips.checkov(apacheErrorLogGroup, "CKV_AWS_158", ScannerSkips.LOG_GROUP_ENCRYPTION);
        String configured = atResolution(props.agentConfigJson(), props.alarmResolution());
        String value = configured
                .replace(SYSLOG_PLACEHOLDER, syslogLogGroup.getLogGroupName())
                .replace(APACHE_ERROR_PLACEHOLDER, apacheErrorLogGroup.getLogGroupName());
        contentHash = sha256(configured).substring(0, 12);
        JsonNode config = parse(configured);
        namespace = config.at("/metrics/namespace").asText(DEFAULT_NAMESPACE);
        shippedTo = logGroupsShippedTo(config, Map.of(SYSLOG_PLACEHOLDER, syslogLogGroup,
                APACHE_ERROR_PLACEHOLDER, apacheErrorLogGroup));
        parameter = StringParameter.Builder.create(this, "Resource")
                .description("CloudWatch agent configuration of the monitored web tier")
                .stringValue(value)
                .tier(ParameterTier.STANDARD)
                .build();
    }

    /**
     * What the agent running with this configuration needs, and no more: read the configuration
     * ({@code amazon-cloudwatch-agent-ctl -c ssm:NAME}), write streams of the log groups it ships to (never create a
     * group: the stack owns them), publish metrics in its namespace only, and the read-only EC2 calls it makes for
     * {@code append_dimensions} (the instance's tags) and disk metrics (its volumes).
     */
    public void grantAgent(IGrantable agent) {
        // GetParameter only: what amazon-cloudwatch-agent-ctl calls (grantRead would add DescribeParameters, which
        // works only on "*").
        addToPrincipal(agent, PolicyStatement.Builder.create()
                .sid("ReadTheAgentConfiguration")
                .actions(List.of("ssm:GetParameter"))
                .resources(List.of(parameter.getParameterArn()))
                .build());
        addToPrincipal(agent, PolicyStatement.Builder.create()
                .sid("ShipTheConfiguredLogs")
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"))
                .resources(getShippedLogGroupArns())
                .build());
        addToPrincipal(agent, PolicyStatement.Builder.create()
                .sid("PublishTheAgentNamespaceOnly")
                .actions(List.of("cloudwatch:PutMetricData"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("cloudwatch:namespace", namespace)))
                .build());
        addToPrincipal(agent, PolicyStatement.Builder.create()
                .sid("ReadTheInstanceTagsAndVolumes")
                .actions(List.of("ec2:DescribeTags", "ec2:DescribeVolumes"))
                .resources(List.of("*"))
                .build());
    }

    private static void addToPrincipal(IGrantable agent, PolicyStatement statement) {
        agent.getGrantPrincipal().addToPrincipalPolicy(statement);
    }

    /** The log groups the agent ships to, as ARNs that cover their streams. */
    public List<String> getShippedLogGroupArns() {
        return shippedTo.stream().map(LogGroup::getLogGroupArn).toList();
    }

    /** The namespace the agent publishes its metrics in. */
    public String getNamespace() {
        return namespace;
    }

    /** The metrics the alarms watch, and only those, every 10 s at high resolution; the file as it is at standard. */
    static final List<String> ALARMED_SECTIONS = List.of("cpu", "mem", "disk");

    private static String atResolution(String json, AlarmResolution resolution) {
        if (resolution == AlarmResolution.STANDARD) {
            return json;
        }
        ObjectNode config = (ObjectNode) parse(json);
        ObjectNode metrics = (ObjectNode) config.get("metrics");
        for (String section : ALARMED_SECTIONS) {
            // Below 60 s the agent publishes the metric at high resolution (StorageResolution 1).
            ((ObjectNode) metrics.get("metrics_collected").get(section))
                    .put("metrics_collection_interval", resolution.periodSeconds());
        }
        // The agent otherwise holds what it collected for up to 60 s before sending it.
        metrics.put("force_flush_interval", resolution.periodSeconds());
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the agent configuration was just read as JSON", e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the agent configuration is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Each log group the configuration ships a file to; one the stack does not own stops the synth. */
    private static List<LogGroup> logGroupsShippedTo(JsonNode config, Map<String, LogGroup> owned) {
        List<LogGroup> groups = new ArrayList<>();
        for (JsonNode file : config.at("/logs/logs_collected/files/collect_list")) {
            String name = file.path("log_group_name").asText();
            LogGroup group = owned.get(name);
            if (group == null) {
                throw new IllegalArgumentException("the agent configuration ships " + file.path("file_path").asText()
                        + " to log group \"" + name + "\", which the stack does not create; use one of "
                        + owned.keySet() + " or add the group to AgentConfig");
            }
            if (!groups.contains(group)) {
                groups.add(group);
            }
        }
        return List.copyOf(groups);
    }

    /** Changes whenever the configuration does: what makes a rollout run again. */
    public String getContentHash() {
        return contentHash;
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public IStringParameter getParameter() {
        return parameter;
    }

    public ILogGroup getSyslogLogGroup() {
        return syslogLogGroup;
    }

    public ILogGroup getApacheErrorLogGroup() {
        return apacheErrorLogGroup;
    }
}
