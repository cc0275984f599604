package io.github.ec2monitoring.cpualert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/** For one alarm: read the instance's two logs in parallel, distill them, post the Slack message. */
public final class CpuAlert {

    static final String APACHE_ERROR_LOG = "Apache error log";
    static final String SYSLOG = "syslog";

    /** What one alert did, for the log line. */
    public record Delivery(ObjectNode message, int attempts, int linesRead) {}

    private final AlertConfig config;
    private final LogWindowReader logs;
    private final LogDistiller distiller;
    private final SlackMessage slackMessage;
    private final SlackWebhook slack;
    private final Executor executor;

    public CpuAlert(AlertConfig config, LogWindowReader logs, LogDistiller distiller, SlackWebhook slack,
            Executor executor) {
        this.config = config;
        this.logs = logs;
        this.distiller = distiller;
        this.slackMessage = new SlackMessage(config);
        this.slack = slack;
        this.executor = executor;
    }

    public Delivery notify(AlarmNotification alarm, Supplier<Duration> remaining) {
        List<SlackMessage.Section> sections = alarm.instanceId().isPresent() ? sections(alarm) : List.of();
        ObjectNode message = slackMessage.build(alarm, sections);
        int attempts = slack.post(message.toString(), remaining);
        return new Delivery(message, attempts, sections.stream().mapToInt(s -> s.excerpt().lines().size()).sum());
    }

    /** Both logs at once: the reads are network-bound and independent. */
    private List<SlackMessage.Section> sections(AlarmNotification alarm) {
        String instanceId = alarm.instanceId().orElseThrow();
        Instant to = alarm.stateChangeTime();
        Instant from = to.minus(config.window());
        CompletableFuture<LogExcerpt> apache = CompletableFuture.supplyAsync(
                () -> logs.read(APACHE_ERROR_LOG, config.apacheErrorLogGroup(), instanceId, from, to), executor);
        CompletableFuture<LogExcerpt> syslog = CompletableFuture.supplyAsync(
                () -> logs.read(SYSLOG, config.syslogLogGroup(), instanceId, from, to), executor);
        try {
            return List.of(section(apache.join()), section(syslog.join()));
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private SlackMessage.Section section(LogExcerpt excerpt) {
        return new SlackMessage.Section(excerpt, distiller.distill(excerpt.lines()));
    }
}
