package io.github.ec2monitoring.cpualert;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A CloudWatch alarm state change as delivered through SNS, reduced to what the Slack message shows.
 *
 * @param region the long name CloudWatch writes ("Asia Pacific (Seoul)")
 * @param regionCode the code from the alarm's ARN ("ap-northeast-2"), for console links; empty when unknown
 * @param metric the metric name, or for a metric-math alarm its expression
 * @param dimensions the alarm's dimensions (for metric math, those of its metrics, merged)
 * @param observedValue the newest datapoint CloudWatch quotes in the reason, when it quotes one
 */
public record AlarmNotification(
        String alarmName,
        String alarmDescription,
        String alarmArn,
        String accountId,
        String region,
        String regionCode,
        String oldState,
        String newState,
        String reason,
        Instant stateChangeTime,
        String namespace,
        String metric,
        Map<String, String> dimensions,
        Double threshold,
        String comparisonOperator,
        Double observedValue) {

    public AlarmNotification {
        dimensions = Map.copyOf(dimensions);
    }

    public Optional<String> instanceId() {
        return Optional.ofNullable(dimensions.get("InstanceId"));
    }

    public boolean isAlarm() {
        return "ALARM".equals(newState);
    }

    /** "critical" or "warning" from the alarm's name (as instance-detector names them), else "unknown". */
    public String severity() {
        if (alarmName.endsWith("-critical") || alarmName.contains("Critical")) {
            return "critical";
        }
        if (alarmName.endsWith("-warning") || alarmName.contains("Warning")) {
            return "warning";
        }
        return "unknown";
    }
}
