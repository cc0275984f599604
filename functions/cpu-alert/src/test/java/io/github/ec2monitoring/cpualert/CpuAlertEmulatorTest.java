package io.github.ec2monitoring.cpualert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ec2monitoring.standins.AwsFront;
import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.standins.TestContext;
import io.github.ec2monitoring.standins.WebhookServer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What cpu-alert posts for each kind of notification, run in-process against the emulator and a loopback Slack. */
class CpuAlertEmulatorTest extends CpuAlertEmulatorFixture {

    @Test
    void postsExactlyTheGoldenMessageBuiltFromTheInstancesLogsInTheWindow() throws IOException {
        JsonNode result = invoke(handler, event("cpu-critical-alarm.json"), new TestContext());

        assertThat(result).isEqualTo(Events.posted(1, 1));
        List<WebhookServer.Received> posts = slack.received();
        assertThat(posts).singleElement().satisfies(post -> {
            assertThat(post.method()).isEqualTo("POST");
            assertThat(post.contentType()).isEqualTo("application/json; charset=utf-8");
            assertThat(post.body()).doesNotContain("outside the window");
        });
        JsonNode expected = SlackMessages.golden("cpu-critical-alarm.en.json",
                SlackMessages.build("cpu-critical-alarm.json", Language.EN, SlackMessages.provokedLogs()));
        assertThat(JSON.readTree(posts.get(0).body())).isEqualTo(expected);
    }

    @Test
    void koreanMessagesAreConfigurable() throws IOException {
        AlertConfig korean = SlackMessages.config(Language.KO);
        invoke(handler(korean, logs), event("cpu-critical-alarm.json"), new TestContext());

        JsonNode expected = SlackMessages.golden("cpu-critical-alarm.ko.json",
                SlackMessages.build("cpu-critical-alarm.json", Language.KO, SlackMessages.provokedLogs()));
        assertThat(lastPost()).isEqualTo(expected);
    }

    @Test
    void aFleetContributorAlarmIsPostedWithThatInstancesLogsAndTheCountInAlarm() {
        JsonNode result = invoke(handler, event("fleet/contributor-alarm.json"), new TestContext());

        assertThat(result).isEqualTo(Events.posted(1, 1));
        assertThat(lastPostText("/blocks/1/fields/1/text")).isEqualTo("*Instance*\n" + INSTANCE);
        assertThat(lastPostText("/blocks/1/fields/2/text")).isEqualTo("*Auto Scaling group*\nweb-asg");
        assertThat(lastPostText("/blocks/1/fields/5/text")).isEqualTo("*Fleet alarm*\n3 instance(s) in ALARM now");
        assertThat(SlackMessages.logSection(lastPost(), CpuAlert.APACHE_ERROR_LOG)).contains("lines matter");
        assertThat(contributors.operations()).contains("DescribeAlarmContributors");
    }

    @Test
    void aFleetContributorBackToOkPostsARecovery() {
        invoke(handler, event("fleet/contributor-ok.json"), new TestContext());

        assertThat(lastPostText("/blocks/0/text/text"))
                .startsWith(":white_check_mark: Critical RECOVERED: web-fleet-web-tier-cpu-critical");
        assertThat(lastPostText("/blocks/1/fields/1/text")).isEqualTo("*Instance*\n" + INSTANCE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"contributor-without-attributes.json", "contributor-unknown-attributes.json",
        "contributor-malformed-attributes.json", "alarm-level-insufficient-data.json"})
    void aFleetNotificationWithoutAUsableContributorIsStillPostedWithoutLogs(String fixture) {
        JsonNode result = invoke(handler, event("fleet/" + fixture), new TestContext());

        assertThat(result).isEqualTo(Events.posted(1, 1));
        assertThat(slack.received()).hasSize(1);
        assertThat(lastPostHasLogSections()).as("log sections").isFalse();
    }

    @Test
    void anUnknownContributorIsNamedByItsAttributes() {
        invoke(handler, event("fleet/contributor-unknown-attributes.json"), new TestContext());

        assertThat(lastPostText("/blocks/1/fields/1/text")).isEqualTo("*Instance*\n(contributor Host=web-7)");
    }

    @Test
    void aContributorCountThatCannotBeReadIsSaidAndLoggedAndTheAlertStillPosted() throws IOException {
        try (AwsFront refusing = new AwsFront(MotoServer.endpoint()).always("DescribeAlarmContributors",
                AwsFront.Answer.queryError(403, "AccessDenied", "not authorized"))) {
            TestContext context = new TestContext();

            invoke(handler(CONFIG, logs, refusing), event("fleet/contributor-alarm.json"), context);

            assertThat(lastPostText("/blocks/1/fields/5/text"))
                    .isEqualTo("*Fleet alarm*\ninstances in ALARM could not be counted");
            assertThat(context.logLines())
                    .anySatisfy(line -> assertThat(line).contains("contributors-uncounted", "AccessDenied"));
        }
    }

    @Test
    void aGroupAlarmWithoutInstanceIsPostedWithoutLogs() {
        invoke(handler, event("group-alarm.json"), new TestContext());

        assertThat(lastPostText("/blocks/1/fields/1/text")).isEqualTo("*Instance*\n(not an instance alarm)");
        assertThat(lastPostHasLogSections()).as("log sections").isFalse();
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

        assertThat(result).isEqualTo(Events.posted(0, 1));
        assertThat(slack.received()).isEmpty();
        assertThat(context.logLines()).singleElement().asString()
                .contains("\"action\":\"skipped\"").hasSizeLessThan(300);
    }

    @ParameterizedTest
    @ValueSource(strings = {"missing-state-change-time.json", "state-change-time-not-a-date.json",
        "state-change-time-number.json", "missing-trigger.json", "trigger-is-a-string.json"})
    void anAlarmThatLacksItsTimeOrTriggerIsPostedSayingWhatItLacked(String fixture) {
        JsonNode result = invoke(handler, event("degraded/" + fixture), new TestContext());

        assertThat(result).isEqualTo(Events.posted(1, 1));
        assertThat(slack.received()).hasSize(1);
        assertThat(lastPost().toString()).contains("The notification had no ");
    }

    @Test
    void hostileTextInEveryFieldIsPostedInert() {
        invoke(handler, event("hostile/hostile-fields.json"), new TestContext());

        JsonNode posted = lastPost();
        SlackSafety.assertInert(posted);
        // Only the header may hold the name as it is: a plain_text block, which Slack never reads as markup.
        ((ObjectNode) posted.at("/blocks/0/text")).remove("text");
        assertThat(posted.toString()).doesNotContain("<!channel>");
    }

    /** A new alarm's first data moves it from INSUFFICIENT_DATA to OK: every launch would post six "recovered". */
    @Test
    void aNewAlarmsFirstDataIsNoRecoveryAndPostsNothing() {
        byte[] firstData = Events.withMessage("cpu-ok.json", message -> message.put("OldStateValue", "INSUFFICIENT_DATA"));
        TestContext context = new TestContext();

        JsonNode result = invoke(handler, firstData, context);

        assertThat(result).isEqualTo(Events.posted(0, 1));
        assertThat(slack.received()).isEmpty();
        assertThat(context.logText()).contains("\"action\":\"not-a-recovery\"");
    }

    @Test
    void aRealRecoveryFromAlarmIsPosted() {
        byte[] recovery = Events.withMessage("cpu-ok.json", message -> message.put("OldStateValue", "ALARM"));

        assertThat(invoke(handler, recovery, new TestContext())).isEqualTo(Events.posted(1, 1));
        assertThat(lastPostText("/blocks/0/text/text")).contains("RECOVERED");
    }
}
