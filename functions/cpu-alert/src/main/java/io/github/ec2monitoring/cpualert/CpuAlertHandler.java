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
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Entry point for SNS deliveries from the warning and critical topics.
 *
 * <p>A stream handler that reads its own SNS event, so that an event of any shape gets one clear log line. Messages
 * that can never become an alert (not alarm notifications) are skipped, so they are not retried. Logs that cannot be
 * read leave the alert without its log lines, never without the alert. Only a failure to post escapes, so Lambda
 * retries the invocation and finally keeps it in the dead-letter queue: an alert is never silently dropped.
 */
public final class CpuAlertHandler implements RequestStreamHandler, Resource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CpuAlert alert;
    private final AlertMetrics metrics;
    private final PostedTransitions transitions;
    private final WebhookUrlSecret webhook;
    /** Enough rounds for the JIT to compile the hot paths before the snapshot, so a restored container starts warm. */
    static final int PRIMING_ROUNDS = 20;

    /**
     * Used by the Lambda runtime: configuration from the environment, clients built once per container, and
     * priming registered for SnapStart.
     */
    public CpuAlertHandler() {
        this(AlertConfig.fromEnvironment(System.getenv()), defaultLogs(), defaultSecrets(), defaultDynamo(),
                CpuAlertHandler::defaultCloudWatch,
                HttpClient.newBuilder().connectTimeout(SlackWebhook.Timing.DEFAULT.attemptTimeout()).build(),
                SlackWebhook.Timing.DEFAULT, System.out::println);
        Core.getGlobalContext().register(this);
    }

    /**
     * @param cloudWatch builds the client that counts a fleet alarm's contributors, on the first that comes
     * @param slackTiming how long one post to Slack may take, and how long to back off after a failure
     * @param metricLines receives one embedded-metric JSON line per record; the runtime's stdout, where they are read
     */
    public CpuAlertHandler(AlertConfig config, CloudWatchLogsClient logs, SecretsManagerClient secrets,
            DynamoDbClient dynamo, Supplier<CloudWatchClient> cloudWatch, HttpClient http,
            SlackWebhook.Timing slackTiming, Consumer<String> metricLines) {
        this.transitions = new PostedTransitions(dynamo, config.postedTransitionsTable(), Instant::now);
        this.webhook = new WebhookUrlSecret(secrets, config.webhookSecretName());
        Executor readers = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "log-reader");
            thread.setDaemon(true);
            return thread;
        });
        this.alert = new CpuAlert(config, new LogWindowReader(logs),
                new LogDistiller(new Redactor(webhook::known, config.maskPersonalData())),
                new SlackWebhook(http, webhook, slackTiming, PostPacer.realTime(config.postInterval()),
                        CpuAlertHandler::logWarning),
                new AlarmContributors(cloudWatch), readers);
        this.metrics = new AlertMetrics(metricLines);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Instant receivedAt = Instant.now();
        List<SnsEvent.Record> records = SnsEvent.records(input.readNBytes(SnsEvent.MAX_EVENT_BYTES + 1));
        boolean fromQueue = SnsEvent.fromQueue(records);
        int posted = 0;
        ArrayNode failed = JSON.createArrayNode();
        for (SnsEvent.Record record : records) {
            try {
                if (handle(record, receivedAt, context)) {
                    posted++;
                }
            } catch (RuntimeException e) {
                if (!fromQueue) {
                    throw e;
                }
                // Logged where it failed; SQS delivers it again, and after its last receive keeps it in the DLQ.
                failed.addObject().put("itemIdentifier", record.queueMessageId());
            }
        }
        ObjectNode answer = JSON.createObjectNode().put("posted", posted).put("records", records.size());
        if (fromQueue) {
            answer.set("batchItemFailures", failed);
        }
        JSON.writeValue(output, answer);
    }

    /** One record: skipped with a line, or posted once; true when it was posted now. */
    private boolean handle(SnsEvent.Record record, Instant receivedAt, Context context) {
        if (record instanceof SnsEvent.Unreadable unreadable) {
            skip(context, unreadable.reason());
            return false;
        }
        AlarmMessageParser.Result result = AlarmMessageParser.parse((SnsEvent.Delivery) record, receivedAt);
        if (result instanceof AlarmMessageParser.Skipped skipped) {
            skip(context, skipped.reason());
            return false;
        }
        AlarmNotification alarm = ((AlarmMessageParser.Parsed) result).notification();
        if (alarm.isFirstData()) {
            log(context, LogLevel.INFO, "not-a-recovery", alarm,
                    "a new alarm got its first data; INSUFFICIENT_DATA -> OK is not a recovery, nothing posted");
            return false;
        }
        return postOnce(alarm, context);
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

    /** Posts the transition unless it was posted before; false when it was. */
    private boolean postOnce(AlarmNotification alarm, Context context) {
        String key = TransitionKey.of(alarm);
        PostedTransitions.Claim claim = transitions.claim(key);
        switch (claim) {
            case ALREADY_POSTED -> {
                log(context, LogLevel.INFO, "duplicate", alarm, "this transition was posted before; not again");
                return false;
            }
            case IN_FLIGHT -> {
                log(context, LogLevel.WARN, "in-flight", alarm, "another invocation is posting this transition now; "
                        + "this one is delivered again, and then finds it posted or takes it over");
                throw new IllegalStateException("transition being posted by another invocation: " + key);
            }
            case UNRECORDED -> log(context, LogLevel.WARN, "unrecorded", alarm, "the posted-transitions table could "
                    + "not be used; posting anyway (a redelivery could post it again)");
            case CLAIMED -> { }
        }
        try {
            post(alarm, context);
        } catch (RuntimeException e) {
            transitions.release(key);
            throw e;
        }
        transitions.posted(key);
        return true;
    }

    private void post(AlarmNotification alarm, Context context) {
        long started = System.nanoTime();
        CpuAlert.Delivery delivery;
        try {
            delivery = alert.notify(alarm, () -> Duration.ofMillis(context.getRemainingTimeInMillis()));
        } catch (RuntimeException e) {
            log(context, LogLevel.ERROR, "failed", alarm, e.getClass().getSimpleName() + ": " + e.getMessage()
                    + " (it is delivered again; after its last try the dead-letter queue keeps the alert)");
            metrics.emit(alarm, 0, 1);
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
        metrics.emit(alarm, delivery.unreadable().size(), 0);
        log(context, LogLevel.INFO, "posted", alarm, "Slack message posted after " + delivery.attempts()
                + " attempt(s), " + delivery.linesRead() + " log lines read, in "
                + (System.nanoTime() - started) / 1_000_000 + " ms");
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

    private static DynamoDbClient defaultDynamo() {
        return DynamoDbClient.builder().region(region()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static SecretsManagerClient defaultSecrets() {
        return SecretsManagerClient.builder().region(region()).httpClient(UrlConnectionHttpClient.create()).build();
    }
}
