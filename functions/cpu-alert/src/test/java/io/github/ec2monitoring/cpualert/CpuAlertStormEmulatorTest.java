package io.github.ec2monitoring.cpualert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.standins.TestContext;
import io.github.ec2monitoring.standins.WebhookServer;
import io.github.ec2monitoring.standins.WebhookServer.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A burst through the queue: the queue's depth tells the storm, the alarms in ALARM make the summary, and the
 * details follow one message per instance.
 */
class CpuAlertStormEmulatorTest extends CpuAlertEmulatorFixture {

    private final CloudWatchClient cloudWatch = MotoServer.client(CloudWatchClient.builder());
    private String queueUrl;

    @BeforeEach
    void noAlarmsAndAnEmptyQueue() {
        List<String> alarms = cloudWatch.describeAlarms(r -> r.alarmNamePrefix("web-")).metricAlarms().stream()
                .map(alarm -> alarm.alarmName()).toList();
        if (!alarms.isEmpty()) {
            cloudWatch.deleteAlarms(r -> r.alarmNames(alarms));
        }
        queueUrl = sqs.getQueueUrl(r -> r.queueName("web-alarms")).queueUrl();
        // PurgeQueue is allowed once a minute, as in SQS: the messages are received and deleted instead.
        List<Message> left;
        while (!(left = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)).messages()).isEmpty()) {
            left.forEach(message -> sqs.deleteMessage(r -> r.queueUrl(queueUrl)
                    .receiptHandle(message.receiptHandle())));
        }
    }

    private static String instance(int i) {
        return String.format("i-0aaaaaaaaaaaaa%03d", i);
    }

    /** Each instance's CPU warning and critical, in ALARM, as CloudWatch holds them when it notifies. */
    private List<byte[]> fire(int fromInstance, int instances) {
        List<byte[]> events = new ArrayList<>();
        for (int i = fromInstance; i < fromInstance + instances; i++) {
            String instance = instance(i);
            String value = "9" + (i % 10) + ".5";
            for (String severity : List.of("warning", "critical")) {
                String name = "web-" + instance + "-cpu-" + severity;
                boolean critical = severity.equals("critical");
                cloudWatch.putMetricAlarm(r -> r.alarmName(name).namespace("AWS/EC2").metricName("CPUUtilization")
                        .dimensions(d -> d.name("InstanceId").value(instance)).statistic(Statistic.AVERAGE)
                        .period(60).evaluationPeriods(5).datapointsToAlarm(3).threshold(critical ? 80.0 : 60.0)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                        .alarmActions(critical ? Events.CRITICAL_TOPIC : Events.WARNING_TOPIC));
                cloudWatch.setAlarmState(r -> r.alarmName(name).stateValue(StateValue.ALARM)
                        .stateReason("Threshold Crossed: 3 out of the last 5 datapoints [" + value
                                + " (24/11/26 06:29:00)] were greater than or equal to the threshold"));
                events.add(eventFor(critical ? "cpu-critical-alarm.json" : "cpu-alarm.json", instance));
            }
        }
        return events;
    }

    /** The notifications wait in the queue, as they do when the batch is handed over. */
    private void enqueue(int notifications) {
        for (int i = 0; i < notifications; i++) {
            int n = i;
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("notification " + n));
        }
    }

    private List<JsonNode> posts() {
        return slack.received().stream().map(received -> {
            try {
                return Events.JSON.readTree(received.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private static String header(JsonNode post) {
        return post.at("/blocks/0/text/text").asText();
    }

    @Test
    void aBurstPostsOneSummaryFirstThenOneMessagePerInstanceCriticalFirst() {
        List<byte[]> events = fire(1, 6);
        enqueue(events.size());

        JsonNode answer = invoke(handler, Events.sqsBatch(events.toArray(byte[][]::new)), new TestContext());

        assertThat(answer.path("posted").asInt()).isEqualTo(12);
        assertThat(answer.path("batchItemFailures")).isEmpty();
        List<JsonNode> posts = posts();
        assertThat(posts).hasSize(7);
        assertThat(header(posts.get(0))).isEqualTo(":rotating_light: Alarm storm: 12 alarm(s) in ALARM on "
                + "6 instance(s)");
        for (int i = 1; i <= 6; i++) {
            JsonNode detail = posts.get(i);
            String instance = instance(i);
            assertThat(header(detail)).as("the critical leads").contains("web-" + instance + "-cpu-critical");
            assertThat(detail.path("text").asText()).endsWith("(1 more on this instance)");
            assertThat(detail.toString()).contains("*Also on this instance*")
                    .contains("web-" + instance + "-cpu-warning");
        }
    }

    @Test
    void laterBatchesOfTheSameStormPostNoSecondSummary() {
        List<byte[]> first = fire(1, 6);
        enqueue(first.size() + 2);
        invoke(handler, Events.sqsBatch(first.toArray(byte[][]::new)), new TestContext());
        int afterFirst = slack.received().size();

        TestContext context = new TestContext();
        JsonNode answer = invoke(handler, Events.sqsBatch(fire(7, 1).toArray(byte[][]::new)), context);

        assertThat(answer.path("posted").asInt()).isEqualTo(2);
        assertThat(slack.received()).hasSize(afterFirst + 1);
        assertThat(header(posts().get(afterFirst))).contains("web-" + instance(7) + "-cpu-critical");
        assertThat(context.logText()).contains("\"action\":\"storm\"").doesNotContain("storm-summary");
    }

    @Test
    void aLoneAlarmInACalmQueueIsPostedAtOnceWithoutASummary() {
        TestContext context = new TestContext();

        invoke(handler, Events.sqsBatch(event("cpu-critical-alarm.json")), context);

        assertThat(posts()).singleElement().satisfies(post -> assertThat(header(post)).startsWith(
                ":rotating_light: Critical ALARM: web-i-0abcdef1234567890-cpu-critical"));
        assertThat(context.logText()).doesNotContain("\"action\":\"storm\"");
    }

    /** Another container opens a storm the moment Slack receives this one's first request. */
    private Thread stormOpensOnTheFirstPost() {
        Thread burst = new Thread(() -> {
            while (slack.received().isEmpty()) {
                Thread.onSpinWait();
            }
            try {
                new StormWatch(sqs, queueUrl, dynamo, CONFIG.postedTransitionsTable(), CONFIG.stormThreshold(),
                        Instant::now, wait -> { }).join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        burst.start();
        return burst;
    }

    /** Two alarms came alone, then a burst began while the first was being posted: the second waits for its summary. */
    @Test
    void aCalmBatchStillPostingWhenAStormBeginsHoldsItsRestBackForTheSummary() throws Exception {
        slack.reply(new Reply(200, Map.of(), "ok", Duration.ofMillis(500)));
        byte[] batch = Events.sqsBatch(eventFor("cpu-critical-alarm.json", instance(1)),
                eventFor("cpu-critical-alarm.json", instance(2)));
        Thread burst = stormOpensOnTheFirstPost();
        TestContext context = new TestContext();

        JsonNode answer = invoke(handler, batch, context);
        burst.join();

        assertThat(answer.path("posted").asInt()).isEqualTo(1);
        assertThat(answer.path("batchItemFailures")).hasToString("[{\"itemIdentifier\":\"m-1\"}]");
        assertThat(context.logText()).contains("\"action\":\"held-back\"");
    }

    /** Slack was down for a calm alarm; a burst began before its retry: the retry waits for the summary. */
    @Test
    void aCalmAlarmWaitingOutAnOutageDoesNotLandBeforeTheSummary() throws Exception {
        slack.reply(Reply.status(503, "service_unavailable"));
        Thread burst = stormOpensOnTheFirstPost();
        TestContext context = new TestContext();

        JsonNode answer = invoke(handler, Events.sqsBatch(eventFor("cpu-critical-alarm.json", instance(1))), context);
        burst.join();

        assertThat(answer.path("posted").asInt()).isZero();
        assertThat(answer.path("batchItemFailures")).hasSize(1);
        assertThat(slack.received()).as("no retry").hasSize(1);
        assertThat(context.logText()).contains("\"action\":\"held-back\"").doesNotContain("\"action\":\"failed\"");
    }

    @Test
    void whenTheSummaryCannotBePostedTheWholeBatchComesBackAndItsNextTryPostsTheSummaryFirst() {
        List<byte[]> events = fire(1, 6);
        enqueue(events.size());
        for (int i = 0; i < SlackWebhook.MAX_ATTEMPTS; i++) {
            slack.reply(Reply.status(503, "service_unavailable"));
        }
        byte[] batch = Events.sqsBatch(events.toArray(byte[][]::new));

        JsonNode failed = invoke(handler, batch, new TestContext());

        assertThat(failed.path("posted").asInt()).isZero();
        assertThat(failed.path("batchItemFailures")).hasSize(12);
        int refused = slack.received().size();
        assertThat(refused).as("only the summary was tried").isEqualTo(SlackWebhook.MAX_ATTEMPTS);

        JsonNode redelivered = invoke(handler, batch, new TestContext());

        assertThat(redelivered.path("posted").asInt()).isEqualTo(12);
        List<WebhookServer.Received> after = slack.received().subList(refused, slack.received().size());
        assertThat(after).hasSize(7);
        assertThat(header(posts().get(refused))).startsWith(":rotating_light: Alarm storm: 12 alarm(s)");
    }
}
