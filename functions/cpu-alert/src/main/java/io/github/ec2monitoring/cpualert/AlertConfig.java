package io.github.ec2monitoring.cpualert;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the function needs to know about its stack; read from the Lambda environment.
 *
 * @param syslogLogGroup log group the CloudWatch agent ships /var/log/syslog to, one stream per instance id
 * @param apacheErrorLogGroup log group of /var/log/apache2/error.log, one stream per instance id
 * @param webhookSecretName Secrets Manager secret whose value is the Slack incoming-webhook URL
 * @param window how far before the alarm's state change the log lines are read
 */
public record AlertConfig(String syslogLogGroup, String apacheErrorLogGroup, String webhookSecretName, Duration window) {

    public static final String SYSLOG_LOG_GROUP = "SYSLOG_LOG_GROUP";
    public static final String APACHE_ERROR_LOG_GROUP = "APACHE_ERROR_LOG_GROUP";
    public static final String SLACK_WEBHOOK_SECRET_NAME = "SLACK_WEBHOOK_SECRET_NAME";
    public static final String LOG_WINDOW_MINUTES = "LOG_WINDOW_MINUTES";
    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

    public AlertConfig {
        Objects.requireNonNull(syslogLogGroup, SYSLOG_LOG_GROUP);
        Objects.requireNonNull(apacheErrorLogGroup, APACHE_ERROR_LOG_GROUP);
        Objects.requireNonNull(webhookSecretName, SLACK_WEBHOOK_SECRET_NAME);
        if (window.isNegative() || window.isZero() || window.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("log window must be between 1 and 60 minutes, got " + window);
        }
    }

    public static AlertConfig fromEnvironment(Map<String, String> env) {
        String minutes = env.get(LOG_WINDOW_MINUTES);
        return new AlertConfig(
                required(env, SYSLOG_LOG_GROUP),
                required(env, APACHE_ERROR_LOG_GROUP),
                required(env, SLACK_WEBHOOK_SECRET_NAME),
                minutes == null || minutes.isBlank() ? DEFAULT_WINDOW : Duration.ofMinutes(Long.parseLong(minutes)));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("environment variable " + name + " is not set");
        }
        return value;
    }
}
