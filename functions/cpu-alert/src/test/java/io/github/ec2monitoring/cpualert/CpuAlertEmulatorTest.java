package io.github.ec2monitoring.cpualert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ec2monitoring.standins.AwsFront;
import io.github.ec2monitoring.standins.CallCounter;
import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.standins.Quotas;
import io.github.ec2monitoring.standins.TestContext;
import io.github.ec2monitoring.standins.WebhookServer.Reply;
import io.github.ec2monitoring.standins.WebhookServer;
import io.github.ec2monitoring.testsupport.MotoServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Runs the handler in-process: logs and the secret in moto server (the log reads through the quota front, at
 * CloudWatch Logs' rate), Slack as a real loopback HTTP server.
 */
@ExtendWith(MotoServerExtension.class)
class CpuAlertEmulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSTANCE = "i-0abcdef1234567890";
    private static final Instant CHANGED_AT = Instant.parse("2026-11-24T06:30:12.345Z");
    private static final AlertConfig CONFIG = SlackMessageTest.config(Language.EN);
    /** Short, so the slow-Slack and retry cases cost about a second, not tens. */
    private static final SlackWebhook.Timing TIMING = new SlackWebhook.Timing(Duration.ofMillis(800), Duration.ofMillis(50));

    private static CloudWatchLogsClient logs;
    private static SecretsManagerClient secrets;
    /** The emulator has no DescribeAlarmContributors: this front answers it as CloudWatch would, with three. */
    private static AwsFront contributors;

    private WebhookServer slack;
    private CpuAlertHandler handler;
    private final List<String> metricLines = new ArrayList<>();

    @BeforeAll
    static void createClientsAndLogs() throws IOException {
        contributors = new AwsFront(MotoServer.endpoint()).always("DescribeAlarmContributors",
                AwsFront.Answer.alarmContributors(List.of(Map.of("InstanceId", INSTANCE),
                        Map.of("InstanceId", "i-0aaaaaaaaaaaaaaa2"), Map.of("InstanceId", "i-0aaaaaaaaaaaaaaa3"))));
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
        handler = handler(CONFIG, MotoServer.client(CloudWatchLogsClient.builder(), new CallCounter(),
                Quotas.suiteFront().endpoint()));
    }

    private CpuAlertHandler handler(AlertConfig config, CloudWatchLogsClient logsClient) {
        return new CpuAlertHandler(config, logsClient, secrets,
                () -> MotoServer.client(CloudWatchClient.builder(), new CallCounter(), contributors.endpoint()),
                HttpClient.newHttpClient(), TIMING, metricLines::add);
    }

    @AfterEach
    void stopSlack() {
        slack.close();
    }

    private static byte[] event(String fixture) {
        return Events.fixture(fixture);
    }

    private static JsonNode invoke(CpuAlertHandler handler, byte[] event, TestContext context) {
        return Events.invoke(handler, event, context);
    }

    private JsonNode lastPost() throws IOException {
        List<WebhookServer.Received> posts = slack.received();
        return JSON.readTree(posts.get(posts.size() - 1).body());
    }

    @Test
    void postsExactlyTheGoldenMessageBuiltFromTheInstancesLogsInTheWindow() throws IOException {
        JsonNode result = invoke(handler, event("cpu-critical-alarm.json"), new TestContext());

        assertEquals(Events.posted(1, 1), result);
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
        byte[] event = new String(event("cpu-alarm.json"), StandardCharsets.UTF_8)
                .replace(INSTANCE, "i-0fffffffffffffff0").getBytes(StandardCharsets.UTF_8);

        invoke(handler, event, new TestContext());

        assertEquals("*Apache error log*: no logs shipped from this instance in the window",
                SlackMessageTest.logSection(lastPost(), CpuAlert.APACHE_ERROR_LOG));
        assertEquals("*syslog*: no logs shipped from this instance in the window",
                SlackMessageTest.logSection(lastPost(), CpuAlert.SYSLOG));
    }

    @Test
    void theFirstAlertOfAContainerRedactsItsOwnWebhookUrlFromTheLogLines() throws IOException {
        String instance = "i-0aaaaaaaaaaaaaaa1";
        String url = slack.url().toString();
        logs.createLogStream(r -> r.logGroupName(CONFIG.apacheErrorLogGroup()).logStreamName(instance));
        logs.putLogEvents(r -> r.logGroupName(CONFIG.apacheErrorLogGroup()).logStreamName(instance).logEvents(
                InputLogEvent.builder().timestamp(CHANGED_AT.minusSeconds(30).toEpochMilli())
                        .message("[core:error] [pid 7] notify: posting to " + url + " failed").build()));
        byte[] event = new String(event("cpu-alarm.json"), StandardCharsets.UTF_8)
                .replace(INSTANCE, instance).getBytes(StandardCharsets.UTF_8);

        invoke(handler, event, new TestContext());

        String apache = SlackMessageTest.logSection(lastPost(), CpuAlert.APACHE_ERROR_LOG);
        assertTrue(apache.contains("notify: posting to [REDACTED] failed"), apache);
        assertFalse(slack.received().get(0).body().contains(slack.url().getPath()));
    }

    @Test
    void aFleetContributorAlarmIsPostedWithThatInstancesLogsAndTheCountInAlarm() throws IOException {
        JsonNode result = invoke(handler, event("fleet/contributor-alarm.json"), new TestContext());

        assertEquals(Events.posted(1, 1), result);
        JsonNode posted = lastPost();
        assertEquals("*Instance*\n" + INSTANCE, posted.at("/blocks/1/fields/1/text").asText());
        assertEquals("*Auto Scaling group*\nweb-asg", posted.at("/blocks/1/fields/2/text").asText());
        assertEquals("*Fleet alarm*\n3 instance(s) in ALARM now", posted.at("/blocks/1/fields/5/text").asText());
        assertTrue(SlackMessageTest.logSection(posted, CpuAlert.APACHE_ERROR_LOG).contains("lines matter"),
                SlackMessageTest.logSection(posted, CpuAlert.APACHE_ERROR_LOG));
        assertTrue(contributors.operations().contains("DescribeAlarmContributors"));
    }

    @Test
    void aFleetContributorBackToOkPostsARecovery() throws IOException {
        invoke(handler, event("fleet/contributor-ok.json"), new TestContext());

        JsonNode posted = lastPost();
        assertTrue(posted.at("/blocks/0/text/text").asText().startsWith(":white_check_mark: Critical RECOVERED: "
                + "web-fleet-web-tier-cpu-critical"), posted.at("/blocks/0/text/text").asText());
        assertEquals("*Instance*\n" + INSTANCE, posted.at("/blocks/1/fields/1/text").asText());
    }

    @Test
    void aFleetNotificationWithoutContributorAttributesIsStillPostedWithoutLogs() throws IOException {
        for (String fixture : List.of("fleet/contributor-without-attributes.json",
                "fleet/contributor-unknown-attributes.json", "fleet/contributor-malformed-attributes.json",
                "fleet/alarm-level-insufficient-data.json")) {
            int before = slack.received().size();

            JsonNode result = invoke(handler, event(fixture), new TestContext());

            assertEquals(Events.posted(1, 1), result, fixture);
            assertEquals(before + 1, slack.received().size(), fixture);
            for (JsonNode block : lastPost().get("blocks")) {
                assertFalse("divider".equals(block.path("type").asText()), fixture + ": no log sections");
            }
        }
        List<WebhookServer.Received> posts = slack.received();
        assertEquals("*Instance*\n(contributor Host=web-7)", JSON.readTree(posts.get(posts.size() - 3).body())
                .at("/blocks/1/fields/1/text").asText());
    }

    @Test
    void aContributorCountThatCannotBeReadIsSaidAndLoggedAndTheAlertStillPosted() throws IOException {
        try (AwsFront refusing = new AwsFront(MotoServer.endpoint()).always("DescribeAlarmContributors",
                AwsFront.Answer.queryError(403, "AccessDenied", "not authorized"))) {
            CpuAlertHandler denied = new CpuAlertHandler(CONFIG, logs, secrets,
                    () -> MotoServer.client(CloudWatchClient.builder(), new CallCounter(), refusing.endpoint()),
                    HttpClient.newHttpClient(), TIMING, metricLines::add);
            TestContext context = new TestContext();

            invoke(denied, event("fleet/contributor-alarm.json"), context);

            assertEquals("*Fleet alarm*\ninstances in ALARM could not be counted",
                    lastPost().at("/blocks/1/fields/5/text").asText());
            assertTrue(context.logLines().stream().anyMatch(line -> line.contains("contributors-uncounted")
                    && line.contains("AccessDenied")), context.logLines().toString());
        }
    }

    @Test
    void aMissingLogGroupIsReportedNotAFailure() throws IOException {
        AlertConfig missing = new AlertConfig("no-such-group", CONFIG.apacheErrorLogGroup(), CONFIG.webhookSecretName(),
                CONFIG.window(), "web-asg", CONFIG.zone(), Language.EN, Events.WARNING_TOPIC, Events.CRITICAL_TOPIC,
                true);
        invoke(handler(missing, logs), event("cpu-alarm.json"), new TestContext());

        assertEquals("*syslog*: no logs shipped from this instance in the window",
                SlackMessageTest.logSection(lastPost(), CpuAlert.SYSLOG));
    }

    @Test
    void aGroupAlarmWithoutInstanceIsPostedWithoutLogs() throws IOException {
        invoke(handler, event("group-alarm.json"), new TestContext());

        JsonNode blocks = lastPost().get("blocks");
        assertEquals("*Instance*\n(not an instance alarm)", blocks.at("/1/fields/1/text").asText());
        for (JsonNode block : blocks) {
            assertFalse("divider".equals(block.path("type").asText()), "no log sections: " + blocks);
        }
    }

    @Test
    void koreanMessagesAreConfigurable() throws IOException {
        AlertConfig korean = SlackMessageTest.config(Language.KO);
        invoke(handler(korean, logs), event("cpu-critical-alarm.json"), new TestContext());

        JsonNode expected = SlackMessageTest.golden("cpu-critical-alarm.ko.json",
                SlackMessageTest.build("cpu-critical-alarm.json", Language.KO, SlackMessageTest.provokedLogs()));
        assertEquals(expected, JSON.readTree(slack.received().get(0).body()));
    }

    @Test
    void a429WaitsAsLongAsRetryAfterSays() {
        slack.reply(new Reply(429, Map.of("Retry-After", "1"), "rate_limited", Duration.ZERO));
        long started = System.nanoTime();

        JsonNode result = invoke(handler, event("cpu-alarm.json"), new TestContext());

        assertEquals(Events.posted(1, 1), result);
        assertEquals(2, slack.received().size());
        assertTrue(System.nanoTime() - started >= 1_000_000_000L, "waited for Retry-After");
    }

    @Test
    void aServerErrorAndASlowAnswerAreRetried() {
        slack.reply(Reply.status(500, "internal_error"), new Reply(200, Map.of(), "ok", Duration.ofMillis(1500)));
        TestContext context = new TestContext();

        JsonNode result = invoke(handler, event("cpu-alarm.json"), context);

        assertEquals(Events.posted(1, 1), result);
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
                () -> invoke(handler, event("cpu-alarm.json"), context));

        assertTrue(error.getMessage().startsWith("Slack did not take the message after retries"), error.getMessage());
        assertEquals(SlackWebhook.MAX_ATTEMPTS, slack.received().size());
        assertTrue(context.logText().contains("dead-letter queue"), context.logText());
        assertTrue(metricLines.get(0).contains("\"PostFailures\":1"), metricLines.toString());
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
                    () -> invoke(handler, event("cpu-alarm.json"), context));

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
                () -> invoke(handler, event("cpu-alarm.json"), new TestContext()));

        assertTrue(error.getMessage().contains("does not hold a webhook URL"), error.getMessage());
        assertFalse(error.getMessage().contains("secret-ish"), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"alarm-name-number.json", "autoscaling-notification.json",
        "autoscaling-test-notification.json", "blank-alarm-name.json", "empty-message.json", "event-bridge-event.json",
        "huge-message.json", "json-array.json", "json-null.json", "json-number.json", "missing-alarm-name.json",
        "missing-new-state.json", "plain-text.json", "record-without-sns.json", "truncated-json.json",
        "unknown-new-state.json", "whitespace-message.json", "xml-message.json"})
    void malformedMessageIsSkippedWithOneClearLineAndNeverRetried(String fixture) {
        TestContext context = new TestContext();

        JsonNode result = invoke(handler, event("malformed/" + fixture), context);

        assertEquals(Events.posted(0, 1), result);
        assertTrue(slack.received().isEmpty());
        assertEquals(1, context.logLines().size(), context.logText());
        assertTrue(context.logText().contains("\"action\":\"skipped\""), context.logText());
        assertTrue(context.logText().length() < 300, context.logText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"missing-state-change-time.json", "state-change-time-not-a-date.json",
        "state-change-time-number.json", "missing-trigger.json", "trigger-is-a-string.json"})
    void anAlarmThatLacksItsTimeOrTriggerIsPostedSayingWhatItLacked(String fixture) throws IOException {
        TestContext context = new TestContext();

        JsonNode result = invoke(handler, event("degraded/" + fixture), context);

        assertEquals(Events.posted(1, 1), result);
        assertEquals(1, slack.received().size());
        assertTrue(lastPost().toString().contains("The notification had no "), lastPost().toString());
    }

    @Test
    void hostileTextInEveryFieldIsPostedInert() throws IOException {
        invoke(handler, event("hostile/hostile-fields.json"), new TestContext());

        JsonNode posted = lastPost();
        SlackSafety.assertInert(posted);
        // Only the header may hold the name as it is: a plain_text block, which Slack never reads as markup.
        ((com.fasterxml.jackson.databind.node.ObjectNode) posted.at("/blocks/0/text")).remove("text");
        assertFalse(posted.toString().contains("<!channel>"), posted.toString());
    }

    /** The log reads go through a front that answers FilterLogEvents as CloudWatch Logs would when it refuses. */
    private JsonNode alarmWithLogsRefused(AwsFront.Answer answer, TestContext context) throws IOException {
        try (AwsFront front = new AwsFront(MotoServer.endpoint())) {
            front.always("FilterLogEvents", answer);
            CloudWatchLogsClient refused = MotoServer.client(CloudWatchLogsClient.builder(), new CallCounter(),
                    front.endpoint());
            return invoke(handler(CONFIG, refused), event("cpu-critical-alarm.json"), context);
        }
    }

    @Test
    void whenAccessToTheLogsIsDeniedTheAlertIsStillPostedOnceSayingWhy() throws IOException {
        TestContext context = new TestContext();

        JsonNode result = alarmWithLogsRefused(AwsFront.Answer.jsonError(400, "AccessDeniedException",
                "User is not authorized to perform: logs:FilterLogEvents"), context);

        assertEquals(Events.posted(1, 1), result);
        assertEquals(1, slack.received().size());
        assertEquals("*Apache error log*: could not be read: the function may not read this log group "
                + "(AccessDeniedException). The alert is posted without these lines.",
                SlackMessageTest.logSection(lastPost(), CpuAlert.APACHE_ERROR_LOG));
        assertTrue(context.logText().contains("\"action\":\"logs-unreadable\""), context.logText());
        assertTrue(metricLines.get(0).contains("\"LogReadFailures\":2"), metricLines.toString());
    }

    @Test
    void whenTheLogsAreThrottledTheAlertIsStillPostedOnce() throws IOException {
        JsonNode result = alarmWithLogsRefused(AwsFront.Answer.jsonError(400, "ThrottlingException", "Rate exceeded"),
                new TestContext());

        assertEquals(Events.posted(1, 1), result);
        assertEquals(1, slack.received().size());
        assertTrue(SlackMessageTest.logSection(lastPost(), CpuAlert.SYSLOG)
                .contains("CloudWatch Logs throttled the read (ThrottlingException)"));
    }

    @Test
    void whenTheLogsAnswerTooLateTheAlertIsPostedInTimeWithoutThem() throws IOException {
        // 27 s left: 2 s for the reads, the rest kept for Slack.
        TestContext context = new TestContext(System.out::println, 27_000);

        JsonNode result = alarmWithLogsRefused(AwsFront.Answer.slow(Duration.ofSeconds(6)), context);

        assertEquals(Events.posted(1, 1), result);
        assertTrue(SlackMessageTest.logSection(lastPost(), CpuAlert.APACHE_ERROR_LOG)
                .contains("CloudWatch Logs gave no answer within 2 s"), lastPost().toString());
    }

    @Test
    void whenTheLogServiceCannotBeReachedTheAlertIsStillPostedOnce() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        CloudWatchLogsClient unreachable = MotoServer.client(CloudWatchLogsClient.builder(), new CallCounter(),
                URI.create("http://127.0.0.1:" + closedPort));

        JsonNode result = invoke(handler(CONFIG, unreachable), event("cpu-critical-alarm.json"), new TestContext());

        assertEquals(Events.posted(1, 1), result);
        assertEquals(1, slack.received().size());
        assertTrue(SlackMessageTest.logSection(lastPost(), CpuAlert.SYSLOG)
                .contains("CloudWatch Logs could not be reached"), lastPost().toString());
    }

    @Test
    void aRotatedWebhookIsReadAgainWhenSlackSaysTheOldOneIsGone() throws IOException {
        invoke(handler, event("cpu-alarm.json"), new TestContext());
        try (WebhookServer rotated = new WebhookServer()) {
            secrets.putSecretValue(r -> r.secretId(CONFIG.webhookSecretName()).secretString(rotated.url().toString()));
            slack.reply(Reply.status(404, "no_service"));

            JsonNode result = invoke(handler, event("cpu-alarm.json"), new TestContext());

            assertEquals(Events.posted(1, 1), result);
            assertEquals(2, slack.received().size(), "the old webhook: one post before, one refused");
            assertEquals(1, rotated.received().size(), "the new webhook got the alert");
        }
    }

    /** SnapStart runs this in the account: it may read, never post, never hold the webhook URL in the snapshot. */
    @Test
    void primingForSnapStartWalksTheAlertPathWithoutPostingOrReadingTheSecret() throws IOException {
        try (AwsFront front = new AwsFront(MotoServer.endpoint())) {
            CallCounter calls = new CallCounter();
            CpuAlertHandler primed = new CpuAlertHandler(CONFIG,
                    MotoServer.client(CloudWatchLogsClient.builder(), calls, front.endpoint()),
                    MotoServer.client(SecretsManagerClient.builder(), calls, front.endpoint()),
                    () -> MotoServer.client(CloudWatchClient.builder(), calls, front.endpoint()),
                    HttpClient.newHttpClient(), TIMING, metricLines::add);
            PrintStream stdout = System.out;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                primed.beforeCheckpoint(null);
            } finally {
                System.setOut(stdout);
            }

            assertEquals(java.util.Set.of("FilterLogEvents", "GetSecretValue"), java.util.Set.copyOf(front.operations()));
            front.bodies().stream().filter(body -> body.contains("SecretId")).forEach(body ->
                    assertTrue(body.contains("snapstart-priming/no-such-secret"), "only the refused name: " + body));
            assertTrue(slack.received().isEmpty());
            assertTrue(metricLines.isEmpty(), "no metric comes from priming");
            assertFalse(captured.toString(StandardCharsets.UTF_8).contains("priming-failed"), captured.toString());
            assertEquals(Events.posted(1, 1), invoke(primed, event("cpu-alarm.json"), new TestContext()));
        }
    }

    /** A new alarm's first data moves it from INSUFFICIENT_DATA to OK: every launch would post six "recovered". */
    @Test
    void aNewAlarmsFirstDataIsNoRecoveryAndPostsNothing() {
        byte[] firstData = Events.withMessage("cpu-ok.json", message -> message.put("OldStateValue", "INSUFFICIENT_DATA"));
        TestContext context = new TestContext();

        JsonNode result = invoke(handler, firstData, context);

        assertEquals(Events.posted(0, 1), result);
        assertTrue(slack.received().isEmpty());
        assertTrue(context.logText().contains("\"action\":\"not-a-recovery\""), context.logText());
    }

    @Test
    void aRealRecoveryFromAlarmIsPosted() throws IOException {
        byte[] recovery = Events.withMessage("cpu-ok.json", message -> message.put("OldStateValue", "ALARM"));

        assertEquals(Events.posted(1, 1), invoke(handler, recovery, new TestContext()));
        assertTrue(lastPost().at("/blocks/0/text/text").asText().contains("RECOVERED"));
    }
}
