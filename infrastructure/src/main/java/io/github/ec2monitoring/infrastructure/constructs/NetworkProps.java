package io.github.ec2monitoring.infrastructure.constructs;

import java.util.Objects;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * @param existingVpcId VPC to look up and use, or null to create one (two AZs, public and private subnets)
 * @param flowLogRetention retention of the created VPC's flow log group
 */
public record NetworkProps(String existingVpcId, RetentionDays flowLogRetention) {

    public NetworkProps {
        Objects.requireNonNull(flowLogRetention, "flowLogRetention");
        if (existingVpcId != null && !existingVpcId.matches("vpc-[0-9a-f]{8,17}")) {
            throw new IllegalArgumentException("existingVpcId is not a VPC id: " + existingVpcId);
        }
    }
}
