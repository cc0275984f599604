package io.github.ec2monitoring.cpualert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.standins.PostedTransitionsTable;
import io.github.ec2monitoring.standins.TestContext;
import io.github.ec2monitoring.standins.WebhookServer;
import io.github.ec2monitoring.testsupport.MotoServerExtension;
import java.net.http.HttpClient;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Warm, in-process time from an SNS alarm event in to the Slack post out, against moto server and a loopback Slack.
 * Not part of the suite (the name matches no test pattern); run it with the command in the README. It prints the
 * figures and asserts only that every post arrived.
 */
@ExtendWith(MotoServerExtension.class)
class CpuAlertBenchmark {

    private static final int WARM_UP = 50;
    private static final int MEASURED = 300;

    @Test
    void warmSnsEventToSlackPost() throws Exception {
        AlertConfig config = SlackMessages.config(Language.EN);
        CloudWatchLogsClient logs = MotoServer.client(CloudWatchLogsClient.builder());
        SecretsManagerClient secrets = MotoServer.client(SecretsManagerClient.builder());
        for (LogExcerpt excerpt : SlackMessages.provokedLogs()) {
            String group = excerpt.source().equals(CpuAlert.SYSLOG) ? config.syslogLogGroup() : config.apacheErrorLogGroup();
            logs.createLogGroup(r -> r.logGroupName(group));
            logs.createLogStream(r -> r.logGroupName(group).logStreamName("i-0abcdef1234567890"));
            List<InputLogEvent> events = excerpt.lines().stream().map(line -> InputLogEvent.builder()
                    .timestamp(line.timestamp().toEpochMilli()).message(line.message()).build()).toList();
            logs.putLogEvents(r -> r.logGroupName(group).logStreamName("i-0abcdef1234567890").logEvents(events));
        }
        try (WebhookServer slack = new WebhookServer()) {
            secrets.createSecret(r -> r.name(config.webhookSecretName()).secretString(slack.url().toString()));
            DynamoDbClient dynamo = MotoServer.client(DynamoDbClient.builder());
            PostedTransitionsTable.create(dynamo, config.postedTransitionsTable());
            SqsClient sqs = MotoServer.client(SqsClient.builder());
            sqs.createQueue(r -> r.queueName("web-alarms"));
            CpuAlertHandler handler = new CpuAlertHandler(config, logs, secrets, dynamo, sqs,
                    () -> MotoServer.client(CloudWatchClient.builder()), HttpClient.newHttpClient(),
                    SlackWebhook.Timing.DEFAULT, line -> { });
            for (int i = 0; i < WARM_UP; i++) {
                Events.invoke(handler, transition(i), new TestContext(line -> { }));
            }
            long[] micros = new long[MEASURED];
            for (int i = 0; i < MEASURED; i++) {
                byte[] event = transition(WARM_UP + i);
                long started = System.nanoTime();
                Events.invoke(handler, event, new TestContext(line -> { }));
                micros[i] = (System.nanoTime() - started) / 1_000;
            }
            Arrays.sort(micros);
            System.out.printf("cpu-alert warm SNS event -> Slack post (2 log reads against moto, 1 post to loopback), "
                    + "%d runs: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n", MEASURED,
                    micros[MEASURED / 2] / 1000.0, micros[MEASURED * 95 / 100] / 1000.0,
                    micros[MEASURED * 99 / 100] / 1000.0, micros[MEASURED - 1] / 1000.0);
            assertEquals(WARM_UP + MEASURED, slack.received().size());
        }
    }

    /** The fixture's alarm as the n-th distinct transition: each is posted, none is a duplicate. */
    private static byte[] transition(int n) {
        return Events.withMessage("cpu-critical-alarm.json", message -> message.put("StateChangeTime",
                "2026-11-24T06:30:" + String.format("%02d", n % 60) + "." + String.format("%03d", n / 60) + "+0000"));
    }
}
