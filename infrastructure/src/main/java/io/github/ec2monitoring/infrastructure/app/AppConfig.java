package io.github.ec2monitoring.infrastructure.app;

import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.contract.AlarmResolution;
import io.github.ec2monitoring.contract.AlarmThresholds;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything the app can be configured with; each value comes from {@code cdk.json} context (see the README).
 *
 * @param region AWS region the stack is synthesized for
 * @param alarmNamePrefix first part of every per-instance alarm name; scopes the detector's alarm permissions
 * @param thresholds warning and critical percentages of the per-instance CPU, memory and disk alarms
 * @param scalingCpuTargetPercent average CPU the Auto Scaling group keeps by adding or removing instances
 * @param alertEmails addresses subscribed to both topics (each must confirm the subscription)
 * @param slackWorkspaceId AWS Chatbot Slack workspace id, or null for no Chatbot channel
 * @param slackChannelId Slack channel id, or null for no Chatbot channel
 * @param slackWebhookSecretName Secrets Manager secret holding the Slack webhook URL that cpu-alert posts to
 * @param instanceType EC2 instance type of the web tier
 * @param minCapacity fewest instances
 * @param maxCapacity most instances
 * @param desiredCapacity instances at deploy time
 * @param logRetentionDays retention of every log group the stack creates
 * @param existingVpcId VPC to deploy into, or null to create one
 * @param vpcEndpoints whether the web tier's VPC gets endpoints for SSM, CloudWatch, CloudWatch Logs and S3
 * @param attachInstanceProfile whether instance-detector attaches the instance profile to instances without one
 * @param removeAlarmsOfStoppedInstances whether a stopped instance's alarms are deleted (else kept)
 * @param reconcileMinutes how often instance-detector reconciles the alarms with the live instances
 * @param logWindowMinutes how many minutes of logs before an alarm cpu-alert reads
 * @param slackTimeZone the local time zone cpu-alert shows beside UTC
 * @param slackMessageLanguage "en" or "ko"
 * @param slackMaskPersonalData whether cpu-alert masks e-mail and IP addresses in the log lines it posts
 * @param alarmWritesPerSecond the account's CloudWatch PutMetricAlarm/DeleteAlarms quota that the detectors share
 * @param detectorConcurrency most instance-detector runs at once (2 to 1000)
 * @param certificateArn ACM certificate for HTTPS on the load balancer, or null for HTTP only
 * @param chatbotTopics the topics the Chatbot channel carries (warning, critical, health); cpu-alert posts the others
 * @param destroyKeyWithStack whether cdk destroy schedules the alert topics' KMS key for deletion (else keeps it)
 * @param createWebTier whether the stack builds its web tier (VPC, load balancer, group); false monitors only
 * @param monitoredGroups names of Auto Scaling groups that already exist, watched beside (or instead of) the web tier
 * @param alarmMode six alarms per instance made by instance-detector, or six Metrics Insights alarms per group
 * @param alarmResolution standard (60 s, 3 of 5) or high (the agent at 10 s, per-instance alarms 3 of 6 × 10 s)
 * @param stormThreshold from this many alarm notifications waiting at once, Slack gets a summary first
 */
