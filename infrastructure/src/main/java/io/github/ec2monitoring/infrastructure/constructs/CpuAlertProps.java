package io.github.ec2monitoring.infrastructure.constructs;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Objects;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;

/**
 * @param code the cpu-alert shaded jar
 * @param syslogLogGroup read for the alarm's instance
 * @param apacheErrorLogGroup read for the alarm's instance
 * @param webhookSecretName Secrets Manager secret (created by the operator) holding the Slack webhook URL
 * @param logWindowMinutes how many minutes before the alarm the logs are read
 * @param autoScalingGroupName shown in messages whose alarm names no group; null when the stack watches several
 * @param timeZone IANA zone shown beside UTC, e.g. Asia/Seoul
 * @param language "en" or "ko"
 * @param maskPersonalData whether e-mail and IP addresses in log lines are masked before they reach Slack
 * @param warningTopic the function subscribes to it; what it delivers is shown as a warning
 * @param criticalTopic the function subscribes to it; what it delivers is shown as critical
 * @param postWarnings whether the function subscribes to the warning topic (false when Chatbot carries it)
 * @param postCritical whether the function subscribes to the critical topic (false when Chatbot carries it)
 * @param logRetention retention of the function's log group
 * @param alarmNamePrefix the stack's alarms start with it and a dash; a storm's summary lists those in ALARM
 * @param stormThreshold from this many alarm notifications in the queue at once, Slack gets a summary first and then
 *     one message per instance
 * @param fleetAlarmNamePattern in fleet mode, the names of the fleet alarms (e.g. {@code web-fleet-*}), whose
 *     contributors in ALARM the function may count; null in per-instance mode
 */
public record CpuAlertProps(
        Code code,
        ILogGroup syslogLogGroup,
        ILogGroup apacheErrorLogGroup,
        String webhookSecretName,
        int logWindowMinutes,
        String autoScalingGroupName,
        String timeZone,
        String language,
        boolean maskPersonalData,
        ITopic warningTopic,
        ITopic criticalTopic,
        boolean postWarnings,
        boolean postCritical,
        RetentionDays logRetention,
        String alarmNamePrefix,
        int stormThreshold,
        String fleetAlarmNamePattern) {

    public CpuAlertProps {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(syslogLogGroup, "syslogLogGroup");
        Objects.requireNonNull(apacheErrorLogGroup, "apacheErrorLogGroup");
        Objects.requireNonNull(logRetention, "logRetention");
        if (webhookSecretName == null || !webhookSecretName.matches("[\\w/+=.@-]{1,512}")) {
            throw new IllegalArgumentException("webhookSecretName is not a Secrets Manager name: " + webhookSecretName);
        }
        if (logWindowMinutes < 1 || logWindowMinutes > 60) {
            throw new IllegalArgumentException("logWindowMinutes must be between 1 and 60");
        }
        Objects.requireNonNull(warningTopic, "warningTopic");
        Objects.requireNonNull(alarmNamePrefix, "alarmNamePrefix");
        if (stormThreshold < 2 || stormThreshold > 1000) {
            throw new IllegalArgumentException("stormThreshold must be between 2 and 1000, got " + stormThreshold);
        }
        Objects.requireNonNull(criticalTopic, "criticalTopic");
        try {
            ZoneId.of(timeZone);
        } catch (DateTimeException | NullPointerException e) {
            throw new IllegalArgumentException("not a time zone: " + timeZone, e);
        }
        if (!"en".equals(language) && !"ko".equals(language)) {
            throw new IllegalArgumentException("language must be en or ko, got " + language);
        }
    }

    /** A builder: every value named where it is given. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link CpuAlertProps}; its checks run in {@link #build()}. */
    public static final class Builder {
        private Code code;
        private ILogGroup syslogLogGroup;
        private ILogGroup apacheErrorLogGroup;
        private String webhookSecretName;
        private int logWindowMinutes;
        private String autoScalingGroupName;
        private String timeZone;
        private String language;
        private boolean maskPersonalData;
        private ITopic warningTopic;
        private ITopic criticalTopic;
        private boolean postWarnings;
        private boolean postCritical;
        private RetentionDays logRetention;
        private String alarmNamePrefix;
        private int stormThreshold;
        private String fleetAlarmNamePattern;

        private Builder() {}

        public Builder code(Code value) { code = value; return this; }
        public Builder syslogLogGroup(ILogGroup value) { syslogLogGroup = value; return this; }
        public Builder apacheErrorLogGroup(ILogGroup value) { apacheErrorLogGroup = value; return this; }
        public Builder webhookSecretName(String value) { webhookSecretName = value; return this; }
        public Builder logWindowMinutes(int value) { logWindowMinutes = value; return this; }
        public Builder autoScalingGroupName(String value) { autoScalingGroupName = value; return this; }
        public Builder timeZone(String value) { timeZone = value; return this; }
        public Builder language(String value) { language = value; return this; }
        public Builder maskPersonalData(boolean value) { maskPersonalData = value; return this; }
        public Builder warningTopic(ITopic value) { warningTopic = value; return this; }
        public Builder criticalTopic(ITopic value) { criticalTopic = value; return this; }
        public Builder postWarnings(boolean value) { postWarnings = value; return this; }
        public Builder postCritical(boolean value) { postCritical = value; return this; }
        public Builder logRetention(RetentionDays value) { logRetention = value; return this; }
        public Builder alarmNamePrefix(String value) { alarmNamePrefix = value; return this; }
        public Builder stormThreshold(int value) { stormThreshold = value; return this; }
        public Builder fleetAlarmNamePattern(String value) { fleetAlarmNamePattern = value; return this; }

        public CpuAlertProps build() {
            return new CpuAlertProps(code, syslogLogGroup, apacheErrorLogGroup, webhookSecretName, logWindowMinutes,
                    autoScalingGroupName, timeZone, language, maskPersonalData, warningTopic, criticalTopic,
                    postWarnings, postCritical, logRetention, alarmNamePrefix, stormThreshold, fleetAlarmNamePattern);
        }
    }
}
