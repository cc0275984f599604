package io.github.ec2monitoring.infrastructure.constructs;

import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;

/**
 * @param autoScalingGroupNames one row per group: its instances and the group as a whole
 * @param loadBalancer the web tier's, whose request and error counts are shown; null without a web tier
 * @param alarms alarms on the groups whose status is shown
 * @param selfAlarms alarms on the monitoring itself
 * @param alarmNamePrefix links to the per-instance alarms, which the stack does not own
 */
public record MonitoringDashboardProps(
        List<String> autoScalingGroupNames,
        ApplicationLoadBalancer loadBalancer,
        List<IAlarm> alarms,
        List<IAlarm> selfAlarms,
        String alarmNamePrefix) {

    public MonitoringDashboardProps {
        autoScalingGroupNames = List.copyOf(autoScalingGroupNames);
        Objects.requireNonNull(alarmNamePrefix, "alarmNamePrefix");
        alarms = List.copyOf(alarms);
        selfAlarms = List.copyOf(selfAlarms);
    }
}
