package io.github.ec2monitoring.infrastructure.constructs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * Alarms on the group as a whole, beside the per-instance alarms the instance-detector manages: the group's average
 * CPU, and load balancer targets failing their health check.
 */
public final class GroupAlarms extends Construct {

    private final Alarm groupCpu;
    private final Alarm unhealthyHosts;

    public GroupAlarms(Construct scope, String id, GroupAlarmsProps props) {
        super(scope, id);
        groupCpu = Alarm.Builder.create(this, "GroupCpuCritical")
                .alarmDescription("Average CPU of the whole Auto Scaling group stayed at or above "
                        + props.cpuCriticalPercent() + "% for 5 minutes although scaling should have added instances. "
                        + "Check the scaling activity and the maximum capacity.")
                .metric(Metric.Builder.create()
                        .namespace("AWS/EC2")
                        .metricName("CPUUtilization")
                        .dimensionsMap(Map.of("AutoScalingGroupName",
                                props.autoScalingGroup().getAutoScalingGroupName()))
                        .statistic("Average")
                        .period(Duration.minutes(1))
                        .build())
                .threshold(props.cpuCriticalPercent())
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(5)
                .datapointsToAlarm(5)
                .treatMissingData(TreatMissingData.MISSING)
                .build();
        withActions(groupCpu, props.criticalTopic());

        unhealthyHosts = Alarm.Builder.create(this, "UnhealthyHosts")
                .alarmDescription("Load balancer targets fail their health check (GET / must answer 200). Check "
                        + "Apache on the instances and the cpu-alert messages for their logs.")
                .metric(props.targetGroup().getMetrics().unhealthyHostCount(MetricOptions.builder()
                        .statistic("Maximum")
                        .period(Duration.minutes(1))
                        .build()))
                .threshold(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(3)
                .datapointsToAlarm(3)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        withActions(unhealthyHosts, props.warningTopic());
    }

    private static void withActions(Alarm alarm, ITopic topic) {
        alarm.addAlarmAction(new SnsAction(topic));
        alarm.addOkAction(new SnsAction(topic));
    }

    public List<IAlarm> getAlarms() {
        return List.of(groupCpu, unhealthyHosts);
    }
}
