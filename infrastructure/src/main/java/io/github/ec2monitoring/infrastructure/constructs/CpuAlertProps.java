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
}