public record AppConfig(
        String region,
        String alarmNamePrefix,
        AlarmThresholds thresholds,
        double scalingCpuTargetPercent,
        List<String> alertEmails,
        String slackWorkspaceId,
        String slackChannelId,
        String slackWebhookSecretName,
        String instanceType,
        int minCapacity,
        int maxCapacity,
        int desiredCapacity,
        int logRetentionDays,
        String existingVpcId,
        boolean vpcEndpoints,
        boolean attachInstanceProfile,
        boolean removeAlarmsOfStoppedInstances,
        int reconcileMinutes,
        int logWindowMinutes,
        String slackTimeZone,
        String slackMessageLanguage,
        boolean slackMaskPersonalData,
        double alarmWritesPerSecond,
        int detectorConcurrency,
        String certificateArn,
        Set<String> chatbotTopics,
        boolean destroyKeyWithStack,
        boolean createWebTier,
        List<String> monitoredGroups,
        AlarmMode alarmMode,
        AlarmResolution alarmResolution,
        int stormThreshold) {

    /** The retention periods CloudWatch Logs accepts. */
    public static final List<Integer> LOG_RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365,
            400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,39}");
    /** Auto Scaling's own limit; a comma would split the detector's list, a control character is never meant. */
    private static final Pattern GROUP_NAME = Pattern.compile("[^,\\p{Cntrl}]{1,255}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    public AppConfig {
        Objects.requireNonNull(region, "region");
        if (!PREFIX.matcher(alarmNamePrefix).matches()) {
            throw new IllegalArgumentException("alarmNamePrefix must be 1-40 letters, digits or dashes, got '"
                    + alarmNamePrefix + "'");
        }
        Objects.requireNonNull(thresholds, "thresholds");
        if (stormThreshold < 2 || stormThreshold > 1000) {
            throw new IllegalArgumentException("stormThreshold must be between 2 and 1000, got " + stormThreshold);
        }
        if (logWindowMinutes < 1 || logWindowMinutes > 60) {
            throw new IllegalArgumentException("logWindowMinutes must be between 1 and 60, got " + logWindowMinutes);
        }
        try {
            ZoneId.of(slackTimeZone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("slackTimeZone is not a time zone: " + slackTimeZone, e);
        }
        if (!"en".equals(slackMessageLanguage) && !"ko".equals(slackMessageLanguage)) {
            throw new IllegalArgumentException("slackMessageLanguage must be en or ko, got " + slackMessageLanguage);
        }
        if (!(alarmWritesPerSecond > 0 && alarmWritesPerSecond <= 1000)) {
            throw new IllegalArgumentException("alarmWritesPerSecond must be above 0 and at most 1000, got "
                    + alarmWritesPerSecond);
        }
        if (detectorConcurrency < 2 || detectorConcurrency > 1000) {
            throw new IllegalArgumentException("detectorConcurrency must be between 2 and 1000, got "
                    + detectorConcurrency);
        }
        if (reconcileMinutes < 1 || reconcileMinutes > 1440) {
            throw new IllegalArgumentException("reconcileMinutes must be between 1 and 1440, got " + reconcileMinutes);
        }
        if (!(scalingCpuTargetPercent > 0 && scalingCpuTargetPercent < 100)) {
            throw new IllegalArgumentException("scalingCpuTarget must be between 0 and 100, got "
                    + scalingCpuTargetPercent);
        }
        alertEmails = List.copyOf(alertEmails);
        chatbotTopics = Set.copyOf(chatbotTopics);
        monitoredGroups = List.copyOf(monitoredGroups);
        for (String group : monitoredGroups) {
            if (!GROUP_NAME.matcher(group).matches()) {
                throw new IllegalArgumentException("monitoredGroups holds '" + group + "', which is no Auto Scaling "
                        + "group name: 1 to 255 characters, no commas or control characters");
            }
        }
        if (new HashSet<>(monitoredGroups).size() != monitoredGroups.size()) {
            throw new IllegalArgumentException("monitoredGroups names a group twice: " + monitoredGroups);
        }
        Objects.requireNonNull(alarmMode, "alarmMode");
        Objects.requireNonNull(alarmResolution, "alarmResolution");
        if (vpcEndpoints && !createWebTier) {
            throw new IllegalArgumentException("vpcEndpoints puts endpoints into the web tier's VPC: it needs "
                    + "createWebTier=true (groups you run yourself sit in VPCs the stack does not manage)");
        }
        if (!createWebTier && monitoredGroups.isEmpty()) {
            throw new IllegalArgumentException("createWebTier is false and monitoredGroups is empty: name the Auto "
                    + "Scaling groups to watch, or let the stack create its web tier");
        }
        for (String email : alertEmails) {
            if (!EMAIL.matcher(email).matches()) {
                throw new IllegalArgumentException("alertEmails holds something that is not an e-mail address: "
                        + email);
            }
        }
        if ((slackWorkspaceId == null) != (slackChannelId == null)) {
            throw new IllegalArgumentException("set both slackWorkspaceId and slackChannelId, or neither");
        }
        Objects.requireNonNull(slackWebhookSecretName, "slackWebhookSecretName");
        Objects.requireNonNull(instanceType, "instanceType");
        if (!(1 <= minCapacity && minCapacity <= desiredCapacity && desiredCapacity <= maxCapacity)) {
            throw new IllegalArgumentException("capacities must satisfy 1 <= minCapacity <= desiredCapacity <= "
                    + "maxCapacity, got " + minCapacity + ", " + desiredCapacity + ", " + maxCapacity);
        }
        if (!LOG_RETENTION_DAYS.contains(logRetentionDays)) {
            throw new IllegalArgumentException("logRetentionDays must be one of CloudWatch Logs' periods "
                    + LOG_RETENTION_DAYS + ", got " + logRetentionDays);
        }
    }

    public boolean chatbotEnabled() {
        return slackWorkspaceId != null;
    }

    /** A builder: every value named where it is given. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these values, to change some of them. */
    public Builder toBuilder() {
        return builder().region(region).alarmNamePrefix(alarmNamePrefix).thresholds(thresholds)
                .scalingCpuTargetPercent(scalingCpuTargetPercent).alertEmails(alertEmails)
                .slackWorkspaceId(slackWorkspaceId).slackChannelId(slackChannelId)
                .slackWebhookSecretName(slackWebhookSecretName).instanceType(instanceType).minCapacity(minCapacity)
                .maxCapacity(maxCapacity).desiredCapacity(desiredCapacity).logRetentionDays(logRetentionDays)
                .existingVpcId(existingVpcId).vpcEndpoints(vpcEndpoints).attachInstanceProfile(attachInstanceProfile)
                .removeAlarmsOfStoppedInstances(removeAlarmsOfStoppedInstances).reconcileMinutes(reconcileMinutes)
                .logWindowMinutes(logWindowMinutes).slackTimeZone(slackTimeZone)
                .slackMessageLanguage(slackMessageLanguage).slackMaskPersonalData(slackMaskPersonalData)
                .alarmWritesPerSecond(alarmWritesPerSecond).detectorConcurrency(detectorConcurrency)
                .certificateArn(certificateArn).chatbotTopics(chatbotTopics).destroyKeyWithStack(destroyKeyWithStack)
                .createWebTier(createWebTier).monitoredGroups(monitoredGroups).alarmMode(alarmMode)
                .alarmResolution(alarmResolution).stormThreshold(stormThreshold);
    }

    /** Builds {@link AppConfig}; its checks run in {@link #build()}. */
    public static final class Builder {
        private String region;
        private String alarmNamePrefix;
        private AlarmThresholds thresholds;
        private double scalingCpuTargetPercent;
        private List<String> alertEmails;
        private String slackWorkspaceId;
        private String slackChannelId;
        private String slackWebhookSecretName;
        private String instanceType;
        private int minCapacity;
        private int maxCapacity;
        private int desiredCapacity;
        private int logRetentionDays;
        private String existingVpcId;
        private boolean vpcEndpoints;
        private boolean attachInstanceProfile;
        private boolean removeAlarmsOfStoppedInstances;
        private int reconcileMinutes;
        private int logWindowMinutes;
        private String slackTimeZone;
        private String slackMessageLanguage;
        private boolean slackMaskPersonalData;
        private double alarmWritesPerSecond;
        private int detectorConcurrency;
        private String certificateArn;
        private Set<String> chatbotTopics;
        private boolean destroyKeyWithStack;
        private boolean createWebTier;
        private List<String> monitoredGroups;
        private AlarmMode alarmMode;
        private AlarmResolution alarmResolution;
        private int stormThreshold;

        private Builder() {}

        public Builder region(String value) { region = value; return this; }
        public Builder alarmNamePrefix(String value) { alarmNamePrefix = value; return this; }
        public Builder thresholds(AlarmThresholds value) { thresholds = value; return this; }
        public Builder scalingCpuTargetPercent(double value) { scalingCpuTargetPercent = value; return this; }
        public Builder alertEmails(List<String> value) { alertEmails = value; return this; }
        public Builder slackWorkspaceId(String value) { slackWorkspaceId = value; return this; }
        public Builder slackChannelId(String value) { slackChannelId = value; return this; }
        public Builder slackWebhookSecretName(String value) { slackWebhookSecretName = value; return this; }
        public Builder instanceType(String value) { instanceType = value; return this; }
        public Builder minCapacity(int value) { minCapacity = value; return this; }
        public Builder maxCapacity(int value) { maxCapacity = value; return this; }
        public Builder desiredCapacity(int value) { desiredCapacity = value; return this; }
        public Builder logRetentionDays(int value) { logRetentionDays = value; return this; }
        public Builder existingVpcId(String value) { existingVpcId = value; return this; }
        public Builder vpcEndpoints(boolean value) { vpcEndpoints = value; return this; }
        public Builder attachInstanceProfile(boolean value) { attachInstanceProfile = value; return this; }
        public Builder removeAlarmsOfStoppedInstances(boolean value) {
            removeAlarmsOfStoppedInstances = value;
            return this;
        }
        public Builder reconcileMinutes(int value) { reconcileMinutes = value; return this; }
        public Builder logWindowMinutes(int value) { logWindowMinutes = value; return this; }
        public Builder slackTimeZone(String value) { slackTimeZone = value; return this; }
        public Builder slackMessageLanguage(String value) { slackMessageLanguage = value; return this; }
        public Builder slackMaskPersonalData(boolean value) { slackMaskPersonalData = value; return this; }
        public Builder alarmWritesPerSecond(double value) { alarmWritesPerSecond = value; return this; }
        public Builder detectorConcurrency(int value) { detectorConcurrency = value; return this; }
        public Builder certificateArn(String value) { certificateArn = value; return this; }
        public Builder chatbotTopics(Set<String> value) { chatbotTopics = value; return this; }
        public Builder destroyKeyWithStack(boolean value) { destroyKeyWithStack = value; return this; }
        public Builder createWebTier(boolean value) { createWebTier = value; return this; }
        public Builder monitoredGroups(List<String> value) { monitoredGroups = value; return this; }
        public Builder alarmMode(AlarmMode value) { alarmMode = value; return this; }
        public Builder alarmResolution(AlarmResolution value) { alarmResolution = value; return this; }
        public Builder stormThreshold(int value) { stormThreshold = value; return this; }

        public AppConfig build() {
            return new AppConfig(region, alarmNamePrefix, thresholds, scalingCpuTargetPercent, alertEmails,
                    slackWorkspaceId, slackChannelId, slackWebhookSecretName, instanceType, minCapacity, maxCapacity,
                    desiredCapacity, logRetentionDays, existingVpcId, vpcEndpoints, attachInstanceProfile,
                    removeAlarmsOfStoppedInstances, reconcileMinutes, logWindowMinutes, slackTimeZone,
                    slackMessageLanguage, slackMaskPersonalData, alarmWritesPerSecond, detectorConcurrency,
                    certificateArn, chatbotTopics, destroyKeyWithStack, createWebTier, monitoredGroups, alarmMode,
                    alarmResolution, stormThreshold);
        }
    }
}
