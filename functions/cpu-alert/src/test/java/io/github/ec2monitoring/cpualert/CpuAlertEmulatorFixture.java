package io.github.ec2monitoring.cpualert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ec2monitoring.standins.AwsFront;
import io.github.ec2monitoring.standins.CallCounter;
import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.standins.PostedTransitionsTable;
import io.github.ec2monitoring.standins.Quotas;
import io.github.ec2monitoring.standins.TestContext;
import io.github.ec2monitoring.standins.WebhookServer;
import io.github.ec2monitoring.testsupport.MotoServerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The world the cpu-alert emulator tests run the handler in: logs and the secret in moto server (the log reads go
 * through the quota front, at CloudWatch Logs' rate), Slack as a real loopback HTTP server.
 */
@ExtendWith(MotoServerExtension.class)
abstract class CpuAlertEmulatorFixture {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String INSTANCE = "i-0abcdef1234567890";
    static final Instant CHANGED_AT = Instant.parse("2026-11-24T06:30:12.345Z");
    static final AlertConfig CONFIG = SlackMessages.config(Language.EN);
    /** Short, so the slow-Slack and retry cases cost about a second, not tens. */
    static final SlackWebhook.Timing TIMING = new SlackWebhook.Timing(Duration.ofMillis(800), Duration.ofMillis(50));

    static CloudWatchLogsClient logs;
    static SecretsManagerClient secrets;
    static DynamoDbClient dynamo;
    static SqsClient sqs;
    /** The emulator has no DescribeAlarmContributors: this front answers it as CloudWatch would, with three. */
    static AwsFront contributors;

    WebhookServer slack;
    CpuAlertHandler handler;
    final List<String> metricLines = new ArrayList<>();

    /** The emulator starts empty for each test class (the extension resets it). */
    @BeforeAll
    static void createClientsAndLogs() throws IOException {
        contributors = new AwsFront(MotoServer.endpoint()).always("DescribeAlarmContributors",
                AwsFront.Answer.alarmContributors(List.of(Map.of("InstanceId", INSTANCE),
                        Map.of("InstanceId", "i-0aaaaaaaaaaaaaaa2"), Map.of("InstanceId", "i-0aaaaaaaaaaaaaaa3"))));
        logs = MotoServer.client(CloudWatchLogsClient.builder());
        secrets = MotoServer.client(SecretsManagerClient.builder());
        dynamo = MotoServer.client(DynamoDbClient.builder());
        sqs = MotoServer.client(SqsClient.builder());
        sqs.createQueue(r -> r.queueName("web-alarms"));
        logs.createLogGroup(r -> r.logGroupName(CONFIG.syslogLogGroup()));
        logs.createLogGroup(r -> r.logGroupName(CONFIG.apacheErrorLogGroup()));
        for (LogExcerpt excerpt : SlackMessages.provokedLogs()) {
            String group = excerpt.source().equals(CpuAlert.SYSLOG) ? CONFIG.syslogLogGroup() : CONFIG.apacheErrorLogGroup();
            logs.createLogStream(r -> r.logGroupName(group).logStreamName(INSTANCE));
            List<InputLogEvent> events = excerpt.lines().stream().map(line -> InputLogEvent.builder()
                    .timestamp(line.timestamp().toEpochMilli()).message(line.message()).build()).toList();
            logs.putLogEvents(r -> r.logGroupName(group).logStreamName(INSTANCE).logEvents(events));
        }
        // Outside the window on both sides: never quoted.
        logs.putLogEvents(r -> r.logGroupName(CONFIG.syslogLogGroup()).logStreamName(INSTANCE).logEvents(
                InputLogEvent.builder().timestamp(CHANGED_AT.minusSeconds(400).toEpochMilli())
                        .message("kernel: error too early, outside the window").build(),
                InputLogEvent.builder().timestamp(CHANGED_AT.plusSeconds(60).toEpochMilli())
                        .message("kernel: error after the alarm, outside the window").build()));
    }

    @BeforeEach
    void startSlack() throws IOException {
        PostedTransitionsTable.create(dynamo, CONFIG.postedTransitionsTable());
        slack = new WebhookServer();
        String name = CONFIG.webhookSecretName();
        if (secrets.listSecrets().secretList().stream().anyMatch(s -> s.name().equals(name))) {
            secrets.putSecretValue(r -> r.secretId(name).secretString(slack.url().toString()));
        } else {
            secrets.createSecret(r -> r.name(name).secretString(slack.url().toString()));
        }
        handler = handler(CONFIG, MotoServer.client(CloudWatchLogsClient.builder(), new CallCounter(),
                Quotas.suiteFront().endpoint()));
    }

    @AfterEach
    void stopSlack() {
        slack.close();
    }

    @AfterAll
    static void stopContributorsFront() {
        contributors.close();
    }

    CpuAlertHandler handler(AlertConfig config, CloudWatchLogsClient logsClient) {
        return handler(config, logsClient, contributors);
    }

    CpuAlertHandler handler(AlertConfig config, CloudWatchLogsClient logsClient, AwsFront cloudWatch) {
        return new CpuAlertHandler(config, logsClient, secrets, dynamo, sqs,
                () -> MotoServer.client(CloudWatchClient.builder(), new CallCounter(), cloudWatch.endpoint()),
                HttpClient.newHttpClient(), TIMING, metricLines::add);
    }

    static byte[] event(String fixture) {
        return Events.fixture(fixture);
    }

    /** The fixture's alarm, for another instance. */
    static byte[] eventFor(String fixture, String instance) {
        return new String(event(fixture), StandardCharsets.UTF_8).replace(INSTANCE, instance)
                .getBytes(StandardCharsets.UTF_8);
    }

    static JsonNode invoke(CpuAlertHandler handler, byte[] event, TestContext context) {
        return Events.invoke(handler, event, context);
    }

    JsonNode lastPost() {
        List<WebhookServer.Received> posts = slack.received();
        try {
            return JSON.readTree(posts.get(posts.size() - 1).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The block texts of the last post. */
    String lastPostText(String pointer) {
        return lastPost().at(pointer).asText();
    }

    boolean lastPostHasLogSections() {
        for (JsonNode block : lastPost().get("blocks")) {
            if ("divider".equals(block.path("type").asText())) {
                return true;
            }
        }
        return false;
    }
}
