package io.github.ec2monitoring.cpualert;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** A CloudWatch alarm state change as delivered through SNS, reduced to what the Slack message shows. */
public record AlarmNotification(
        String alarmName,
        String alarmDescription,
        String accountId,
        String region,
        String oldState,
        String newState,
        String reason,
        Instant stateChangeTime,
        String namespace,
        String metricName,
        Map<String, String> dimensions,
        Double threshold,
        String comparisonOperator) {

    public Optional<String> instanceId() {
        return Optional.ofNullable(dimensions.get("InstanceId"));
    }

    public boolean isAlarm() {
        return "ALARM".equals(newState);
    }
}
