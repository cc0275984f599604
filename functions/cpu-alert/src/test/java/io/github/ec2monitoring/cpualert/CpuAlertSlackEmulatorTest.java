package io.github.ec2monitoring.cpualert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ec2monitoring.standins.AwsFront;
import io.github.ec2monitoring.standins.CallCounter;
import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.standins.TestContext;
import io.github.ec2monitoring.standins.WebhookServer;
import io.github.ec2monitoring.standins.WebhookServer.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Delivery to Slack: its refusals, retries and rotated webhooks, and the webhook URL kept out of every output. */
class CpuAlertSlackEmulatorTest extends CpuAlertEmulatorFixture {

    @Test
    void a429WaitsAsLongAsRetryAfterSays() {
        slack.reply(new Reply(429, Map.of("Retry-After", "1"), "rate_limited", Duration.ZERO));
        long started = System.nanoTime();

        JsonNode result = invoke(handler, event("cpu-alarm.json"), new TestContext());

        assertThat(result).isEqualTo(Events.posted(1, 1));
        assertThat(slack.received()).hasSize(2);
        assertThat(System.nanoTime() - started).as("waited for Retry-After").isGreaterThanOrEqualTo(1_000_000_000L);
    }

    /** Slack asks to slow down, not to give up: 429s cost no attempt while the invocation has time. */
    @Test
    void moreTooManyRequestsThanAttemptsStillEndInAPost() {
        for (int i = 0; i < SlackWebhook.MAX_ATTEMPTS + 2; i++) {
            slack.reply(new Reply(429, Map.of("Retry-After", "0"), "rate_limited", Duration.ZERO));
        }

        JsonNode result = invoke(handler, event("cpu-alarm.json"), new TestContext());

        assertThat(result).isEqualTo(Events.posted(1, 1));
        assertThat(slack.received()).hasSize(SlackWebhook.MAX_ATTEMPTS + 3);
    }

    @Test
    void aServerErrorAndASlowAnswerAreRetried() {
        slack.reply(Reply.status(500, "internal_error"), new Reply(200, Map.of(), "ok", Duration.ofMillis(1500)));
        TestContext context = new TestContext();

        JsonNode result = invoke(handler, event("cpu-alarm.json"), context);

        assertThat(result).isEqualTo(Events.posted(1, 1));
        assertThat(slack.received()).hasSize(3);
        assertThat(context.logText()).contains("after 3 attempt(s)");
    }

    @Test
    void whenRetriesRunOutTheInvocationFailsSoLambdaKeepsTheAlert() {
        for (int i = 0; i < SlackWebhook.MAX_ATTEMPTS; i++) {
            slack.reply(Reply.status(503, "service_unavailable"));
        }
        TestContext context = new TestContext();

        assertThatThrownBy(() -> invoke(handler, event("cpu-alarm.json"), context))
                .isInstanceOf(SlackWebhook.DeliveryException.class)
                .hasMessageStartingWith("Slack did not take the message after retries");
        assertThat(slack.received()).hasSize(SlackWebhook.MAX_ATTEMPTS);
        assertThat(context.logText()).contains("dead-letter queue");
        assertThat(metricLines).first().asString().contains("\"PostFailures\":1");
    }

    @Test
    void aRevokedWebhookFailsAtOnceAndSaysWhatToFixWithoutRevealingTheUrl() {
        slack.reply(Reply.status(404, "no_service"));
        TestContext context = new TestContext();

        String stdout = capturingStdout(() -> assertThatThrownBy(
                () -> invoke(handler, event("cpu-alarm.json"), context))
                .isInstanceOf(SlackWebhook.DeliveryException.class)
                .hasMessageContainingAll("HTTP 404 (no_service)", "wrong or revoked"));

        assertThat(slack.received()).hasSize(1);
        assertThat(context.logText()).doesNotContain(WebhookServer.PATH);
        assertThat(stdout).doesNotContain(WebhookServer.PATH);
    }

