package io.github.ec2monitoring.cpualert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ec2monitoring.standins.TestContext;
import io.github.ec2monitoring.standins.WebhookServer.Reply;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Each alarm transition reaches Slack once, across SNS redelivery and Lambda's retries (the table in the emulator). */
class CpuAlertOnceEmulatorTest extends CpuAlertEmulatorFixture {

    @Test
    void aRedeliveredTransitionIsPostedOnce() {
        TestContext again = new TestContext();

        JsonNode first = invoke(handler, event("cpu-alarm.json"), new TestContext());
        JsonNode second = invoke(handler, event("cpu-alarm.json"), again);

        assertThat(first).isEqualTo(Events.posted(1, 1));
        assertThat(second).isEqualTo(Events.posted(0, 1));
        assertThat(slack.received()).hasSize(1);
        assertThat(again.logText()).contains("\"action\":\"duplicate\"");
    }

    @Test
    void anotherTransitionOfTheSameAlarmIsPosted() {
        invoke(handler, event("cpu-alarm.json"), new TestContext());

        JsonNode recovery = invoke(handler, Events.withMessage("cpu-ok.json",
                message -> message.put("OldStateValue", "ALARM")), new TestContext());

        assertThat(recovery).isEqualTo(Events.posted(1, 1));
        assertThat(slack.received()).hasSize(2);
    }

    @Test
    void aFailedPostIsReleasedSoLambdasRetryPostsIt() {
        for (int i = 0; i < SlackWebhook.MAX_ATTEMPTS; i++) {
            slack.reply(Reply.status(503, "service_unavailable"));
        }
        assertThatThrownBy(() -> invoke(handler, event("cpu-alarm.json"), new TestContext()))
                .isInstanceOf(SlackWebhook.DeliveryException.class);

        JsonNode retried = invoke(handler, event("cpu-alarm.json"), new TestContext());

        assertThat(retried).isEqualTo(Events.posted(1, 1));
        assertThat(slack.received()).hasSize(SlackWebhook.MAX_ATTEMPTS + 1);
    }

    @Test
    void aTransitionAnotherInvocationIsPostingFailsThisOneForLambdaToRetry() {
        claimed(Instant.now());
        TestContext context = new TestContext();

        assertThatThrownBy(() -> invoke(handler, event("cpu-alarm.json"), context))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("being posted by another invocation");
        assertThat(slack.received()).isEmpty();
        assertThat(context.logText()).contains("\"action\":\"in-flight\"");
    }

    @Test
    void aClaimOlderThanAnyInvocationIsTakenOver() {
        claimed(Instant.now().minus(PostedTransitions.STALE_CLAIM).minusSeconds(5));

        assertThat(invoke(handler, event("cpu-alarm.json"), new TestContext())).isEqualTo(Events.posted(1, 1));
        assertThat(slack.received()).hasSize(1);
    }

    @Test
    void withoutItsTableTheAlertIsStillPostedAndTheLogSaysSo() {
        dynamo.deleteTable(request -> request.tableName(CONFIG.postedTransitionsTable()));
        TestContext context = new TestContext();

        assertThat(invoke(handler, event("cpu-alarm.json"), context)).isEqualTo(Events.posted(1, 1));
        assertThat(slack.received()).hasSize(1);
        assertThat(context.logText()).contains("\"action\":\"unrecorded\"");
    }

    @Test
    void eachRecordExpiresAfterTwoDays() {
        invoke(handler, event("cpu-alarm.json"), new TestContext());

        Map<String, AttributeValue> item = dynamo.scan(request -> request.tableName(CONFIG.postedTransitionsTable()))
                .items().stream().filter(each -> !each.get("transition").s().equals(SharedPacer.PACE_KEY))
                .findFirst().orElseThrow();
        long expiresIn = Long.parseLong(item.get("expiresAt").n()) - Instant.now().getEpochSecond();
        assertThat(item.get("state").s()).isEqualTo("posted");
        assertThat(expiresIn).isBetween(PostedTransitions.KEPT.toSeconds() - 60, PostedTransitions.KEPT.toSeconds());
    }

    /** When the claim could not be written but the post went out, the record made afterwards still expires. */
    @Test
    void aTransitionMarkedPostedWithoutItsClaimStillExpires() {
        PostedTransitions transitions = new PostedTransitions(dynamo, CONFIG.postedTransitionsTable(), Instant::now);

        transitions.posted("web-i-0abcdef1234567890-cpu-warning|ALARM|2026-11-24T06:30:12.345Z");
        transitions.release("web-i-0abcdef1234567890-cpu-warning|ALARM|2026-11-24T06:30:12.345Z");

        Map<String, AttributeValue> item = dynamo.scan(request -> request.tableName(CONFIG.postedTransitionsTable()))
                .items().stream().filter(each -> !each.get("transition").s().equals(SharedPacer.PACE_KEY))
                .findFirst().orElseThrow();
        assertThat(item.get("state").s()).as("a release never removes a posted record").isEqualTo("posted");
        assertThat(item).containsKey("expiresAt");
    }

    /** The record another invocation writes when it starts to post the fixture's transition. */
    private void claimed(Instant at) {
        AlarmNotification alarm = AlarmMessageParserTest.alarm("cpu-alarm.json");
        dynamo.putItem(request -> request.tableName(CONFIG.postedTransitionsTable()).item(Map.of(
                "transition", AttributeValue.fromS(TransitionKey.of(alarm)),
                "state", AttributeValue.fromS("posting"),
                "claimedAt", AttributeValue.fromN(Long.toString(at.getEpochSecond())),
                "expiresAt", AttributeValue.fromN(Long.toString(at.getEpochSecond() + 172_800)))));
    }
}
