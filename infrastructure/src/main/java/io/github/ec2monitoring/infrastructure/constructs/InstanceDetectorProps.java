package io.github.ec2monitoring.infrastructure.constructs;

import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.contract.AlarmResolution;
import io.github.ec2monitoring.contract.AlarmThresholds;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.IInstanceProfile;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;

/**
 * @param code the instance-detector shaded jar
 * @param alarmNamePrefix every alarm the function creates starts with this prefix and a dash; one stack owns it
 * @param thresholds warning and critical percentages of the CPU, memory and disk alarms
 * @param attachInstanceProfile whether instances without a profile get {@code instanceProfile}
 * @param removeAlarmsOfStoppedInstances true to delete a stopped instance's alarms, false to keep them
 * @param reconcileEvery how often the reconciler runs
 * @param autoScalingGroupNames only their instances are watched (the stack's own group, groups that already exist)
 * @param instanceProfile attached to a watched instance that has none
 * @param instanceRole the role inside the profile; the only role the function may pass
 * @param warningTopic action of the warning alarms
 * @param criticalTopic action of the critical alarms
 * @param logRetention retention of the function's log group
 * @param alarmWritesPerSecond CloudWatch's PutMetricAlarm and DeleteAlarms quota in the account (3 by default)
 * @param maxConcurrency most detectors at once (2 to 1000, SQS event sources' range); each paces its alarm writes at
 *     {@code alarmWritesPerSecond / maxConcurrency}
 * @param alarmMode per-instance: the function makes each instance's alarms; fleet: the stack's fleet alarms watch
 *     the instances, and the function only removes per-instance alarms left from before
 * @param alarmResolution the per-instance alarms' period and M-of-N
 */
public record InstanceDetectorProps(
        Code code,
        String alarmNamePrefix,
        AlarmThresholds thresholds,
        boolean attachInstanceProfile,
        boolean removeAlarmsOfStoppedInstances,
        Duration reconcileEvery,
        List<String> autoScalingGroupNames,
        IInstanceProfile instanceProfile,
        IRole instanceRole,
        ITopic warningTopic,
        ITopic criticalTopic,
        RetentionDays logRetention,
        double alarmWritesPerSecond,
        int maxConcurrency,
        AlarmMode alarmMode,
        AlarmResolution alarmResolution) {

    public InstanceDetectorProps {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(alarmNamePrefix, "alarmNamePrefix");
        autoScalingGroupNames = List.copyOf(autoScalingGroupNames);
        if (autoScalingGroupNames.isEmpty()) {
            throw new IllegalArgumentException("watch at least one Auto Scaling group");
        }
        Objects.requireNonNull(instanceProfile, "instanceProfile");
        Objects.requireNonNull(instanceRole, "instanceRole");
        Objects.requireNonNull(warningTopic, "warningTopic");
        Objects.requireNonNull(criticalTopic, "criticalTopic");
        Objects.requireNonNull(logRetention, "logRetention");
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(reconcileEvery, "reconcileEvery");
        Objects.requireNonNull(alarmMode, "alarmMode");
        Objects.requireNonNull(alarmResolution, "alarmResolution");
        if (!(alarmWritesPerSecond > 0)) {
            throw new IllegalArgumentException("alarmWritesPerSecond must be above 0, got " + alarmWritesPerSecond);
        }
        if (maxConcurrency < 2 || maxConcurrency > 1000) {
            throw new IllegalArgumentException("maxConcurrency must be between 2 and 1000, got " + maxConcurrency);
        }
        if (reconcileEvery.toMinutes().doubleValue() < 1) {
            throw new IllegalArgumentException("reconcileEvery must be at least one minute");
        }
    }

    /** A builder: every value named where it is given. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link InstanceDetectorProps}; its checks run in {@link #build()}. */
    public static final class Builder {
        private Code code;
        private String alarmNamePrefix;
        private AlarmThresholds thresholds;
        private boolean attachInstanceProfile;
        private boolean removeAlarmsOfStoppedInstances;
        private Duration reconcileEvery;
        private List<String> autoScalingGroupNames;
        private IInstanceProfile instanceProfile;
        private IRole instanceRole;
        private ITopic warningTopic;
        private ITopic criticalTopic;
        private RetentionDays logRetention;
        private double alarmWritesPerSecond;
        private int maxConcurrency;
        private AlarmMode alarmMode;
        private AlarmResolution alarmResolution;

        private Builder() {}

        public Builder code(Code value) { code = value; return this; }
        public Builder alarmNamePrefix(String value) { alarmNamePrefix = value; return this; }
        public Builder thresholds(AlarmThresholds value) { thresholds = value; return this; }
        public Builder attachInstanceProfile(boolean value) { attachInstanceProfile = value; return this; }
        public Builder removeAlarmsOfStoppedInstances(boolean value) {
            removeAlarmsOfStoppedInstances = value;
            return this;
        }
        public Builder reconcileEvery(Duration value) { reconcileEvery = value; return this; }
        public Builder autoScalingGroupNames(List<String> value) { autoScalingGroupNames = value; return this; }
        public Builder instanceProfile(IInstanceProfile value) { instanceProfile = value; return this; }
        public Builder instanceRole(IRole value) { instanceRole = value; return this; }
        public Builder warningTopic(ITopic value) { warningTopic = value; return this; }
        public Builder criticalTopic(ITopic value) { criticalTopic = value; return this; }
        public Builder logRetention(RetentionDays value) { logRetention = value; return this; }
        public Builder alarmWritesPerSecond(double value) { alarmWritesPerSecond = value; return this; }
        public Builder maxConcurrency(int value) { maxConcurrency = value; return this; }
        public Builder alarmMode(AlarmMode value) { alarmMode = value; return this; }
        public Builder alarmResolution(AlarmResolution value) { alarmResolution = value; return this; }

        public InstanceDetectorProps build() {
            return new InstanceDetectorProps(code, alarmNamePrefix, thresholds, attachInstanceProfile,
                    removeAlarmsOfStoppedInstances, reconcileEvery, autoScalingGroupNames, instanceProfile,
                    instanceRole, warningTopic, criticalTopic, logRetention, alarmWritesPerSecond, maxConcurrency,
                    alarmMode, alarmResolution);
        }
    }
}
