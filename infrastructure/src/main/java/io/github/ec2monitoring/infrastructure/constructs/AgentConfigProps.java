package io.github.ec2monitoring.infrastructure.constructs;

import io.github.ec2monitoring.contract.AlarmResolution;
import java.util.Objects;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * @param agentConfigJson content of {@code agent-config/amazon-cloudwatch-agent.json}, with the log group
 *     placeholders {@value AgentConfig#SYSLOG_PLACEHOLDER} and {@value AgentConfig#APACHE_ERROR_PLACEHOLDER}
 * @param logRetention retention of the two log groups
 * @param alarmResolution at high, the alarmed metrics are collected and published every 10 s
 */
public record AgentConfigProps(String agentConfigJson, RetentionDays logRetention, AlarmResolution alarmResolution) {

    public AgentConfigProps {
        Objects.requireNonNull(logRetention, "logRetention");
        Objects.requireNonNull(agentConfigJson, "agentConfigJson");
        Objects.requireNonNull(alarmResolution, "alarmResolution");
        for (String placeholder : new String[] {AgentConfig.SYSLOG_PLACEHOLDER, AgentConfig.APACHE_ERROR_PLACEHOLDER}) {
            if (!agentConfigJson.contains(placeholder)) {
                throw new IllegalArgumentException("agent configuration lacks the placeholder " + placeholder
                        + ": the agent would ship to a log group the stack does not own");
            }
        }
    }
}
