package io.github.ec2monitoring.infrastructure.constructs;

import java.util.Objects;
import software.amazon.awscdk.services.autoscaling.IAutoScalingGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.sns.ITopic;

/**
 * @param autoScalingGroup the group whose average CPU is watched
 * @param targetGroup the load balancer target group whose unhealthy hosts are watched
 * @param cpuCriticalPercent average CPU of the whole group that pages
 * @param warningTopic receives the unhealthy-hosts alarm
 * @param criticalTopic receives the group CPU alarm
 */
public record GroupAlarmsProps(
        IAutoScalingGroup autoScalingGroup,
        ApplicationTargetGroup targetGroup,
        double cpuCriticalPercent,
        ITopic warningTopic,
        ITopic criticalTopic) {

    public GroupAlarmsProps {
        Objects.requireNonNull(autoScalingGroup, "autoScalingGroup");
        Objects.requireNonNull(targetGroup, "targetGroup");
        Objects.requireNonNull(warningTopic, "warningTopic");
        Objects.requireNonNull(criticalTopic, "criticalTopic");
        if (!(cpuCriticalPercent > 0 && cpuCriticalPercent <= 100)) {
            throw new IllegalArgumentException("cpuCriticalPercent must be in (0, 100]");
        }
    }
}
