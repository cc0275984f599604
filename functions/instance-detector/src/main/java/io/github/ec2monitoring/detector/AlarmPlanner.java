package io.github.ec2monitoring.detector;

import java.util.List;
import java.util.Map;

/** Decides which alarms an instance gets; the single source of alarm names, metrics and thresholds. */
public final class AlarmPlanner {

    /** Detailed monitoring publishes EC2 metrics every minute. */
    static final int PERIOD_SECONDS = 60;
    /** Three of five minutes above the threshold: a single spike does not page anyone. */
    static final int EVALUATION_PERIODS = 5;
    static final int DATAPOINTS_TO_ALARM = 3;

    private final DetectorConfig config;

    public AlarmPlanner(DetectorConfig config) {
        this.config = config;
    }

    public List<AlarmSpec> alarmsFor(String instanceId) {
        return List.of(
                cpu(instanceId, "warning", config.cpuWarningPercent(), config.warningTopicArn()),
                cpu(instanceId, "critical", config.cpuCriticalPercent(), config.criticalTopicArn()));
    }

    public List<String> alarmNamesFor(String instanceId) {
        return alarmsFor(instanceId).stream().map(AlarmSpec::name).toList();
    }

    private AlarmSpec cpu(String instanceId, String severity, double threshold, String topicArn) {
        String name = config.alarmNamePrefix() + "-" + instanceId + "-cpu-" + severity;
        String description = String.format(
                "CPU of %s in %s above %.0f%% for %d of %d minutes (%s). Check the top processes and the Apache "
                        + "error log; the cpu-alert Slack message lists the log lines of the last minutes.",
                instanceId, config.autoScalingGroupName(), threshold, DATAPOINTS_TO_ALARM, EVALUATION_PERIODS,
                severity);
        return new AlarmSpec(
                name,
                description,
                "AWS/EC2",
                "CPUUtilization",
                Map.of("InstanceId", instanceId),
                "Average",
                PERIOD_SECONDS,
                EVALUATION_PERIODS,
                DATAPOINTS_TO_ALARM,
                threshold,
                "GreaterThanOrEqualToThreshold",
                "missing",
                topicArn);
    }
}
