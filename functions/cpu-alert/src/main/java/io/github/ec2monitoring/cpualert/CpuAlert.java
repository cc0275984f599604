package io.github.ec2monitoring.cpualert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** For one alarm: read the instance's logs around the state change and post the Slack message. */
public final class CpuAlert {

    static final String APACHE_ERROR_LOG = "Apache error log";
    static final String SYSLOG = "syslog";

    private final AlertConfig config;
    private final LogWindowReader logs;
    private final SlackWebhook slack;

    public CpuAlert(AlertConfig config, LogWindowReader logs, SlackWebhook slack) {
        this.config = config;
        this.logs = logs;
        this.slack = slack;
    }

    /** Posts the message and returns it. */
    public ObjectNode notify(AlarmNotification alarm) {
        List<LogExcerpt> excerpts = alarm.instanceId()
                .map(instanceId -> {
                    Instant to = alarm.stateChangeTime();
                    Instant from = to.minus(config.window());
                    return List.of(
                            logs.read(APACHE_ERROR_LOG, config.apacheErrorLogGroup(), instanceId, from, to),
                            logs.read(SYSLOG, config.syslogLogGroup(), instanceId, from, to));
                })
                .orElse(List.of());
        ObjectNode message = SlackMessage.build(alarm, excerpts);
        slack.post(message.toString());
        return message;
    }
}
