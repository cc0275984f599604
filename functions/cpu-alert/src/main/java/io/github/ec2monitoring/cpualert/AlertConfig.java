package io.github.ec2monitoring.cpualert;

import io.github.ec2monitoring.contract.FunctionEnvironments;
import io.github.ec2monitoring.contract.FunctionEnvironments.CpuAlert;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
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
 * @param postedTransitionsTable the DynamoDB table that records each transition posted, so none is posted twice
 * @param postInterval the least time between two requests to Slack from all containers together
 * @param alarmQueueUrl the queue the function drains; how many alarms it holds tells a storm
 * @param stormThreshold from this many alarms in the queue at once, a summary first and the details per instance
 * @param alarmNamePrefix the stack's alarms start with it and a dash; a storm's summary lists them
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
        boolean maskPersonalData,
        String postedTransitionsTable,
        Duration postInterval,
        String alarmQueueUrl,
        int stormThreshold,
        String alarmNamePrefix) {

    /** Reads the environment the stack set, as {@link FunctionEnvironments.CpuAlert} defines it. */
    public static AlertConfig fromEnvironment(Map<String, String> env) {
        Duration window = Duration.ofMinutes(CpuAlert.LOG_WINDOW_MINUTES.read(env));
        Duration postInterval = Duration.ofMillis(CpuAlert.SLACK_POST_INTERVAL_MILLIS.read(env));
        Language language = Language.of(CpuAlert.MESSAGE_LANGUAGE.read(env));
        return new AlertConfig(
                CpuAlert.SYSLOG_LOG_GROUP.read(env),
                CpuAlert.APACHE_ERROR_LOG_GROUP.read(env),
                CpuAlert.SLACK_WEBHOOK_SECRET_NAME.read(env),
                window,
                CpuAlert.AUTO_SCALING_GROUP_NAME.read(env),
                CpuAlert.TIME_ZONE.read(env),
                language,
                FunctionEnvironments.WARNING_TOPIC_ARN.read(env),
                FunctionEnvironments.CRITICAL_TOPIC_ARN.read(env),
                CpuAlert.MASK_PERSONAL_DATA.read(env),
                CpuAlert.POSTED_TRANSITIONS_TABLE.read(env),
                postInterval,
                CpuAlert.ALARM_QUEUE_URL.read(env),
                CpuAlert.STORM_THRESHOLD.read(env),
                FunctionEnvironments.ALARM_NAME_PREFIX.read(env));
    }

    public AlertConfig {
        Objects.requireNonNull(syslogLogGroup, "syslogLogGroup");
        Objects.requireNonNull(apacheErrorLogGroup, "apacheErrorLogGroup");
        Objects.requireNonNull(webhookSecretName, "webhookSecretName");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(postedTransitionsTable, "postedTransitionsTable");
        Objects.requireNonNull(postInterval, "postInterval");
        Objects.requireNonNull(alarmQueueUrl, "alarmQueueUrl");
        Objects.requireNonNull(alarmNamePrefix, "alarmNamePrefix");
        if (stormThreshold < 2) {
            throw new IllegalArgumentException("storm threshold must be at least 2, got " + stormThreshold);
        }
        if (window.isNegative() || window.isZero() || window.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("log window must be between 1 and 60 minutes, got " + window);
        }
    }

    /** The topic that delivered the alarm says how severe it is; the name decides only for other topics. */
    public AlarmSeverity severityOf(AlarmNotification alarm) {
        return severityOf(alarm.topicArn() == null ? List.of() : List.of(alarm.topicArn()), alarm.alarmName());
    }

    /** The stack's topic among these (an alarm's actions) says how severe; the name decides only without one. */
    AlarmSeverity severityOf(Collection<String> topicArns, String alarmName) {
        if (criticalTopicArn != null && topicArns.contains(criticalTopicArn)) {
            return AlarmSeverity.CRITICAL;
        }
        if (warningTopicArn != null && topicArns.contains(warningTopicArn)) {
            return AlarmSeverity.WARNING;
        }
        return AlarmSeverity.fromName(alarmName);
    }
}
