package io.github.ec2monitoring.cpualert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * For one alarm: read the instance's two logs in parallel, distill them, post the Slack message. Logs that cannot be
 * read in time are said to be unreadable in the message; only a failure to post fails the alert.
 */
public final class CpuAlert {

    static final String APACHE_ERROR_LOG = "Apache error log";
    static final String SYSLOG = "syslog";
    /** The longest the log reads may take; the rest of the invocation belongs to Slack and its retries. */
    static final Duration MAX_LOG_READ = Duration.ofSeconds(20);
    /** Kept for posting to Slack however long the reads take. */
    static final Duration KEPT_FOR_SLACK = Duration.ofSeconds(25);

    /** What one alert did, for the log line. */
    public record Delivery(ObjectNode message, int attempts, int linesRead, List<LogExcerpt> unreadable,
            AlarmContributors.Count contributors) {}

    private final AlertConfig config;
    private final LogWindowReader logs;
    private final LogDistiller distiller;
    private final SlackMessage slackMessage;
    private final SlackWebhook slack;
    private final AlarmContributors contributors;
    private final AlarmsInAlarm firing;
    private final StormSummary stormSummary;
    private final Executor executor;

    public CpuAlert(AlertConfig config, LogWindowReader logs, LogDistiller distiller, SlackWebhook slack,
            AlarmContributors contributors, AlarmsInAlarm firing, Executor executor) {
        this.config = config;
        this.contributors = contributors;
        this.firing = firing;
        this.stormSummary = new StormSummary(config);
        this.logs = logs;
        this.distiller = distiller;
        this.slackMessage = new SlackMessage(config);
        this.slack = slack;
        this.executor = executor;
    }

    /**
     * The webhook URL is read before the log lines are distilled, so that they are redacted of it wherever they
     * quote it; while the logs are read, so that it costs no time of its own.
     */
    public Delivery notify(AlarmNotification alarm, Supplier<Duration> remaining) {
        return notify(List.of(alarm), remaining, () -> false);
    }

    /**
     * One message for an instance's alarms (one in a calm period): the first, most severe, in full with the
     * instance's logs of its window, the others as a line each.
     *
     * @param holdBack asked before each retry: true gives the post up (a storm's summary must come first)
     */
    public Delivery notify(List<AlarmNotification> alarms, Supplier<Duration> remaining, BooleanSupplier holdBack) {
        AlarmNotification alarm = alarms.get(0);
        List<LogExcerpt> excerpts;
        if (alarm.instanceId().isPresent()) {
            excerpts = read(alarm, remaining.get(), slack::resolveTarget);
        } else {
            slack.resolveTarget();
            excerpts = List.of();
        }
        AlarmContributors.Count inAlarm = alarm.contributorOf().isPresent() ? contributors.count(alarm.alarmName())
                : null;
        ObjectNode message = slackMessage.build(alarm, sections(excerpts), inAlarm, alarms.subList(1, alarms.size()));
        int attempts = slack.post(message.toString(), remaining, holdBack);
        return new Delivery(message, attempts, excerpts.stream().mapToInt(e -> e.lines().size()).sum(),
                excerpts.stream().filter(LogExcerpt::isUnreadable).toList(), inAlarm);
    }

    /**
     * A storm's summary, from the alarms in ALARM now; posted within {@link StormWatch#SUMMARY_BUDGET}, so that a
     * summary stuck behind a Slack outage is soon taken over by the next batch.
     *
     * @return the alarms it counted
     */
    int summarize(int waiting, Instant noticedAt, String regionCode, Supplier<Duration> remaining) {
        AlarmsInAlarm.Listing listing = firing.list();
        ObjectNode message = stormSummary.build(listing, waiting, noticedAt, regionCode);
        Duration budget = StormWatch.SUMMARY_BUDGET.plus(SlackWebhook.RESERVE);
        long deadline = System.nanoTime() + budget.toNanos();
        slack.post(message.toString(), () -> {
            Duration left = remaining.get();
            Duration own = Duration.ofNanos(deadline - System.nanoTime());
            return left.compareTo(own) < 0 ? left : own;
        });
        return listing.firing().size();
    }

    /**
     * Every step of an alert but the post, before SnapStart takes its snapshot: the log reads (the fixture's window
     * is in 1970, so they read nothing), the distilling of fixture lines, the message and the HTTP request.
     */
    void prime(AlarmNotification fixture, List<LogLine> fixtureLines) {
        logs.prime(config.apacheErrorLogGroup());
        List<LogExcerpt> excerpts = new ArrayList<>(read(fixture, Duration.ofMinutes(1), () -> { }));
        excerpts.add(LogExcerpt.read(APACHE_ERROR_LOG, fixtureLines, false));
        slack.prepare(slackMessage.build(fixture, sections(excerpts)).toString());
    }

    private List<SlackMessage.Section> sections(List<LogExcerpt> excerpts) {
        return excerpts.stream()
                .map(excerpt -> new SlackMessage.Section(excerpt, distiller.distill(excerpt.lines())))
                .toList();
    }

    /** Both logs at once: the reads are network-bound and independent. {@code meanwhile} runs while they do. */
    private List<LogExcerpt> read(AlarmNotification alarm, Duration remaining, Runnable meanwhile) {
        String instanceId = alarm.instanceId().orElseThrow();
        Instant to = alarm.stateChangeTime();
        Instant from = to.minus(config.window());
        CompletableFuture<LogExcerpt> apache = CompletableFuture.supplyAsync(
                () -> logs.read(APACHE_ERROR_LOG, config.apacheErrorLogGroup(), instanceId, from, to), executor);
        CompletableFuture<LogExcerpt> syslog = CompletableFuture.supplyAsync(
                () -> logs.read(SYSLOG, config.syslogLogGroup(), instanceId, from, to), executor);
        meanwhile.run();
        Duration budget = remaining.minus(KEPT_FOR_SLACK);
        budget = budget.compareTo(MAX_LOG_READ) > 0 ? MAX_LOG_READ
                : budget.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : budget;
        long deadline = System.nanoTime() + budget.toNanos();
        List<LogExcerpt> excerpts = new ArrayList<>(2);
        excerpts.add(await(apache, APACHE_ERROR_LOG, deadline, budget));
        excerpts.add(await(syslog, SYSLOG, deadline, budget));
        return excerpts;
    }

    private static LogExcerpt await(CompletableFuture<LogExcerpt> read, String source, long deadline, Duration budget) {
        try {
            return read.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            read.cancel(true);
            return LogExcerpt.unreadable(source, "CloudWatch Logs gave no answer within " + budget.toSeconds() + " s");
        } catch (java.util.concurrent.ExecutionException e) {
            return LogExcerpt.unreadable(source, "reading failed (" + e.getCause().getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LogExcerpt.unreadable(source, "reading was interrupted");
        }
    }
}
