package io.github.ec2monitoring.cpualert;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.util.List;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Entry point for SNS deliveries from the warning and critical topics.
 *
 * <p>Messages that are not alarm notifications are skipped with one log line. A failure to read logs or to post
 * escapes, so Lambda retries the invocation and finally keeps it in the dead-letter queue.
 */
public final class CpuAlertHandler implements RequestHandler<SNSEvent, String> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CpuAlert alert;

    /** Used by the Lambda runtime: configuration from the environment, clients built once per container. */
    public CpuAlertHandler() {
        this(AlertConfig.fromEnvironment(System.getenv()), defaultLogs(), defaultSecrets(), HttpClient.newBuilder()
                .connectTimeout(SlackWebhook.TIMEOUT).build());
    }

    public CpuAlertHandler(AlertConfig config, CloudWatchLogsClient logs, SecretsManagerClient secrets,
            HttpClient http) {
        this.alert = new CpuAlert(config, new LogWindowReader(logs),
                new SlackWebhook(http, new WebhookUrlSecret(secrets, config.webhookSecretName())));
    }

    @Override
    public String handleRequest(SNSEvent event, Context context) {
        List<SNSEvent.SNSRecord> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        if (records.isEmpty()) {
            log(context, LogLevel.WARN, "skipped", null, "event holds no SNS records");
        }
        int posted = 0;
        for (SNSEvent.SNSRecord record : records) {
            String message = record.getSNS() == null ? null : record.getSNS().getMessage();
            AlarmMessageParser.Result result = AlarmMessageParser.parse(message);
            if (result instanceof AlarmMessageParser.Skipped skipped) {
                log(context, LogLevel.WARN, "skipped", null, skipped.reason());
                continue;
            }
            AlarmNotification alarm = ((AlarmMessageParser.Parsed) result).notification();
            long started = System.nanoTime();
            alert.notify(alarm);
            posted++;
            log(context, LogLevel.INFO, "posted", alarm, "Slack message posted in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
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
