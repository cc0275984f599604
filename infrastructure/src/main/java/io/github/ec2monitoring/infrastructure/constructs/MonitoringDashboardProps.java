package io.github.ec2monitoring.infrastructure.constructs;

import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.services.autoscaling.IAutoScalingGroup;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;

/**
 * @param autoScalingGroup the group shown, per instance and as a whole
 * @param loadBalancer its request and error counts are shown
 * @param alarms alarms whose status is shown
 * @param alarmNamePrefix links to the per-instance alarms, which the stack does not own
 */
public record MonitoringDashboardProps(
        IAutoScalingGroup autoScalingGroup,
        ApplicationLoadBalancer loadBalancer,
        List<IAlarm> alarms,
        List<IAlarm> selfAlarms,
        String alarmNamePrefix) {

    public MonitoringDashboardProps {
        Objects.requireNonNull(autoScalingGroup, "autoScalingGroup");
        Objects.requireNonNull(loadBalancer, "loadBalancer");
        Objects.requireNonNull(alarmNamePrefix, "alarmNamePrefix");
        alarms = List.copyOf(alarms);
        selfAlarms = List.copyOf(selfAlarms);
    }
}
