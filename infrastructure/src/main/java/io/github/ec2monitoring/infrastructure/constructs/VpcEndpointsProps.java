package io.github.ec2monitoring.infrastructure.constructs;

import java.util.Objects;
import software.amazon.awscdk.services.ec2.IVpc;

/**
 * @param vpc the web tier's VPC; the endpoints go into its private subnets
 * @param agentConfig what the agent ships where: the logs and metrics endpoints allow exactly that
 */
public record VpcEndpointsProps(IVpc vpc, AgentConfig agentConfig) {

    public VpcEndpointsProps {
        Objects.requireNonNull(vpc, "vpc");
        Objects.requireNonNull(agentConfig, "agentConfig");
    }
}
