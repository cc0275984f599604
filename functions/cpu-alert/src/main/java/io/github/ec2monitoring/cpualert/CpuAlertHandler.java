package io.github.ec2monitoring.cpualert;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import io.github.ec2monitoring.contract.AlarmQueue;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Entry point for the alarm notifications of the warning and critical topics, in batches from the stack's queue (or
 * directly from a topic).
 *
 * <p>A stream handler that reads its own event, so that an event of any shape gets one clear log line. Messages that
 * can never become an alert (not alarm notifications) are skipped, so they are not retried. In a storm the channel
 * gets a summary first and then one message per instance, critical first; in a calm period each alarm is posted at
 * once. Logs that cannot be read leave the alert without its log lines, never without the alert. A record whose post
 * failed is reported for SQS to deliver again after a backoff, and finally kept in the dead-letter queue: an alert is
 * never silently dropped.
 */
public final class CpuAlertHandler implements RequestStreamHandler, Resource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertConfig config;
    private final CpuAlert alert;
    private final AlertMetrics metrics;
    private final PostedTransitions transitions;
    private final StormWatch storms;
    private final Redelivery redelivery;
    private final WebhookUrlSecret webhook;
    /** Enough rounds for the JIT to compile the hot paths before the snapshot, so a restored container starts warm. */
    static final int PRIMING_ROUNDS = 20;

    /**
     * Used by the Lambda runtime: configuration from the environment, clients built once per container, and
     * priming registered for SnapStart.
     */
    public CpuAlertHandler() {
        this(AlertConfig.fromEnvironment(System.getenv()), defaultLogs(), defaultSecrets(), defaultDynamo(),
                defaultSqs(), CpuAlertHandler::defaultCloudWatch,
                HttpClient.newBuilder().connectTimeout(SlackWebhook.Timing.DEFAULT.attemptTimeout()).build(),
                SlackWebhook.Timing.DEFAULT, System.out::println);
        Core.getGlobalContext().register(this);
    }

    /**
     * @param sqs reads how many alarms wait in the queue, to tell a storm
     * @param cloudWatch builds the client that counts a fleet alarm's contributors and lists a storm's alarms, on the
     *     first that needs it
     * @param slackTiming how long one post to Slack may take, and how long to back off after a failure
     * @param metricLines receives one embedded-metric JSON line per record; the runtime's stdout, where they are read
     */
    public CpuAlertHandler(AlertConfig config, CloudWatchLogsClient logs, SecretsManagerClient secrets,
            DynamoDbClient dynamo, SqsClient sqs, Supplier<CloudWatchClient> cloudWatch, HttpClient http,
            SlackWebhook.Timing slackTiming, Consumer<String> metricLines) {
        this.config = config;
        this.transitions = new PostedTransitions(dynamo, config.postedTransitionsTable(), Instant::now);
        this.storms = new StormWatch(sqs, config.alarmQueueUrl(), dynamo, config.postedTransitionsTable(),
                config.stormThreshold(), Instant::now, duration -> Thread.sleep(duration.toMillis()));
        this.redelivery = new Redelivery(sqs, config.alarmQueueUrl());
        Supplier<CloudWatchClient> oneCloudWatch = once(cloudWatch);
        this.webhook = new WebhookUrlSecret(secrets, config.webhookSecretName());
        Executor readers = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "log-reader");
            thread.setDaemon(true);
            return thread;
        });
        this.alert = new CpuAlert(config, new LogWindowReader(logs),
                new LogDistiller(new Redactor(webhook::known, config.maskPersonalData())),
                new SlackWebhook(http, webhook, slackTiming, SharedPacer.realTime(dynamo,
                        config.postedTransitionsTable(), config.postInterval(), AlarmQueue.POSTING_CONTAINERS,
                        CpuAlertHandler::logWarning), CpuAlertHandler::logWarning),
                new AlarmContributors(oneCloudWatch), new AlarmsInAlarm(oneCloudWatch, config), readers);
        this.metrics = new AlertMetrics(metricLines);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Instant receivedAt = Instant.now();
        List<SnsEvent.Record> records = SnsEvent.records(input.readNBytes(SnsEvent.MAX_EVENT_BYTES + 1));
        boolean fromQueue = SnsEvent.fromQueue(records);
        List<DetailPlan.Arrival> arrivals = new ArrayList<>();
        for (SnsEvent.Record record : records) {
            AlarmNotification alarm = alarmOf(record, receivedAt, context);
            if (alarm != null) {
                arrivals.add(new DetailPlan.Arrival(record.queueMessage(), alarm));
            }
        }
        Tally tally = new Tally();
        boolean storm = false;
        if (fromQueue && !arrivals.isEmpty()) {
            try {
                storm = stormFirst(arrivals, context);
            } catch (RuntimeException summaryFailed) {
                // Nothing goes before the summary: the whole batch comes back, after it (or to post it).
                arrivals.forEach(arrival -> tally.fail(arrival, summaryFailed));
                arrivals.clear();
            }
        }
        boolean heldBack = false;
        for (List<DetailPlan.Arrival> message : DetailPlan.messages(arrivals, storm, config::severityOf)) {
            if (!storm && fromQueue && (heldBack || storms.summaryPending())) {
                heldBack = true;
                message.forEach(arrival -> tally.fail(arrival, new IllegalStateException("held back for a summary")));
                continue;
            }
            postOnce(message, context, tally, !storm && fromQueue ? storms::summaryPending : () -> false);
        }
        if (heldBack) {
            log(context, LogLevel.INFO, "held-back", null, "a storm began while this batch was posting alone: "
                    + "its remaining records come back after the storm's summary");
        }
        if (!fromQueue && tally.firstFailure != null) {
            throw tally.firstFailure;
        }
        if (!tally.failed.isEmpty()) {
            List<String> problems = redelivery.backOff(List.copyOf(tally.failed));
            log(context, problems.isEmpty() ? LogLevel.INFO : LogLevel.WARN, "redelivery", null, tally.failed.size()
                    + " record(s) come back after a backoff of " + Redelivery.backoff(tally.failed.iterator().next()
                    .receiveCount()).toSeconds() + " s or more" + (problems.isEmpty() ? ""
                    : "; for " + problems.size() + " the backoff could not be set (" + problems.get(0)
                    + "): they come back after the queue's visibility timeout"));
        }
        ObjectNode answer = JSON.createObjectNode().put("posted", tally.posted).put("records", records.size());
        if (fromQueue) {
            ArrayNode failed = answer.putArray("batchItemFailures");
            tally.failed.forEach(message -> failed.addObject().put("itemIdentifier", message.id()));
        }
        JSON.writeValue(output, answer);
    }

    /** What a batch did: transitions posted, and the SQS messages to deliver again. */
    private static final class Tally {
        int posted;
        final Set<SnsEvent.QueueMessage> failed = new LinkedHashSet<>();
        RuntimeException firstFailure;

        void fail(DetailPlan.Arrival arrival, RuntimeException e) {
            if (arrival.queueMessage() != null) {
                failed.add(arrival.queueMessage());
            }
            if (firstFailure == null) {
                firstFailure = e;
            }
        }
    }

    /** The record's alarm; null when it is skipped (with a line) or not worth a post. */
    private AlarmNotification alarmOf(SnsEvent.Record record, Instant receivedAt, Context context) {
        if (record instanceof SnsEvent.Unreadable unreadable) {
            skip(context, unreadable.reason());
            return null;
        }
        AlarmMessageParser.Result result = AlarmMessageParser.parse((SnsEvent.Delivery) record, receivedAt);
        if (result instanceof AlarmMessageParser.Skipped skipped) {
            skip(context, skipped.reason());
            return null;
        }
        AlarmNotification alarm = ((AlarmMessageParser.Parsed) result).notification();
        if (alarm.isFirstData()) {
            log(context, LogLevel.INFO, "not-a-recovery", alarm,
                    "a new alarm got its first data; INSUFFICIENT_DATA -> OK is not a recovery, nothing posted");
            return null;
        }
        return alarm;
    }

    /**
     * Whether the batch is part of a storm; if it is, the storm's summary is out when this returns (or its record
     * cannot be used).
     *
     * @throws RuntimeException when the summary is not out: this container could not post it, or another one is
     *     still trying
     */
    private boolean stormFirst(List<DetailPlan.Arrival> arrivals, Context context) {
        StormWatch.Look look;
        StormWatch.Part part;
        try {
            look = storms.look(arrivals.size());
            if (look.unknownBecause() != null) {
                log(context, LogLevel.WARN, "storm-unknown", null, look.unknownBecause()
                        + "; this batch of " + arrivals.size() + " is judged by itself");
            }
            if (!look.storm()) {
                return false;
            }
            part = storms.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while telling a storm", e);
        }
        log(context, LogLevel.INFO, "storm", null, "a storm: " + look.waiting() + " alarm notifications in the "
                + "queue (threshold " + config.stormThreshold() + "); its summary first, then one message per instance, "
                + "critical first, until it has been quiet for " + StormWatch.QUIET.toMinutes() + " minutes");
        switch (part) {
            case OPENED -> summarize(look, arrivals, context);
            case SUMMARY_LATE -> {
                log(context, LogLevel.WARN, "storm-summary-late", null, "the storm's summary is not out after "
                        + StormWatch.SUMMARY_WAIT.toSeconds() + " s (another container is still trying); this batch "
                        + "comes back after it");
                throw new IllegalStateException("the storm's summary is not out yet");
            }
            case UNRECORDED -> log(context, LogLevel.WARN, "storm-unrecorded", null, "the storm's record in the "
                    + "posted-transitions table cannot be used; the details go, per instance, without a summary");
            case SUMMARY_OUT -> { }
        }
        return true;
    }

    private void summarize(StormWatch.Look look, List<DetailPlan.Arrival> arrivals, Context context) {
        String region = arrivals.stream().map(arrival -> arrival.alarm().regionCode()).filter(code -> !code.isEmpty())
                .findFirst().orElse("");
        try {
            int counted = alert.summarize(look.waiting(), Instant.now(), region,
                    () -> Duration.ofMillis(context.getRemainingTimeInMillis()));
            storms.summaryOut();
            log(context, LogLevel.INFO, "storm-summary", null, "summary posted: " + counted + " alarms in ALARM, "
                    + look.waiting() + " notifications waiting");
        } catch (RuntimeException e) {
            storms.summaryFailed();
            log(context, LogLevel.ERROR, "storm-summary-failed", null, e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "; the batch is delivered again and its next try posts the summary first");
            throw e;
        }
    }

    /**
     * Before SnapStart's snapshot: the whole path of an alert with the bundled fixture, so restored containers start
     * warm. Nothing is posted, the secret's value is not read, and the logs read are of 1970: no side effect.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        try {
            byte[] event = resource("priming/sns-alarm.json");
            for (int round = 0; round < PRIMING_ROUNDS; round++) {
                for (SnsEvent.Record record : SnsEvent.records(event)) {
                    AlarmMessageParser.Result result = AlarmMessageParser.parse((SnsEvent.Delivery) record,
                            Instant.EPOCH);
                    AlarmNotification fixture = ((AlarmMessageParser.Parsed) result).notification();
                    alert.prime(fixture, fixtureLines(fixture.stateChangeTime()));
                    new AlertMetrics(line -> { }).emit(fixture, 0, 0);
                    JSON.writeValueAsBytes(JSON.createObjectNode().put("posted", 1).put("records", 1));
                }
                webhook.prime();
                transitions.prime();
                storms.prime();
            }
        } catch (RuntimeException | IOException | LinkageError e) {
            // A snapshot without priming is slower on its first call, never wrong: publishing goes on.
            System.out.println(JSON.createObjectNode().put("level", "WARN").put("action", "priming-failed")
                    .put("detail", e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew: clients and the webhook URL (read on first use) are valid after a restore.
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = CpuAlertHandler.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no resource " + name);
            }
            return in.readAllBytes();
        }
    }

    private static List<LogLine> fixtureLines(Instant at) throws IOException {
        return new String(resource("priming/log-lines.txt"), StandardCharsets.UTF_8).lines()
                .map(line -> new LogLine(at.minusSeconds(60), line))
                .toList();
    }

    /**
     * Posts the message of these transitions, leaving out those posted before; a transition another invocation is
     * posting right now, or whose post failed, is reported for SQS to deliver again.
     */
    private void postOnce(List<DetailPlan.Arrival> message, Context context, Tally tally, BooleanSupplier holdBack) {
        List<DetailPlan.Arrival> claimed = new ArrayList<>();
        for (DetailPlan.Arrival arrival : message) {
            AlarmNotification alarm = arrival.alarm();
            String key = TransitionKey.of(alarm);
            switch (transitions.claim(key)) {
                case ALREADY_POSTED -> log(context, LogLevel.INFO, "duplicate", alarm,
                        "this transition was posted before; not again");
                case IN_FLIGHT -> {
                    log(context, LogLevel.WARN, "in-flight", alarm, "another invocation is posting this transition "
                            + "now; this one is delivered again, and then finds it posted or takes it over");
                    tally.fail(arrival, new IllegalStateException("transition being posted by another invocation: "
                            + key));
                }
                case UNRECORDED -> {
                    log(context, LogLevel.WARN, "unrecorded", alarm, "the posted-transitions table could not be "
                            + "used; posting anyway (a redelivery could post it again)");
                    claimed.add(arrival);
                }
                case CLAIMED -> claimed.add(arrival);
            }
        }
        if (claimed.isEmpty()) {
            return;
        }
        List<AlarmNotification> alarms = claimed.stream().map(DetailPlan.Arrival::alarm).toList();
        try {
            post(alarms, context, holdBack);
        } catch (RuntimeException e) {
            for (DetailPlan.Arrival arrival : claimed) {
                transitions.release(TransitionKey.of(arrival.alarm()));
                tally.fail(arrival, e);
            }
            return;
        }
        alarms.forEach(alarm -> transitions.posted(TransitionKey.of(alarm)));
        tally.posted += alarms.size();
    }

    private void post(List<AlarmNotification> alarms, Context context, BooleanSupplier holdBack) {
        AlarmNotification alarm = alarms.get(0);
        long started = System.nanoTime();
        CpuAlert.Delivery delivery;
        try {
            delivery = alert.notify(alarms, () -> Duration.ofMillis(context.getRemainingTimeInMillis()), holdBack);
        } catch (SlackWebhook.HeldBack e) {
            log(context, LogLevel.INFO, "held-back", alarm, e.getMessage() + "; it comes back after the summary");
            throw e;
        } catch (RuntimeException e) {
            for (AlarmNotification failed : alarms) {
                log(context, LogLevel.ERROR, "failed", failed, e.getClass().getSimpleName() + ": " + e.getMessage()
                        + " (it is delivered again; after its last try the dead-letter queue keeps the alert)");
                metrics.emit(failed, 0, 1);
            }
            throw e;
        }
        for (LogExcerpt unreadable : delivery.unreadable()) {
            log(context, LogLevel.ERROR, "logs-unreadable", alarm, unreadable.source() + " could not be read: "
                    + unreadable.unreadable() + "; the alert was posted without it");
        }
        if (delivery.contributors() != null && delivery.contributors().unknownBecause() != null) {
            log(context, LogLevel.WARN, "contributors-uncounted", alarm, "the instances of the fleet alarm in ALARM "
                    + "could not be counted: " + delivery.contributors().unknownBecause()
                    + "; the alert was posted without the count");
        }
        String together = alarms.size() == 1 ? "" : " with " + (alarms.size() - 1) + " more alarm(s) of the instance";
        for (AlarmNotification each : alarms) {
            metrics.emit(each, each == alarm ? delivery.unreadable().size() : 0, 0);
            log(context, LogLevel.INFO, "posted", each, "Slack message posted" + together + " after "
                    + delivery.attempts() + " attempt(s), " + delivery.linesRead() + " log lines read, in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
        }
    }

    private void skip(Context context, String reason) {
        log(context, LogLevel.WARN, "skipped", null, reason);
    }

    private static void log(Context context, LogLevel level, String action, AlarmNotification alarm, String detail) {
        ObjectNode line = JSON.createObjectNode().put("action", action).put("detail", detail);
        if (alarm != null) {
            line.put("alarm", alarm.alarmName()).put("state", alarm.newState())
                    .put("instanceId", alarm.instanceId().orElse(null));
        }
        context.getLogger().log(line.toString(), level);
    }

    private static void logWarning(String message) {
        System.out.println(JSON.createObjectNode().put("level", "WARN").put("action", "retrying")
                .put("detail", message));
    }

    private static Region region() {
        return Region.of(SdkSystemSetting.AWS_REGION.getStringValueOrThrow());
    }

    private static CloudWatchLogsClient defaultLogs() {
        return CloudWatchLogsClient.builder().region(region()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static CloudWatchClient defaultCloudWatch() {
        return CloudWatchClient.builder().region(region()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static SqsClient defaultSqs() {
        return SqsClient.builder().region(region()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** The client built on the first call, and that one given to every later caller. */
    private static Supplier<CloudWatchClient> once(Supplier<CloudWatchClient> factory) {
        return new Supplier<>() {
            private CloudWatchClient client;

            @Override
            public synchronized CloudWatchClient get() {
                if (client == null) {
                    client = factory.get();
                }
                return client;
            }
        };
    }

    private static DynamoDbClient defaultDynamo() {
        return DynamoDbClient.builder().region(region()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static SecretsManagerClient defaultSecrets() {
        return SecretsManagerClient.builder().region(region()).httpClient(UrlConnectionHttpClient.create()).build();
    }
}
