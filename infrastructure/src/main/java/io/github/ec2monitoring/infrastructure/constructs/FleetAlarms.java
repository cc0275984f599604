package io.github.ec2monitoring.infrastructure.constructs;

import io.github.ec2monitoring.contract.AlarmThresholds;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import software.amazon.awscdk.services.cloudwatch.CfnAlarm;
import software.constructs.Construct;

/**
 * Fleet mode for one Auto Scaling group: six Metrics Insights alarms (CPU, memory, disk × warning, critical), each
 * grouping the agent's metric by instance, so that every instance is a contributor with its own ALARM and OK
 * notification. Instances join when their metrics appear and leave when they stop: there is no per-instance alarm to
 * create, lose or orphan. Thresholds, M of N and actions are those of the per-instance alarms.
 */
public final class FleetAlarms extends Construct {

    static final int PERIOD_SECONDS = 60;
    static final int EVALUATION_PERIODS = 5;
    static final int DATAPOINTS_TO_ALARM = 3;
    /**
     * A query returns at most 500 time series; ordered by the value, the 500 hottest instances are the ones watched
     * when a group is larger.
     */
    static final int MAX_CONTRIBUTORS = 500;
    /** How a description ends with the group; cpu-alert reads the group back from it. */
    public static final String GROUP_SUFFIX = " Auto Scaling group: ";

    /**
     * A metric the fleet alarms watch: the agent's, with the exact dimension set it publishes (append_dimensions
     * plus the plugin's own), narrowed to the one series per instance that matters.
     */
    record Watched(String key, String metricName, String dimensions, String narrowing,
            ToDoubleFunction<AlarmThresholds> warning, ToDoubleFunction<AlarmThresholds> critical) {}

    /** CPU is the agent's total CPU: EC2's own CPUUtilization does not carry the group name a query filters on. */
    static final List<Watched> WATCHED = List.of(
            new Watched("cpu", "cpu_usage_active", "AutoScalingGroupName, InstanceId, cpu", " AND cpu = 'cpu-total'",
                    AlarmThresholds::cpuWarning, AlarmThresholds::cpuCritical),
            new Watched("memory", "mem_used_percent", "AutoScalingGroupName, InstanceId", "",
                    AlarmThresholds::memoryWarning, AlarmThresholds::memoryCritical),
            new Watched("disk", "disk_used_percent", "AutoScalingGroupName, InstanceId, fstype, path",
                    " AND path = '/'", AlarmThresholds::diskWarning, AlarmThresholds::diskCritical));

    private final List<CfnAlarm> alarms = new ArrayList<>();

    public FleetAlarms(Construct scope, String id, FleetAlarmsProps props) {
        super(scope, id);
        for (Watched watched : WATCHED) {
            alarm(props, watched, "warning", watched.warning().applyAsDouble(props.thresholds()),
                    props.warningTopic().getTopicArn());
            alarm(props, watched, "critical", watched.critical().applyAsDouble(props.thresholds()),
                    props.criticalTopic().getTopicArn());
        }
    }

    /** The Metrics Insights query of one metric for one group: one series per instance. */
    static String query(Watched watched, String autoScalingGroupName) {
        return "SELECT AVG(" + watched.metricName() + ") FROM SCHEMA(CWAgent, " + watched.dimensions() + ") "
                + "WHERE AutoScalingGroupName = '" + autoScalingGroupName + "'" + watched.narrowing()
                + " GROUP BY InstanceId ORDER BY AVG() DESC LIMIT " + MAX_CONTRIBUTORS;
    }

    private void alarm(FleetAlarmsProps props, Watched watched, String severity, double threshold, String topicArn) {
        // A memory metric missing for the whole group means no agent reports: the warning topic hears of it.
        boolean reportsMissingAgent = watched.key().equals("memory") && severity.equals("warning");
        String title = watched.key().substring(0, 1).toUpperCase(Locale.ROOT) + watched.key().substring(1)
                + severity.substring(0, 1).toUpperCase(Locale.ROOT) + severity.substring(1);
        alarms.add(CfnAlarm.Builder.create(this, title)
                .alarmName(props.alarmNamePrefix() + "-fleet-" + props.groupLabel() + "-" + watched.key() + "-"
                        + severity)
                .alarmDescription(String.format(Locale.ROOT, "%s %s at or above %.0f%% for %d of %d minutes on any "
                                + "instance of the group; each instance in ALARM is a contributor with its own "
                                + "notification. Fleet alarm, managed by the stack.",
                        severity.toUpperCase(Locale.ROOT), watched.key(), threshold, DATAPOINTS_TO_ALARM,
                        EVALUATION_PERIODS)
                        + GROUP_SUFFIX + props.autoScalingGroupName() + ".")
                .metrics(List.of(CfnAlarm.MetricDataQueryProperty.builder()
                        .id("q")
                        .expression(query(watched, props.autoScalingGroupName()))
                        .period(PERIOD_SECONDS)
                        .returnData(true)
                        .build()))
                .evaluationPeriods(EVALUATION_PERIODS)
                .datapointsToAlarm(DATAPOINTS_TO_ALARM)
                .threshold(threshold)
                .comparisonOperator("GreaterThanOrEqualToThreshold")
                .treatMissingData("missing")
                .alarmActions(List.of(topicArn))
                .okActions(List.of(topicArn))
                .insufficientDataActions(reportsMissingAgent ? List.of(props.warningTopic().getTopicArn()) : null)
                .build());
    }

    /** The six alarms, warning and critical per metric. */
    public List<CfnAlarm> getAlarms() {
        return List.copyOf(alarms);
    }
}
