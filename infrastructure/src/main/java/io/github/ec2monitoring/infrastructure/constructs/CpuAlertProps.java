package io.github.ec2monitoring.infrastructure.constructs;

import java.util.List;
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
 * @param topics the function subscribes to each
 * @param logRetention retention of the function's log group
 */
public record CpuAlertProps(
        Code code,
        ILogGroup syslogLogGroup,
        ILogGroup apacheErrorLogGroup,
        String webhookSecretName,
        int logWindowMinutes,
        List<ITopic> topics,
        RetentionDays logRetention) {

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
        topics = List.copyOf(topics);
    }
}