    @Test
    void aSecretThatIsNotAUrlFailsClearlyWithoutQuotingIt() {
        secrets.putSecretValue(r -> r.secretId(CONFIG.webhookSecretName()).secretString("not a url, secret-ish"));

        assertThatThrownBy(() -> invoke(handler, event("cpu-alarm.json"), new TestContext()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not hold a webhook URL")
                .hasMessageNotContaining("secret-ish");
    }

    @Test
    void aRotatedWebhookIsReadAgainWhenSlackSaysTheOldOneIsGone() throws IOException {
        invoke(handler, event("cpu-alarm.json"), new TestContext());
        try (WebhookServer rotated = new WebhookServer()) {
            secrets.putSecretValue(r -> r.secretId(CONFIG.webhookSecretName()).secretString(rotated.url().toString()));
            slack.reply(Reply.status(404, "no_service"));

            byte[] nextAlarm = Events.withMessage("cpu-alarm.json",
                    message -> message.put("StateChangeTime", "2026-11-24T06:45:00.000+0000"));
            JsonNode result = invoke(handler, nextAlarm, new TestContext());

            assertThat(result).isEqualTo(Events.posted(1, 1));
            assertThat(slack.received()).as("the old webhook: one post before, one refused").hasSize(2);
            assertThat(rotated.received()).as("the new webhook got the alert").hasSize(1);
        }
    }

    @Test
    void theFirstAlertOfAContainerRedactsItsOwnWebhookUrlFromTheLogLines() {
        String instance = "i-0aaaaaaaaaaaaaaa1";
        String url = slack.url().toString();
        logs.createLogStream(r -> r.logGroupName(CONFIG.apacheErrorLogGroup()).logStreamName(instance));
        logs.putLogEvents(r -> r.logGroupName(CONFIG.apacheErrorLogGroup()).logStreamName(instance).logEvents(
                InputLogEvent.builder().timestamp(CHANGED_AT.minusSeconds(30).toEpochMilli())
                        .message("[core:error] [pid 7] notify: posting to " + url + " failed").build()));

        invoke(handler, eventFor("cpu-alarm.json", instance), new TestContext());

        assertThat(SlackMessages.logSection(lastPost(), CpuAlert.APACHE_ERROR_LOG))
                .contains("notify: posting to [REDACTED] failed");
        assertThat(slack.received().get(0).body()).doesNotContain(slack.url().getPath());
    }

    /** SnapStart runs this in the account: it may read, never post, never hold the webhook URL in the snapshot. */
    @Test
    void primingForSnapStartWalksTheAlertPathWithoutPostingOrReadingTheSecret() throws IOException {
        try (AwsFront front = new AwsFront(MotoServer.endpoint())) {
            CallCounter calls = new CallCounter();
            CpuAlertHandler primed = new CpuAlertHandler(CONFIG,
                    MotoServer.client(CloudWatchLogsClient.builder(), calls, front.endpoint()),
                    MotoServer.client(SecretsManagerClient.builder(), calls, front.endpoint()),
                    MotoServer.client(DynamoDbClient.builder(), calls, front.endpoint()),
                    MotoServer.client(SqsClient.builder(), calls, front.endpoint()),
                    () -> MotoServer.client(CloudWatchClient.builder(), calls, front.endpoint()),
                    HttpClient.newHttpClient(), TIMING, metricLines::add);

            String stdout = capturingStdout(() -> primed.beforeCheckpoint(null));

            assertThat(front.operations()).containsOnly("FilterLogEvents", "GetSecretValue", "GetItem", "PutItem",
                    "UpdateItem", "GetQueueAttributes");
            assertThat(dynamo.scan(request -> request.tableName(CONFIG.postedTransitionsTable())).items())
                    .as("DynamoDB refused every priming write").isEmpty();
            assertThat(front.bodies()).filteredOn(body -> body.contains("SecretId")).as("only the refused name")
                    .allSatisfy(body -> assertThat(body).contains("snapstart-priming/no-such-secret"));
            assertThat(slack.received()).isEmpty();
            assertThat(metricLines).as("no metric comes from priming").isEmpty();
            assertThat(stdout).doesNotContain("priming-failed");
            assertThat(invoke(primed, event("cpu-alarm.json"), new TestContext())).isEqualTo(Events.posted(1, 1));
        }
    }

    private interface Action {
        void run() throws Exception;
    }

    /** What the action printed to standard output, where the function's own logs go. */
    private static String capturingStdout(Action action) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            System.setOut(stdout);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
