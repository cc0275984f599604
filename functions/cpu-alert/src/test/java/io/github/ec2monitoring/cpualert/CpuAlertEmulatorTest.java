package io.github.ec2monitoring.cpualert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ec2monitoring.testsupport.MotoServer;
import io.github.ec2monitoring.testsupport.TestContext;
import io.github.ec2monitoring.testsupport.WebhookServer;
import io.github.ec2monitoring.testsupport.WebhookServer.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Runs the handler in-process: logs and the secret in moto server, Slack as a real loopback HTTP server. */
@ExtendWith(MotoServer.class)
class CpuAlertEmulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSTANCE = "i-0abcdef1234567890";
    private static final Instant CHANGED_AT = Instant.parse("2026-11-24T06:30:12.345Z");
    private static final AlertConfig CONFIG = SlackMessageTest.config(Language.EN);
    /** Short, so the slow-Slack and retry cases cost about a second, not tens. */
    private static final SlackWebhook.Timing TIMING = new SlackWebhook.Timing(Duration.ofMillis(800), Duration.ofMillis(50));

    private static CloudWatchLogsClient logs;
    private static SecretsManagerClient secrets;

    private WebhookServer slack;
    private CpuAlertHandler handler;

    @BeforeAll
    static void createClientsAndLogs() {
        logs = MotoServer.client(CloudWatchLogsClient.builder());
        secrets = MotoServer.client(SecretsManagerClient.builder());
        logs.createLogGroup(r -> r.logGroupName(CONFIG.syslogLogGroup()));
        logs.createLogGroup(r -> r.logGroupName(CONFIG.apacheErrorLogGroup()));
        for (LogExcerpt excerpt : SlackMessageTest.provokedLogs()) {
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
        slack = new WebhookServer();
        String name = CONFIG.webhookSecretName();
        if (secrets.listSecrets().secretList().stream().anyMatch(s -> s.name().equals(name))) {
            secrets.putSecretValue(r -> r.secretId(name).secretString(slack.url().toString()));
        } else {
            secrets.createSecret(r -> r.name(name).secretString(slack.url().toString()));
        }
        handler = new CpuAlertHandler(CONFIG, logs, secrets, HttpClient.newHttpClient(), TIMING);
    }

    @AfterEach
    void stopSlack() {
        slack.close();
    }

    private static SNSEvent event(String fixture) {
        return EventLoader.loadSNSEvent("sns/" + fixture);
    }

    @Test
    void postsExactlyTheGoldenMessageBuiltFromTheInstancesLogsInTheWindow() throws IOException {
        String result = handler.handleRequest(event("cpu-critical-alarm.json"), new TestContext());

        assertEquals("posted 1 of 1", result);
        List<WebhookServer.Received> posts = slack.received();
        assertEquals(1, posts.size());
        assertEquals("POST", posts.get(0).method());
        assertEquals("application/json; charset=utf-8", posts.get(0).contentType());
        JsonNode posted = JSON.readTree(posts.get(0).body());
        JsonNode expected = SlackMessageTest.golden("cpu-critical-alarm.en.json",
                SlackMessageTest.build("cpu-critical-alarm.json", Language.EN, SlackMessageTest.provokedLogs()));
        assertEquals(expected, posted);
        assertFalse(posts.get(0).body().contains("outside the window"));
    }

    @Test
    void saysSoWhenTheInstanceShippedNoLogs() throws IOException {
        SNSEvent event = event("cpu-alarm.json");
        event.getRecords().get(0).getSNS().setMessage(
                event.getRecords().get(0).getSNS().getMessage().replace(INSTANCE, "i-0fffffffffffffff0"));

        handler.handleRequest(event, new TestContext());

        JsonNode blocks = JSON.readTree(slack.received().get(0).body()).get("blocks");
        assertEquals("*Apache error log*: no logs shipped from this instance in the window",
                blocks.get(5).at("/text/text").asText());
        assertEquals("*syslog*: no logs shipped from this instance in the window",
                blocks.get(6).at("/text/text").asText());
    }

    @Test
    void aMissingLogGroupIsReportedNotAFailure() throws IOException {
        AlertConfig missing = new AlertConfig("no-such-group", CONFIG.apacheErrorLogGroup(), CONFIG.webhookSecretName(),
                CONFIG.window(), "web-asg", CONFIG.zone(), Language.EN);
        new CpuAlertHandler(missing, logs, secrets, HttpClient.newHttpClient(), TIMING)
                .handleRequest(event("cpu-alarm.json"), new TestContext());

        JsonNode blocks = JSON.readTree(slack.received().get(0).body()).get("blocks");
        assertEquals("*syslog*: no logs shipped from this instance in the window",
                blocks.get(6).at("/text/text").asText());
    }

    @Test
    void aGroupAlarmWithoutInstanceIsPostedWithoutLogs() throws IOException {
        handler.handleRequest(event("group-alarm.json"), new TestContext());

        JsonNode blocks = JSON.readTree(slack.received().get(0).body()).get("blocks");
        assertEquals("*Instance*\n(not an instance alarm)", blocks.at("/1/fields/1/text").asText());
        assertEquals(4, blocks.size());
    }

    @Test
    void koreanMessagesAreConfigurable() throws IOException {
        AlertConfig korean = SlackMessageTest.config(Language.KO);
        new CpuAlertHandler(korean, logs, secrets, HttpClient.newHttpClient(), TIMING)
                .handleRequest(event("cpu-critical-alarm.json"), new TestContext());

        JsonNode expected = SlackMessageTest.golden("cpu-critical-alarm.ko.json",
                SlackMessageTest.build("cpu-critical-alarm.json", Language.KO, SlackMessageTest.provokedLogs()));
        assertEquals(expected, JSON.readTree(slack.received().get(0).body()));
    }

    @Test
    void a429WaitsAsLongAsRetryAfterSays() {
        slack.reply(new Reply(429, Map.of("Retry-After", "1"), "rate_limited", Duration.ZERO));
        long started = System.nanoTime();

        String result = handler.handleRequest(event("cpu-alarm.json"), new TestContext());

        assertEquals("posted 1 of 1", result);
        assertEquals(2, slack.received().size());
        assertTrue(System.nanoTime() - started >= 1_000_000_000L, "waited for Retry-After");
    }

    @Test
    void aServerErrorAndASlowAnswerAreRetried() {
        slack.reply(Reply.status(500, "internal_error"), new Reply(200, Map.of(), "ok", Duration.ofMillis(1500)));
        TestContext context = new TestContext();

        String result = handler.handleRequest(event("cpu-alarm.json"), context);

        assertEquals("posted 1 of 1", result);
        assertEquals(3, slack.received().size());
        assertTrue(context.logText().contains("after 3 attempt(s)"), context.logText());
    }

    @Test
    void whenRetriesRunOutTheInvocationFailsSoLambdaKeepsTheAlert() {
        for (int i = 0; i < SlackWebhook.MAX_ATTEMPTS; i++) {
            slack.reply(Reply.status(503, "service_unavailable"));
        }
        TestContext context = new TestContext();

        var error = assertThrows(SlackWebhook.DeliveryException.class,
                () -> handler.handleRequest(event("cpu-alarm.json"), context));

        assertTrue(error.getMessage().startsWith("Slack did not take the message after retries"), error.getMessage());
        assertEquals(SlackWebhook.MAX_ATTEMPTS, slack.received().size());
        assertTrue(context.logText().contains("dead-letter queue"), context.logText());
    }

    @Test
    void aRevokedWebhookFailsAtOnceAndSaysWhatToFixWithoutRevealingTheUrl() {
        slack.reply(Reply.status(404, "no_service"));
        TestContext context = new TestContext();
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            var error = assertThrows(SlackWebhook.DeliveryException.class,
                    () -> handler.handleRequest(event("cpu-alarm.json"), context));

            assertTrue(error.getMessage().contains("HTTP 404 (no_service)"), error.getMessage());
            assertTrue(error.getMessage().contains("wrong or revoked"), error.getMessage());
        } finally {
            System.setOut(stdout);
        }
        assertEquals(1, slack.received().size());
        assertFalse(context.logText().contains(WebhookServer.PATH));
        assertFalse(captured.toString(StandardCharsets.UTF_8).contains(WebhookServer.PATH));
    }

    @Test
    void aSecretThatIsNotAUrlFailsClearlyWithoutQuotingIt() {
        secrets.putSecretValue(r -> r.secretId(CONFIG.webhookSecretName()).secretString("not a url, secret-ish"));

        var error = assertThrows(IllegalStateException.class,
                () -> handler.handleRequest(event("cpu-alarm.json"), new TestContext()));

        assertTrue(error.getMessage().contains("does not hold a webhook URL"), error.getMessage());
        assertFalse(error.getMessage().contains("secret-ish"), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"alarm-name-number.json", "autoscaling-notification.json",
        "autoscaling-test-notification.json", "blank-alarm-name.json", "empty-message.json", "event-bridge-event.json",
        "huge-message.json", "json-array.json", "json-null.json", "json-number.json", "missing-alarm-name.json",
        "missing-new-state.json", "missing-state-change-time.json", "missing-trigger.json", "plain-text.json",
        "record-without-sns.json", "state-change-time-not-a-date.json", "state-change-time-number.json",
        "trigger-is-a-string.json", "truncated-json.json", "unknown-new-state.json", "whitespace-message.json",
        "xml-message.json"})
    void malformedMessageIsSkippedWithOneClearLineAndNeverRetried(String fixture) {
        TestContext context = new TestContext();

        String result = handler.handleRequest(event("malformed/" + fixture), context);

        assertEquals("posted 0 of 1", result);
        assertTrue(slack.received().isEmpty());
        assertEquals(1, context.logLines().size(), context.logText());
        assertTrue(context.logText().contains("\"action\":\"skipped\""), context.logText());
        assertTrue(context.logText().length() < 300, context.logText());
    }
}
