package io.github.ec2monitoring.infrastructure.constructs;

import java.util.Objects;

/** @param agentConfig the configuration the instances' agent reads from its SSM parameter */
public record InstanceRoleProps(AgentConfig agentConfig) {

    public InstanceRoleProps {
        Objects.requireNonNull(agentConfig, "agentConfig");
    }
}
