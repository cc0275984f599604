package io.github.ec2monitoring.cpualert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ec2monitoring.standins.AwsFront;
import io.github.ec2monitoring.standins.CallCounter;
import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.standins.TestContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/** However the logs fail to come (none shipped, no group, denied, throttled, late, unreachable), the alert is posted once. */
class CpuAlertLogsEmulatorTest extends CpuAlertEmulatorFixture {

    @Test
    void saysSoWhenTheInstanceShippedNoLogs() {
        invoke(handler, eventFor("cpu-alarm.json", "i-0fffffffffffffff0"), new TestContext());

        assertThat(SlackMessages.logSection(lastPost(), CpuAlert.APACHE_ERROR_LOG))
                .isEqualTo("*Apache error log*: no logs shipped from this instance in the window");
        assertThat(SlackMessages.logSection(lastPost(), CpuAlert.SYSLOG))
                .isEqualTo("*syslog*: no logs shipped from this instance in the window");
    }

    @Test
    void aMissingLogGroupIsReportedNotAFailure() {
        AlertConfig missing = new AlertConfig("no-such-group", CONFIG.apacheErrorLogGroup(), CONFIG.webhookSecretName(),
                CONFIG.window(), "web-asg", CONFIG.zone(), Language.EN, Events.WARNING_TOPIC, Events.CRITICAL_TOPIC,
                true, CONFIG.postedTransitionsTable(), Duration.ZERO, CONFIG.alarmQueueUrl(), CONFIG.stormThreshold(),
                CONFIG.alarmNamePrefix());

        invoke(handler(missing, logs), event("cpu-alarm.json"), new TestContext());

        assertThat(SlackMessages.logSection(lastPost(), CpuAlert.SYSLOG))
                .isEqualTo("*syslog*: no logs shipped from this instance in the window");
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

        assertThat(result).isEqualTo(Events.posted(1, 1));
        assertThat(slack.received()).hasSize(1);
        assertThat(SlackMessages.logSection(lastPost(), CpuAlert.APACHE_ERROR_LOG))
                .isEqualTo("*Apache error log*: could not be read: the function may not read this log group "
                        + "(AccessDeniedException). The alert is posted without these lines.");
        assertThat(context.logText()).contains("\"action\":\"logs-unreadable\"");
        assertThat(metricLines).first().asString().contains("\"LogReadFailures\":2");
    }

    @Test
    void whenTheLogsAreThrottledTheAlertIsStillPostedOnce() throws IOException {
        JsonNode result = alarmWithLogsRefused(AwsFront.Answer.jsonError(400, "ThrottlingException", "Rate exceeded"),
                new TestContext());

        assertThat(result).isEqualTo(Events.posted(1, 1));
        assertThat(slack.received()).hasSize(1);
        assertThat(SlackMessages.logSection(lastPost(), CpuAlert.SYSLOG))
                .contains("CloudWatch Logs throttled the read (ThrottlingException)");
    }

    @Test
    void whenTheLogsAnswerTooLateTheAlertIsPostedInTimeWithoutThem() throws IOException {
        // 27 s left: 2 s for the reads, the rest kept for Slack.
        TestContext context = new TestContext(System.out::println, 27_000);

        JsonNode result = alarmWithLogsRefused(AwsFront.Answer.slow(Duration.ofSeconds(6)), context);

        assertThat(result).isEqualTo(Events.posted(1, 1));
        assertThat(SlackMessages.logSection(lastPost(), CpuAlert.APACHE_ERROR_LOG))
                .contains("CloudWatch Logs gave no answer within 2 s");
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

        assertThat(result).isEqualTo(Events.posted(1, 1));
        assertThat(slack.received()).hasSize(1);
        assertThat(SlackMessages.logSection(lastPost(), CpuAlert.SYSLOG))
                .contains("CloudWatch Logs could not be reached");
    }
}
