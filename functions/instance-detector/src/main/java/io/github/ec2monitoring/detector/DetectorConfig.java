package io.github.ec2monitoring.detector;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the function needs to know about the stack it belongs to; read from the Lambda environment.
 *
 * @param alarmNamePrefix every alarm this function owns starts with this prefix and a dash; the prefix belongs to one
 *     stack, since the reconciler deletes alarms under it that belong to no live instance
 * @param autoScalingGroupNames only instances of these groups are watched
 * @param instanceProfileArn attached to a watched instance that has no instance profile
 * @param attachInstanceProfile whether to attach it at all
 * @param warningTopicArn alarm and OK actions of the warning alarms
 * @param criticalTopicArn alarm and OK actions of the critical alarms
 * @param thresholds warning and critical percentages per watched metric
 * @param stoppedInstances what a stopped instance's alarms become
 * @param alarmWritesPerSecond this function's share of CloudWatch's PutMetricAlarm and DeleteAlarms quotas
 * @param alarmMode per-instance alarms made by this function, or the stack's fleet alarms (then it makes none)
 */
public record DetectorConfig(
        String alarmNamePrefix,
        Set<String> autoScalingGroupNames,
        String instanceProfileArn,
        boolean attachInstanceProfile,
        String warningTopicArn,
        String criticalTopicArn,
        Thresholds thresholds,
        StoppedInstances stoppedInstances,
        double alarmWritesPerSecond,
        AlarmMode alarmMode) {

    /**
     * Who watches the instances: six alarms per instance that this function makes and removes, or the stack's six
     * Metrics Insights alarms per group, which watch every instance as a contributor, so this function makes none.
     */
    public enum AlarmMode {
        PER_INSTANCE("per-instance"),
        FLEET("fleet");

        private final String value;

        AlarmMode(String value) {
            this.value = value;
        }

        /** As the stack writes it into the environment. */
        public String value() {
            return value;
        }

        static AlarmMode of(String value) {
            for (AlarmMode mode : values()) {
                if (mode.value.equals(value)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("environment variable " + ALARM_MODE
                    + " must be per-instance or fleet, got " + value);
        }
    }

    /** Keep a stopped instance's alarms (they go to INSUFFICIENT_DATA), or remove them until it runs again. */
    public enum StoppedInstances {
        KEEP,
        REMOVE
    }

    /** Warning and critical percentages; each pair must satisfy 0 < warning < critical <= 100. */
    public record Thresholds(double cpuWarning, double cpuCritical, double memoryWarning, double memoryCritical,
            double diskWarning, double diskCritical) {

        public Thresholds {
            check("CPU", cpuWarning, cpuCritical);
            check("memory", memoryWarning, memoryCritical);
            check("disk", diskWarning, diskCritical);
        }

        private static void check(String what, double warning, double critical) {
            if (!(warning > 0 && warning < critical && critical <= 100)) {
                throw new IllegalArgumentException(what + " thresholds must satisfy 0 < warning < critical <= 100, got "
                        + warning + " and " + critical);
            }
        }
    }

    public static final String ALARM_NAME_PREFIX = "ALARM_NAME_PREFIX";
    public static final String AUTO_SCALING_GROUP_NAMES = "AUTO_SCALING_GROUP_NAMES";
    public static final String INSTANCE_PROFILE_ARN = "INSTANCE_PROFILE_ARN";
    public static final String ATTACH_INSTANCE_PROFILE = "ATTACH_INSTANCE_PROFILE";
    public static final String WARNING_TOPIC_ARN = "WARNING_TOPIC_ARN";
    public static final String CRITICAL_TOPIC_ARN = "CRITICAL_TOPIC_ARN";
    public static final String CPU_WARNING_PERCENT = "CPU_WARNING_PERCENT";
    public static final String CPU_CRITICAL_PERCENT = "CPU_CRITICAL_PERCENT";
    public static final String MEMORY_WARNING_PERCENT = "MEMORY_WARNING_PERCENT";
    public static final String MEMORY_CRITICAL_PERCENT = "MEMORY_CRITICAL_PERCENT";
    public static final String DISK_WARNING_PERCENT = "DISK_WARNING_PERCENT";
    public static final String DISK_CRITICAL_PERCENT = "DISK_CRITICAL_PERCENT";
    public static final String STOPPED_INSTANCES = "STOPPED_INSTANCES";
    public static final String ALARM_WRITES_PER_SECOND = "ALARM_WRITES_PER_SECOND";
    public static final String ALARM_MODE = "ALARM_MODE";

    public DetectorConfig {
        requireText(alarmNamePrefix, ALARM_NAME_PREFIX);
        autoScalingGroupNames = Set.copyOf(autoScalingGroupNames);
        if (autoScalingGroupNames.isEmpty()) {
            throw new IllegalArgumentException("environment variable " + AUTO_SCALING_GROUP_NAMES + " names no group");
        }
        requireText(instanceProfileArn, INSTANCE_PROFILE_ARN);
        requireText(warningTopicArn, WARNING_TOPIC_ARN);
        requireText(criticalTopicArn, CRITICAL_TOPIC_ARN);
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(stoppedInstances, STOPPED_INSTANCES);
        if (!(alarmWritesPerSecond > 0 && alarmWritesPerSecond <= 1000)) {
            throw new IllegalArgumentException("environment variable " + ALARM_WRITES_PER_SECOND
                    + " must be above 0 and at most 1000, got " + alarmWritesPerSecond);
        }
        Objects.requireNonNull(alarmMode, ALARM_MODE);
    }

    /** Reads the configuration from environment variables; fails with the name of the first missing or bad one. */
    public static DetectorConfig fromEnvironment(Map<String, String> env) {
        return new DetectorConfig(
                text(env, ALARM_NAME_PREFIX),
                Arrays.stream(text(env, AUTO_SCALING_GROUP_NAMES).split(","))
                        .map(String::strip)
                        .filter(name -> !name.isEmpty())
                        .collect(Collectors.toSet()),
                text(env, INSTANCE_PROFILE_ARN),
                flag(env, ATTACH_INSTANCE_PROFILE),
                text(env, WARNING_TOPIC_ARN),
                text(env, CRITICAL_TOPIC_ARN),
                new Thresholds(
                        number(env, CPU_WARNING_PERCENT), number(env, CPU_CRITICAL_PERCENT),
                        number(env, MEMORY_WARNING_PERCENT), number(env, MEMORY_CRITICAL_PERCENT),
                        number(env, DISK_WARNING_PERCENT), number(env, DISK_CRITICAL_PERCENT)),
                choice(env, STOPPED_INSTANCES),
                number(env, ALARM_WRITES_PER_SECOND),
                AlarmMode.of(text(env, ALARM_MODE)));
    }

    private static String text(Map<String, String> env, String name) {
        return requireText(env.get(name), name);
    }

    private static boolean flag(Map<String, String> env, String name) {
        String value = text(env, name);
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("environment variable " + name + " must be true or false, got " + value);
        }
        return Boolean.parseBoolean(value);
    }

    private static StoppedInstances choice(Map<String, String> env, String name) {
        String value = text(env, name);
        try {
            return StoppedInstances.valueOf(value.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("environment variable " + name + " must be keep or remove, got " + value,
                    e);
        }
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
