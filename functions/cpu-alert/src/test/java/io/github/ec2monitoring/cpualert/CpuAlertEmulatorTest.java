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
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Runs the handler in-process: logs and the secret in moto server, Slack as a real loopback HTTP server. */
@ExtendWith(MotoServer.class)
class CpuAlertEmulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSTANCE = "i-0abcdef1234567890";
    private static final Instant CHANGED_AT = Instant.parse("2026-11-24T06:30:12.345Z");
    private static final AlertConfig CONFIG =
            new AlertConfig("web-syslog", "web-apache-error", "web/slack-webhook", Duration.ofMinutes(5));

    private static CloudWatchLogsClient logs;
    private static SecretsManagerClient secrets;

    private WebhookServer slack;
    private CpuAlertHandler handler;

    @BeforeAll
    static void createClients() {
        logs = MotoServer.client(CloudWatchLogsClient.builder());
        secrets = MotoServer.client(SecretsManagerClient.builder());
        logs.createLogGroup(r -> r.logGroupName(CONFIG.syslogLogGroup()));
        logs.createLogGroup(r -> r.logGroupName(CONFIG.apacheErrorLogGroup()));
    }

    @BeforeEach
    void startSlack() throws IOException {
        slack = new WebhookServer();
        String secretName = CONFIG.webhookSecretName();
        if (secrets.listSecrets().secretList().stream().anyMatch(s -> s.name().equals(secretName))) {
            secrets.putSecretValue(r -> r.secretId(secretName).secretString(slack.url().toString()));
        } else {
            secrets.createSecret(r -> r.name(secretName).secretString(slack.url().toString()));
        }
        handler = new CpuAlertHandler(CONFIG, logs, secrets, HttpClient.newHttpClient());
    }

    @AfterEach
    void stopSlack() {
        slack.close();
    }

    @Test
    void postsOneMessageWithTheLinesThatMatterFromTheFiveMinutesBeforeTheAlarm() throws IOException {
        String stream = INSTANCE;
        write(CONFIG.apacheErrorLogGroup(), stream,
                event(CHANGED_AT.minusSeconds(400), "[core:error] AH00037: too early, outside the window"),
                event(CHANGED_AT.minusSeconds(120), "[authz_core:error] [client 10.0.1.5:1] AH01630: client denied "
                        + "by server configuration: /var/www/html/forbidden/"),
                event(CHANGED_AT.minusSeconds(60), "[mpm_event:notice] AH00489: routine line"));
        write(CONFIG.syslogLogGroup(), stream,
                event(CHANGED_AT.minusSeconds(30), "kernel: Out of memory: Killed process 4242 (stress-ng)"),
                event(CHANGED_AT.plusSeconds(60), "kernel: error after the alarm, outside the window"));

        handler.handleRequest(EventLoader.loadSNSEvent("sns/cpu-alarm.json"), new TestContext());

        List<WebhookServer.Received> posts = slack.received();
        assertEquals(1, posts.size());
        assertEquals("POST", posts.get(0).method());
        assertTrue(posts.get(0).contentType().startsWith("application/json"));
        JsonNode blocks = JSON.readTree(posts.get(0).body()).get("blocks");
        String apache = blocks.get(3).at("/text/text").asText();
        String syslog = blocks.get(4).at("/text/text").asText();
        assertTrue(apache.startsWith("*Apache error log*: 1 of 2 lines matter"), apache);
        assertTrue(apache.contains("AH01630: client denied"), apache);
        assertFalse(apache.contains("too early"), apache);
        assertTrue(syslog.startsWith("*syslog*: 1 of 1 lines matter"), syslog);
        assertTrue(syslog.contains("Out of memory"), syslog);
    }

    @Test
    void saysSoWhenTheInstanceShippedNoLogs() throws IOException {
        SNSEvent event = EventLoader.loadSNSEvent("sns/cpu-alarm.json");
        String message = event.getRecords().get(0).getSNS().getMessage().replace(INSTANCE, "i-0fffffffffffffff0");
        event.getRecords().get(0).getSNS().setMessage(message);

        handler.handleRequest(event, new TestContext());

        JsonNode blocks = JSON.readTree(slack.received().get(0).body()).get("blocks");
        assertEquals("*Apache error log*: no logs shipped from this instance in the window",
                blocks.get(3).at("/text/text").asText());
    }

    @Test
    void groupAlarmWithoutInstanceIsPostedWithoutLogs() throws IOException {
        handler.handleRequest(EventLoader.loadSNSEvent("sns/group-alarm.json"), new TestContext());

        JsonNode blocks = JSON.readTree(slack.received().get(0).body()).get("blocks");
        assertEquals(3, blocks.size());
        assertEquals("*Instance*\n(not an instance alarm)", blocks.at("/1/fields/1/text").asText());
    }

    @Test
    void autoScalingNotificationIsSkippedWithOneLogLine() {
        TestContext context = new TestContext();

        String result = handler.handleRequest(EventLoader.loadSNSEvent("sns/autoscaling-launch.json"), context);

        assertEquals("posted 0 of 1", result);
        assertTrue(slack.received().isEmpty());
        assertEquals(1, context.logLines().size());
        assertTrue(context.logText().contains("Auto Scaling notification"), context.logText());
    }

    @Test
    void revokedWebhookFailsTheInvocationWithoutRevealingTheUrl() {
        slack.reply(WebhookServer.Reply.status(404, "no_service"));
        TestContext context = new TestContext();

        var error = assertThrows(SlackWebhook.DeliveryException.class,
                () -> handler.handleRequest(EventLoader.loadSNSEvent("sns/cpu-alarm.json"), context));

        assertEquals("Slack webhook answered HTTP 404: no_service", error.getMessage());
        assertFalse(context.logText().contains(WebhookServer.PATH));
    }

    @Test
    void aSecretThatIsNotAUrlFailsClearlyWithoutQuotingIt() {
        secrets.putSecretValue(r -> r.secretId(CONFIG.webhookSecretName()).secretString("not a url with secret-ish"));

        var error = assertThrows(IllegalStateException.class,
                () -> handler.handleRequest(EventLoader.loadSNSEvent("sns/cpu-alarm.json"), new TestContext()));

        assertTrue(error.getMessage().contains("does not hold a webhook URL"), error.getMessage());
        assertFalse(error.getMessage().contains("secret-ish"), error.getMessage());
    }

    private static InputLogEvent event(Instant at, String message) {
        return InputLogEvent.builder().timestamp(at.toEpochMilli()).message(message).build();
    }

    private static void write(String group, String stream, InputLogEvent... events) {
        logs.createLogStream(r -> r.logGroupName(group).logStreamName(stream));
        logs.putLogEvents(r -> r.logGroupName(group).logStreamName(stream).logEvents(events));
    }
}
