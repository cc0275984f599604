package io.github.ec2monitoring.detector;

import java.util.Map;
import java.util.Objects;

/**
 * What the function needs to know about the stack it belongs to; read from the Lambda environment.
 *
 * @param alarmNamePrefix every alarm this function owns starts with this prefix and a dash
 * @param autoScalingGroupName only instances of this group are watched
 * @param instanceProfileArn attached to a watched instance that has no instance profile
 * @param warningTopicArn alarm and OK actions of the warning alarms
 * @param criticalTopicArn alarm and OK actions of the critical alarms
 * @param cpuWarningPercent CPU utilization that raises the warning alarm
 * @param cpuCriticalPercent CPU utilization that raises the critical alarm
 */
public record DetectorConfig(
        String alarmNamePrefix,
        String autoScalingGroupName,
        String instanceProfileArn,
        String warningTopicArn,
        String criticalTopicArn,
        double cpuWarningPercent,
        double cpuCriticalPercent) {

    public static final String ALARM_NAME_PREFIX = "ALARM_NAME_PREFIX";
    public static final String AUTO_SCALING_GROUP_NAME = "AUTO_SCALING_GROUP_NAME";
    public static final String INSTANCE_PROFILE_ARN = "INSTANCE_PROFILE_ARN";
    public static final String WARNING_TOPIC_ARN = "WARNING_TOPIC_ARN";
    public static final String CRITICAL_TOPIC_ARN = "CRITICAL_TOPIC_ARN";
    public static final String CPU_WARNING_PERCENT = "CPU_WARNING_PERCENT";
    public static final String CPU_CRITICAL_PERCENT = "CPU_CRITICAL_PERCENT";

    public DetectorConfig {
        requireText(alarmNamePrefix, ALARM_NAME_PREFIX);
        requireText(autoScalingGroupName, AUTO_SCALING_GROUP_NAME);
        requireText(instanceProfileArn, INSTANCE_PROFILE_ARN);
        requireText(warningTopicArn, WARNING_TOPIC_ARN);
        requireText(criticalTopicArn, CRITICAL_TOPIC_ARN);
        if (!(cpuWarningPercent > 0 && cpuWarningPercent < cpuCriticalPercent && cpuCriticalPercent <= 100)) {
            throw new IllegalArgumentException("CPU thresholds must satisfy 0 < warning < critical <= 100, got "
                    + cpuWarningPercent + " and " + cpuCriticalPercent);
        }
    }

    /** Reads the configuration from environment variables; fails with the name of the first missing one. */
    public static DetectorConfig fromEnvironment(Map<String, String> env) {
        return new DetectorConfig(
                text(env, ALARM_NAME_PREFIX),
                text(env, AUTO_SCALING_GROUP_NAME),
                text(env, INSTANCE_PROFILE_ARN),
                text(env, WARNING_TOPIC_ARN),
                text(env, CRITICAL_TOPIC_ARN),
                number(env, CPU_WARNING_PERCENT),
                number(env, CPU_CRITICAL_PERCENT));
    }

    private static String text(Map<String, String> env, String name) {
        return requireText(env.get(name), name);
    }

    private static double number(Map<String, String> env, String name) {
        String value = text(env, name);
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("environment variable " + name + " is not a number: " + value, e);
        }
    }

    private static String requireText(String value, String name) {
        Objects.requireNonNull(value, () -> "environment variable " + name + " is not set");
        if (value.isBlank()) {
            throw new IllegalArgumentException("environment variable " + name + " is blank");
        }
        return value;
    }
}
