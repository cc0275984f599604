package io.github.ec2monitoring.detector;

import java.util.List;
import java.util.Map;

/** An alarm as CloudWatch describes it, reduced to what {@link AlarmSpec#isSatisfiedBy} compares. */
public record ExistingAlarm(
        String name,
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
        List<String> alarmActions,
        List<String> okActions,
        List<String> insufficientDataActions) {}
