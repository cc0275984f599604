package io.github.ec2monitoring.cpualert;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * What the function needs to know about its stack; read from the Lambda environment.
 *
 * @param syslogLogGroup log group the CloudWatch agent ships /var/log/syslog to, one stream per instance id
 * @param apacheErrorLogGroup log group of /var/log/apache2/error.log, one stream per instance id
 * @param webhookSecretName Secrets Manager secret whose value is the Slack incoming-webhook URL
 * @param window how far before the alarm's state change the log lines are read
 * @param autoScalingGroupName the monitored group, shown in the message (null when unknown)
 * @param zone the local time zone shown beside UTC
 * @param language the message's language
 * @param warningTopicArn the stack's warning topic: what it delivers is a warning (null when unknown)
 * @param criticalTopicArn the stack's critical topic: what it delivers is critical (null when unknown)
 * @param maskPersonalData mask e-mail and IP addresses in log lines (personal data), as well as secrets
 */
public record AlertConfig(
        String syslogLogGroup,
        String apacheErrorLogGroup,
        String webhookSecretName,
        Duration window,
        String autoScalingGroupName,
        ZoneId zone,
        Language language,
        String warningTopicArn,
        String criticalTopicArn,
        boolean maskPersonalData) {

    public static final String SYSLOG_LOG_GROUP = "SYSLOG_LOG_GROUP";
    public static final String APACHE_ERROR_LOG_GROUP = "APACHE_ERROR_LOG_GROUP";
    public static final String SLACK_WEBHOOK_SECRET_NAME = "SLACK_WEBHOOK_SECRET_NAME";
    public static final String LOG_WINDOW_MINUTES = "LOG_WINDOW_MINUTES";
    public static final String AUTO_SCALING_GROUP_NAME = "AUTO_SCALING_GROUP_NAME";
    public static final String TIME_ZONE = "TIME_ZONE";
    public static final String MESSAGE_LANGUAGE = "MESSAGE_LANGUAGE";
    public static final String WARNING_TOPIC_ARN = "WARNING_TOPIC_ARN";
    public static final String CRITICAL_TOPIC_ARN = "CRITICAL_TOPIC_ARN";
    public static final String MASK_PERSONAL_DATA = "MASK_PERSONAL_DATA";
    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Seoul");

    public AlertConfig {
        Objects.requireNonNull(syslogLogGroup, SYSLOG_LOG_GROUP);
        Objects.requireNonNull(apacheErrorLogGroup, APACHE_ERROR_LOG_GROUP);
        Objects.requireNonNull(webhookSecretName, SLACK_WEBHOOK_SECRET_NAME);
        Objects.requireNonNull(zone, TIME_ZONE);
        Objects.requireNonNull(language, MESSAGE_LANGUAGE);
        if (window.isNegative() || window.isZero() || window.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("log window must be between 1 and 60 minutes, got " + window);
        }
    }

    /** Defaults for everything but the three names: 5 minutes, Asia/Seoul, English, personal data masked. */
    public static AlertConfig of(String syslogLogGroup, String apacheErrorLogGroup, String webhookSecretName) {
        return new AlertConfig(syslogLogGroup, apacheErrorLogGroup, webhookSecretName, DEFAULT_WINDOW, null,
                DEFAULT_ZONE, Language.EN, null, null, true);
    }

    /** The topic that delivered the alarm says how severe it is; the name decides only for other topics. */
    public AlarmSeverity severityOf(AlarmNotification alarm) {
        if (alarm.topicArn() != null && alarm.topicArn().equals(criticalTopicArn)) {
            return AlarmSeverity.CRITICAL;
        }
        if (alarm.topicArn() != null && alarm.topicArn().equals(warningTopicArn)) {
            return AlarmSeverity.WARNING;
        }
        return alarm.severityFromName();
    }

    public static AlertConfig fromEnvironment(Map<String, String> env) {
        String minutes = optional(env, LOG_WINDOW_MINUTES);
        String zone = optional(env, TIME_ZONE);
        String language = optional(env, MESSAGE_LANGUAGE);
        String mask = optional(env, MASK_PERSONAL_DATA);
        if (mask != null && !mask.equals("true") && !mask.equals("false")) {
            throw new IllegalArgumentException(MASK_PERSONAL_DATA + " must be true or false, got " + mask);
        }
        try {
            return new AlertConfig(
                    required(env, SYSLOG_LOG_GROUP),
                    required(env, APACHE_ERROR_LOG_GROUP),
                    required(env, SLACK_WEBHOOK_SECRET_NAME),
                    minutes == null ? DEFAULT_WINDOW : Duration.ofMinutes(Long.parseLong(minutes)),
                    optional(env, AUTO_SCALING_GROUP_NAME),
                    zone == null ? DEFAULT_ZONE : ZoneId.of(zone),
                    language == null ? Language.EN : Language.of(language),
                    optional(env, WARNING_TOPIC_ARN),
                    optional(env, CRITICAL_TOPIC_ARN),
                    !"false".equals(mask));
        } catch (NumberFormatException | DateTimeException e) {
            throw new IllegalArgumentException("bad " + LOG_WINDOW_MINUTES + " or " + TIME_ZONE + ": " + e.getMessage(),
                    e);
        }
    }

    private static String optional(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String required(Map<String, String> env, String name) {
        String value = optional(env, name);
        if (value == null) {
            throw new IllegalArgumentException("environment variable " + name + " is not set");
        }
        return value;
    }
}
