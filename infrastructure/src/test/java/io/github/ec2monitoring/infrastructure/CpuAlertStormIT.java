package io.github.ec2monitoring.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ec2monitoring.standins.WebhookServer;
import io.github.ec2monitoring.testsupport.MotoServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 60 alarms in 5 seconds (30 instances, CPU warning and critical) through the topics, the queue and two containers
 * of the shaded jar, to a Slack stand-in that takes one message a second: all 60 arrive, none twice, the summary
 * first, and Slack answers 429 no more than the pacing's slack for two clocks allows. Then the same with the webhook
 * down for the first 30 seconds.
 */
@ExtendWith(MotoServerExtension.class)
class CpuAlertStormIT {

    private static final int INSTANCES = 30;
    private static final Duration BURST = Duration.ofSeconds(5);
    /** Two containers' turns are 1.1 s apart; a 429 needs one to be late by a tenth of a second. */
    private static final int TOLERATED_429 = 2;

    @Test
    void sixtyAlarmsInFiveSecondsReachSlackOnceEachAfterOneSummary() throws Exception {
        try (AlarmStorm storm = new AlarmStorm()) {
            storm.fire(INSTANCES, BURST);

            assertThat(storm.awaitDrained(Duration.ofMinutes(3))).as("the queue drained").isTrue();
            storm.keepLogs("sixty-alarms");
            assertEveryAlarmOnceAfterTheSummary(storm);
            assertThat(storm.slack.received()).filteredOn(post -> post.status() == 429).hasSizeLessThanOrEqualTo(
                    TOLERATED_429);
            assertThat(storm.drain().errors()).isEmpty();
        }
    }

    @Test
    void withTheWebhookDownForThirtySecondsTheSameAlarmsArriveTheSameWay() throws Exception {
        try (AlarmStorm storm = new AlarmStorm()) {
            storm.slack.downUntil(Instant.now().plusSeconds(30));

            storm.fire(INSTANCES, BURST);

            assertThat(storm.awaitDrained(Duration.ofMinutes(5))).as("the queue drained").isTrue();
            storm.keepLogs("webhook-down");
            assertEveryAlarmOnceAfterTheSummary(storm);
            assertThat(storm.slack.received()).filteredOn(post -> post.status() == 503).isNotEmpty();
            assertThat(storm.drain().failedRecords()).as("records came back after the outage").isPositive();
            assertThat(storm.logLines()).anyMatch(line -> line.contains("\"action\":\"redelivery\""));
        }
    }

    private static void assertEveryAlarmOnceAfterTheSummary(AlarmStorm storm) {
        assertThat(storm.deadLetters()).as("nothing in the dead-letter queue").isZero();
        List<JsonNode> posts = storm.acceptedPosts();
        assertThat(posts).isNotEmpty();
        assertThat(posts.get(0).at("/blocks/0/text/text").asText()).as("the summary comes first")
                .isEqualTo(":rotating_light: Alarm storm: 60 alarm(s) in ALARM on 30 instance(s)");
        assertThat(posts).filteredOn(post -> post.path("text").asText().startsWith("Alarm storm")).hasSize(1);
        List<String> details = posts.subList(1, posts.size()).stream().map(JsonNode::toString).toList();
        for (String alarm : storm.alarmNames(INSTANCES)) {
            assertThat(details).as(alarm + " is posted once").filteredOn(post -> post.contains(alarm + "\""
                    ) || post.contains(alarm + " ") || post.contains(alarm + ")") || post.contains(alarm + "\\n"))
                    .hasSize(1);
        }
        String url = storm.slack.url().getPath();
        assertThat(storm.logLines()).noneMatch(line -> line.contains(url));
        assertThat(storm.slack.received()).extracting(WebhookServer.Received::path).containsOnly(
                WebhookServer.PATH);
    }
}
