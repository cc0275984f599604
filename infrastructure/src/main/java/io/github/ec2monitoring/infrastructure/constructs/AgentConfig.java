package io.github.ec2monitoring.infrastructure.constructs;

import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.ssm.IStringParameter;
import software.amazon.awscdk.services.ssm.ParameterTier;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * The CloudWatch agent's configuration as an SSM parameter, and the two log groups it ships to. The stack owns the
 * log groups (with retention), so the agent never creates one that lives forever.
 */
public final class AgentConfig extends Construct {

    public static final String SYSLOG_PLACEHOLDER = "{{SyslogLogGroupName}}";
    public static final String APACHE_ERROR_PLACEHOLDER = "{{ApacheErrorLogGroupName}}";

    private final StringParameter parameter;
    private final LogGroup syslogLogGroup;
    private final LogGroup apacheErrorLogGroup;
    private final String contentHash;

    public AgentConfig(Construct scope, String id, AgentConfigProps props) {
        super(scope, id);
        syslogLogGroup = LogGroup.Builder.create(this, "SyslogLogGroup").retention(props.logRetention()).build();
        apacheErrorLogGroup = LogGroup.Builder.create(this, "ApacheErrorLogGroup")
                .retention(props.logRetention())
                .build();
        String value = props.agentConfigJson()
                .replace(SYSLOG_PLACEHOLDER, syslogLogGroup.getLogGroupName())
                .replace(APACHE_ERROR_PLACEHOLDER, apacheErrorLogGroup.getLogGroupName());
        contentHash = sha256(props.agentConfigJson()).substring(0, 12);
        parameter = StringParameter.Builder.create(this, "Resource")
                .description("CloudWatch agent configuration of the monitored web tier")
                .stringValue(value)
                .tier(ParameterTier.STANDARD)
                .build();
    }

    /** Lets an instance role fetch the configuration ({@code amazon-cloudwatch-agent-ctl -c ssm:NAME}). */
    public void grantRead(IGrantable agent) {
        parameter.grantRead(agent);
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
