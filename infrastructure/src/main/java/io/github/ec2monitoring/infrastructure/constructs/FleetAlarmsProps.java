package io.github.ec2monitoring.infrastructure.constructs;

import io.github.ec2monitoring.contract.AlarmThresholds;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.sns.ITopic;

/**
 * @param alarmNamePrefix the stack's alarm prefix; the alarms are named {@code <prefix>-fleet-<label>-<metric>-
 *     <severity>}, which no per-instance alarm name can match
 * @param groupLabel names the group in the alarm names: letters, digits, dots, dashes and underscores, at most 160
 * @param autoScalingGroupName the group whose instances are watched (a token for the stack's own group)
 * @param thresholds the same warning and critical percentages as the per-instance alarms
 * @param warningTopic alarm and OK actions of the warning alarms, and the memory warning's missing-data action
 * @param criticalTopic alarm and OK actions of the critical alarms
 */
public record FleetAlarmsProps(
        String alarmNamePrefix,
        String groupLabel,
        String autoScalingGroupName,
        AlarmThresholds thresholds,
        ITopic warningTopic,
        ITopic criticalTopic) {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._-]{1,160}");

    public FleetAlarmsProps {
        Objects.requireNonNull(alarmNamePrefix, "alarmNamePrefix");
        if (groupLabel == null || !LABEL.matcher(groupLabel).matches()) {
            throw new IllegalArgumentException("groupLabel must be 1-160 letters, digits, dots, dashes or "
                    + "underscores, got " + groupLabel);
        }
        Objects.requireNonNull(autoScalingGroupName, "autoScalingGroupName");
        // The name is quoted in a Metrics Insights query, where a quote or a backslash would end or bend the literal.
        if (!Token.isUnresolved(autoScalingGroupName)
                && (autoScalingGroupName.contains("'") || autoScalingGroupName.contains("\\"))) {
            throw new IllegalArgumentException("fleet mode cannot watch Auto Scaling group '" + autoScalingGroupName
                    + "': its name holds a quote or a backslash, which a Metrics Insights query cannot quote");
        }
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(warningTopic, "warningTopic");
        Objects.requireNonNull(criticalTopic, "criticalTopic");
    }
}
