package io.github.ec2monitoring.infrastructure.constructs;

import java.util.Objects;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceType;

/**
 * @param vpc where the load balancer (public subnets) and the instances (private subnets) run
 * @param instanceType EC2 instance type; Graviton types get the arm64 Ubuntu image
 * @param minCapacity fewest instances
 * @param maxCapacity most instances
 * @param desiredCapacity instances at deploy time
 * @param scalingCpuTargetPercent average CPU that target tracking keeps
 * @param agentConfig the CloudWatch agent configuration the instances fetch at boot
 * @param instanceRole the role and instance profile the instances run with
 * @param accessLogRetentionDays how many days the load balancer's access logs are kept
 * @param certificateArn ACM certificate for an HTTPS listener (HTTP then redirects to it), or null for HTTP only
 */
public record WebTierProps(
        IVpc vpc,
        InstanceType instanceType,
        int minCapacity,
        int maxCapacity,
        int desiredCapacity,
        double scalingCpuTargetPercent,
        AgentConfig agentConfig,
        InstanceRole instanceRole,
        int accessLogRetentionDays,
        String certificateArn) {

    public WebTierProps {
        Objects.requireNonNull(vpc, "vpc");
        Objects.requireNonNull(instanceType, "instanceType");
        Objects.requireNonNull(agentConfig, "agentConfig");
        Objects.requireNonNull(instanceRole, "instanceRole");
        if (certificateArn != null && !certificateArn.matches("arn:aws[\\w-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[\\w-]+")) {
            throw new IllegalArgumentException("certificateArn is not an ACM certificate ARN: " + certificateArn);
        }
        if (accessLogRetentionDays < 1) {
            throw new IllegalArgumentException("accessLogRetentionDays must be positive");
        }
        if (!(1 <= minCapacity && minCapacity <= desiredCapacity && desiredCapacity <= maxCapacity)) {
            throw new IllegalArgumentException("need 1 <= min <= desired <= max, got " + minCapacity + ", "
                    + desiredCapacity + ", " + maxCapacity);
        }
        if (!(scalingCpuTargetPercent > 0 && scalingCpuTargetPercent < 100)) {
            throw new IllegalArgumentException("scaling CPU target must be between 0 and 100");
        }
    }
}
