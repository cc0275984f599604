package io.github.ec2monitoring.detector;

import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.contract.AlarmResolution;
import io.github.ec2monitoring.contract.AlarmThresholds;
import io.github.ec2monitoring.contract.FunctionEnvironments;
import io.github.ec2monitoring.contract.FunctionEnvironments.Detector;
import io.github.ec2monitoring.contract.StoppedInstances;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the function needs to know about the stack it belongs to; read from the Lambda environment, whose variables
 * {@link FunctionEnvironments.Detector} defines.
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
 * @param alarmResolution the per-instance alarms' period and M-of-N, and where their CPU comes from
 */
public record DetectorConfig(
        String alarmNamePrefix,
        Set<String> autoScalingGroupNames,
        String instanceProfileArn,
        boolean attachInstanceProfile,
        String warningTopicArn,
        String criticalTopicArn,
        AlarmThresholds thresholds,
        StoppedInstances stoppedInstances,
        double alarmWritesPerSecond,
        AlarmMode alarmMode,
        AlarmResolution alarmResolution) {

    public DetectorConfig {
        autoScalingGroupNames = Set.copyOf(autoScalingGroupNames);
        if (autoScalingGroupNames.isEmpty()) {
            throw new IllegalArgumentException("no Auto Scaling group to watch");
        }
        Objects.requireNonNull(alarmNamePrefix, "alarmNamePrefix");
        Objects.requireNonNull(instanceProfileArn, "instanceProfileArn");
        Objects.requireNonNull(warningTopicArn, "warningTopicArn");
        Objects.requireNonNull(criticalTopicArn, "criticalTopicArn");
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(stoppedInstances, "stoppedInstances");
        Objects.requireNonNull(alarmMode, "alarmMode");
        Objects.requireNonNull(alarmResolution, "alarmResolution");
        if (!(alarmWritesPerSecond > 0 && alarmWritesPerSecond <= 1000)) {
            throw new IllegalArgumentException("alarmWritesPerSecond must be above 0 and at most 1000, got "
                    + alarmWritesPerSecond);
        }
    }

    /** Reads the configuration from the environment the stack set; fails with the name of the first bad variable. */
    public static DetectorConfig fromEnvironment(Map<String, String> env) {
        return new DetectorConfig(
                FunctionEnvironments.ALARM_NAME_PREFIX.read(env),
                Set.copyOf(Detector.AUTO_SCALING_GROUP_NAMES.read(env)),
                Detector.INSTANCE_PROFILE_ARN.read(env),
                Detector.ATTACH_INSTANCE_PROFILE.read(env),
                FunctionEnvironments.WARNING_TOPIC_ARN.read(env),
                FunctionEnvironments.CRITICAL_TOPIC_ARN.read(env),
                new AlarmThresholds(
                        Detector.CPU_WARNING_PERCENT.read(env), Detector.CPU_CRITICAL_PERCENT.read(env),
                        Detector.MEMORY_WARNING_PERCENT.read(env), Detector.MEMORY_CRITICAL_PERCENT.read(env),
                        Detector.DISK_WARNING_PERCENT.read(env), Detector.DISK_CRITICAL_PERCENT.read(env)),
                Detector.STOPPED_INSTANCES.read(env),
                Detector.ALARM_WRITES_PER_SECOND.read(env),
                Detector.ALARM_MODE.read(env),
                Detector.ALARM_RESOLUTION.read(env));
    }
}
