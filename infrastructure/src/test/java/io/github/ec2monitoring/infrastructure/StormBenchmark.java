package io.github.ec2monitoring.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ec2monitoring.standins.WebhookServer;
import io.github.ec2monitoring.testsupport.MotoServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 200 alarms in 10 seconds (100 instances, CPU warning and critical) through the topics, the queue and two containers
 * of the shaded jar, to a Slack stand-in that takes one message a second. Prints the time until the last detail is
 * posted and the requests sent per message delivered. Not part of the suite (the name matches no test pattern): run
 * it with the command in the README. It asserts only that every alarm arrived once, after the summary.
 */
@ExtendWith(MotoServerExtension.class)
class StormBenchmark {

    private static final int INSTANCES = 100;
    private static final Duration BURST = Duration.ofSeconds(10);

    @Test
    void twoHundredAlarmsInTenSeconds() throws Exception {
        try (AlarmStorm storm = new AlarmStorm()) {
            Instant started = Instant.now();
            storm.fire(INSTANCES, BURST);
            assertThat(storm.awaitDrained(Duration.ofMinutes(10))).isTrue();

            List<JsonNode> posts = storm.acceptedPosts();
            List<WebhookServer.Received> accepted = storm.slack.accepted();
            List<String> details = posts.subList(1, posts.size()).stream().map(JsonNode::toString).toList();
            for (String alarm : storm.alarmNames(INSTANCES)) {
                assertThat(details).as(alarm).filteredOn(post -> post.contains(alarm)).hasSize(1);
            }
            assertThat(posts.get(0).path("text").asText()).startsWith("Alarm storm: 200 alarm(s)");
            int requests = storm.slack.received().size();
            long throttled = storm.slack.received().stream().filter(post -> post.status() == 429).count();
            Duration summaryAfter = Duration.between(started, accepted.get(0).arrivedAt());
            Duration lastAfter = Duration.between(started, accepted.get(accepted.size() - 1).arrivedAt());
            System.out.printf(Locale.ROOT, "%nStorm: %d alarms in %d s, %d instances, 2 containers, Slack at 1 message/s%n",
                    INSTANCES * 2, BURST.toSeconds(), INSTANCES);
            System.out.printf(Locale.ROOT, "  summary posted after        %6.1f s%n", summaryAfter.toMillis() / 1000.0);
            System.out.printf(Locale.ROOT, "  last detail posted after    %6.1f s%n", lastAfter.toMillis() / 1000.0);
            System.out.printf(Locale.ROOT, "  messages delivered          %6d (1 summary + %d details)%n", posts.size(),
                    posts.size() - 1);
            System.out.printf(Locale.ROOT, "  requests sent               %6d (%d answered 429)%n", requests, throttled);
            System.out.printf(Locale.ROOT, "  requests per message        %6.2f%n", (double) requests / posts.size());
            System.out.printf(Locale.ROOT, "  invocations                 %6d, dead letters %d%n",
                    storm.drain().invocations(), storm.deadLetters());
        }
    }
}
