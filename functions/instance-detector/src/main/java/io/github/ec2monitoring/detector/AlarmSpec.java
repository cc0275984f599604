package io.github.ec2monitoring.detector;

import java.util.Map;

/**
 * One CloudWatch alarm the detector owns, free of SDK types so the decision is testable on its own.
 *
 * @param actionTopicArn receives both the ALARM and the OK notification
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
        String actionTopicArn) {}
