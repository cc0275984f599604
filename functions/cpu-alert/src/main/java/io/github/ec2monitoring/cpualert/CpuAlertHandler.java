package io.github.ec2monitoring.cpualert;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Entry point for SNS deliveries from the warning and critical topics.
 *
 * <p>Messages that can never become an alert (not alarm notifications, malformed) are skipped with one log line, so
 * they are not retried. A failure to read logs or to post escapes, so Lambda retries the invocation and finally keeps
 * it in the dead-letter queue: an alert is never silently dropped.
 */
public final class CpuAlertHandler implements RequestHandler<SNSEvent, String> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CpuAlert alert;

    /** Used by the Lambda runtime: configuration from the environment, clients built once per container. */
    public CpuAlertHandler() {
        this(AlertConfig.fromEnvironment(System.getenv()), defaultLogs(), defaultSecrets(),
                HttpClient.newBuilder().connectTimeout(SlackWebhook.Timing.DEFAULT.attemptTimeout()).build(),
                SlackWebhook.Timing.DEFAULT);
    }

    /** @param slackTiming how long one post to Slack may take, and how long to back off after a failure */
    public CpuAlertHandler(AlertConfig config, CloudWatchLogsClient logs, SecretsManagerClient secrets,
            HttpClient http, SlackWebhook.Timing slackTiming) {
        WebhookUrlSecret webhook = new WebhookUrlSecret(secrets, config.webhookSecretName());
        Executor readers = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "log-reader");
            thread.setDaemon(true);
            return thread;
        });
        this.alert = new CpuAlert(config, new LogWindowReader(logs),
                new LogDistiller(new Redactor(() -> webhook.get().toString())),
                new SlackWebhook(http, webhook, slackTiming, CpuAlertHandler::logWarning),
                readers);
    }

    @Override
    public String handleRequest(SNSEvent event, Context context) {
        List<SNSEvent.SNSRecord> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        if (records.isEmpty()) {
            log(context, LogLevel.WARN, "skipped", null, "event holds no SNS records");
        }
        int posted = 0;
        for (SNSEvent.SNSRecord record : records) {
            String message = record == null || record.getSNS() == null ? null : record.getSNS().getMessage();
            AlarmMessageParser.Result result = AlarmMessageParser.parse(message);
            if (result instanceof AlarmMessageParser.Skipped skipped) {
                log(context, LogLevel.WARN, "skipped", null, skipped.reason());
                continue;
            }
            AlarmNotification alarm = ((AlarmMessageParser.Parsed) result).notification();
            long started = System.nanoTime();
            try {
                CpuAlert.Delivery delivery = alert.notify(alarm,
                        () -> Duration.ofMillis(context.getRemainingTimeInMillis()));
                posted++;
                log(context, LogLevel.INFO, "posted", alarm, "Slack message posted after " + delivery.attempts()
                        + " attempt(s), " + delivery.linesRead() + " log lines read, in "
                        + (System.nanoTime() - started) / 1_000_000 + " ms");
            } catch (RuntimeException e) {
                log(context, LogLevel.ERROR, "failed", alarm, e.getClass().getSimpleName() + ": " + e.getMessage()
                        + " (Lambda retries; after that the alert is kept in the dead-letter queue)");
                throw e;
            }
        }
        return "posted " + posted + " of " + records.size();
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

    private static SecretsManagerClient defaultSecrets() {
        return SecretsManagerClient.builder().region(region()).httpClient(UrlConnectionHttpClient.create()).build();
    }
}
