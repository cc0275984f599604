package io.github.ec2monitoring.detector;

import java.util.List;
import java.util.Map;

/**
 * One CloudWatch alarm the detector owns, free of SDK types so the decision is testable on its own.
 *
 * @param actionTopicArn receives both the ALARM and the OK notification
 * @param insufficientDataTopicArns notified when the metric stops arriving (empty for most alarms)
 */
public record AlarmSpec(
        String name,
        String description,
        String namespace,
        String metricName,
        Map<String, String> dimensions,
        String statistic,
        int periodSeconds,
        int evaluationPeriods,
        int datapointsToAlarm,
        double threshold,
        String comparisonOperator,
        String treatMissingData,
        String actionTopicArn,
        List<String> insufficientDataTopicArns) {

    public AlarmSpec {
        dimensions = Map.copyOf(dimensions);
        insufficientDataTopicArns = List.copyOf(insufficientDataTopicArns);
    }

    /** True when an existing alarm already has everything this spec decides (so no PutMetricAlarm is needed). */
    public boolean isSatisfiedBy(ExistingAlarm alarm) {
        return name.equals(alarm.name())
                && namespace.equals(alarm.namespace())
                && metricName.equals(alarm.metricName())
                && dimensions.equals(alarm.dimensions())
                && statistic.equals(alarm.statistic())
                && periodSeconds == alarm.periodSeconds()
                && evaluationPeriods == alarm.evaluationPeriods()
                && datapointsToAlarm == alarm.datapointsToAlarm()
                && threshold == alarm.threshold()
                && comparisonOperator.equals(alarm.comparisonOperator())
                && treatMissingData.equals(alarm.treatMissingData())
                && List.of(actionTopicArn).equals(alarm.alarmActions())
                && List.of(actionTopicArn).equals(alarm.okActions())
                && insufficientDataTopicArns.equals(alarm.insufficientDataActions());
    }
}
