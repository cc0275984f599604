package io.github.ec2monitoring.infrastructure.constructs;

import java.util.List;
import java.util.Objects;

/**
 * @param agentConfig the configuration to apply, from its SSM parameter
 * @param autoScalingGroupNames the groups whose instances get it, found by their aws:autoscaling:groupName tag
 */
public record AgentRolloutProps(AgentConfig agentConfig, List<String> autoScalingGroupNames) {

    public AgentRolloutProps {
        Objects.requireNonNull(agentConfig, "agentConfig");
        autoScalingGroupNames = List.copyOf(autoScalingGroupNames);
        if (autoScalingGroupNames.isEmpty()) {
            throw new IllegalArgumentException("name at least one Auto Scaling group");
        }
    }
}
