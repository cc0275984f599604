package io.github.ec2monitoring.cpualert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ec2monitoring.standins.TestContext;
import io.github.ec2monitoring.standins.WebhookServer.Reply;
import org.junit.jupiter.api.Test;

/** Alarms through the stack's queue: batches of SNS envelopes, each failed record reported for SQS to redeliver. */
class CpuAlertQueueEmulatorTest extends CpuAlertEmulatorFixture {

    private static byte[] nextTransition(int minute) {
        return Events.withMessage("cpu-alarm.json",
                message -> message.put("StateChangeTime", "2026-11-24T06:" + minute + ":00.000+0000"));
    }

    @Test
    void aBatchPostsEachTransitionOnceAndReportsNoFailure() {
        byte[] batch = Events.sqsBatch(event("cpu-alarm.json"), event("cpu-critical-alarm.json"),
                event("cpu-alarm.json"));

        JsonNode answer = invoke(handler, batch, new TestContext());

        assertThat(answer.path("posted").asInt()).isEqualTo(2);
        assertThat(answer.path("records").asInt()).isEqualTo(3);
        assertThat(answer.path("batchItemFailures")).isEmpty();
        assertThat(slack.received()).hasSize(2);
    }

    @Test
    void onlyTheRecordSlackRefusedIsReportedAndItsRedeliveryPostsIt() {
        slack.reply(Reply.status(200, "ok"));
        for (int i = 0; i < SlackWebhook.MAX_ATTEMPTS; i++) {
            slack.reply(Reply.status(503, "service_unavailable"));
        }
        TestContext context = new TestContext();

        JsonNode answer = invoke(handler, Events.sqsBatch(nextTransition(31), nextTransition(32)), context);

        assertThat(answer.path("posted").asInt()).isEqualTo(1);
        assertThat(answer.path("batchItemFailures")).hasToString("[{\"itemIdentifier\":\"m-1\"}]");
        assertThat(context.logText()).contains("\"action\":\"failed\"");

        JsonNode redelivered = invoke(handler, Events.sqsBatch(nextTransition(31), nextTransition(32)),
                new TestContext());

        assertThat(redelivered.path("posted").asInt()).as("the first was posted before: only the second now")
                .isEqualTo(1);
        assertThat(redelivered.path("batchItemFailures")).isEmpty();
    }

    @Test
    void aRecordThatIsNoAlarmIsSkippedNotRedelivered() {
        JsonNode answer = invoke(handler, Events.sqsBatch(event("malformed/plain-text.json"), event("cpu-alarm.json")),
                new TestContext());

        assertThat(answer.path("posted").asInt()).isEqualTo(1);
        assertThat(answer.path("batchItemFailures")).isEmpty();
    }
}
