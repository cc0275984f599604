package io.github.ec2monitoring.infrastructure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ec2monitoring.contract.AlarmQueue;
import io.github.ec2monitoring.contract.FunctionEnvironments;
import io.github.ec2monitoring.contract.FunctionEnvironments.CpuAlert;
import io.github.ec2monitoring.standins.LambdaRuntimeSim;
import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.standins.PostedTransitionsTable;
import io.github.ec2monitoring.standins.QueueDrain;
import io.github.ec2monitoring.standins.WebhookServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An alarm storm through cpu-alert as deployed: CloudWatch's notifications published to the stack's two topics, which
 * deliver into the queue (redrive to a dead-letter queue after five receives, visibility 360 s, as the template
 * declares them), drained by Lambda's event source mapping into two containers of the shaded jar, posting to a Slack
 * stand-in that takes one message a second. The environment is the one failsafe gives the jar (see the pom).
 */
final class AlarmStorm implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIXTURE_INSTANCE = "i-0abcdef1234567890";

    final WebhookServer slack;
    private final SnsClient sns = MotoServer.client(SnsClient.builder());
    private final SqsClient sqs = MotoServer.client(SqsClient.builder());
    private final CloudWatchClient cloudWatch = MotoServer.client(CloudWatchClient.builder());
    private final List<LambdaRuntimeSim> containers = new ArrayList<>();
    private final String queueUrl;
    private final String deadLetterUrl;
    private final QueueDrain drain;
    private final String prefix = System.getenv(FunctionEnvironments.ALARM_NAME_PREFIX.name());

    AlarmStorm() throws Exception {
        MotoServer.reset();
        MotoServer.useForDefaultClients();
        slack = new WebhookServer();
        slack.limitTo(Duration.ofSeconds(1));
        CloudWatchLogsClient logs = MotoServer.client(CloudWatchLogsClient.builder());
        for (String group : List.of(env(CpuAlert.SYSLOG_LOG_GROUP.name()), env(CpuAlert.APACHE_ERROR_LOG_GROUP.name()))) {
            logs.createLogGroup(r -> r.logGroupName(group));
        }
        MotoServer.client(SecretsManagerClient.builder()).createSecret(r -> r
                .name(env(CpuAlert.SLACK_WEBHOOK_SECRET_NAME.name())).secretString(slack.url().toString()));
        PostedTransitionsTable.create(MotoServer.client(DynamoDbClient.builder()),
                env(CpuAlert.POSTED_TRANSITIONS_TABLE.name()));
        String queueName = env(CpuAlert.ALARM_QUEUE_URL.name()).substring(env(CpuAlert.ALARM_QUEUE_URL.name())
                .lastIndexOf('/') + 1);
        deadLetterUrl = sqs.createQueue(r -> r.queueName(queueName + "-dead-letters")).queueUrl();
        String deadLetterArn = arn(deadLetterUrl);
        queueUrl = sqs.createQueue(r -> r.queueName(queueName).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "360",
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + deadLetterArn
                        + "\",\"maxReceiveCount\":\"5\"}"))).queueUrl();
        for (String topicArn : List.of(env(FunctionEnvironments.WARNING_TOPIC_ARN.name()),
                env(FunctionEnvironments.CRITICAL_TOPIC_ARN.name()))) {
            String created = sns.createTopic(r -> r.name(topicArn.substring(topicArn.lastIndexOf(':') + 1)))
                    .topicArn();
            sns.subscribe(r -> r.topicArn(created).protocol("sqs").endpoint(arn(queueUrl)));
        }
        List<QueueDrain.Container> functions = new ArrayList<>();
        for (int i = 0; i < AlarmQueue.POSTING_CONTAINERS; i++) {
            LambdaRuntimeSim container = SynthesizedFunctions.get()
                    .load(io.github.ec2monitoring.infrastructure.constructs.CpuAlert.HANDLER);
            containers.add(container);
            functions.add(container::invoke);
        }
        drain = new QueueDrain(sqs, queueUrl, Duration.ofSeconds(1), functions);
    }

    private String arn(String url) {
        return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN)).attributes()
                .get(QueueAttributeName.QUEUE_ARN);
    }

    private static String env(String name) {
        return System.getenv(name);
    }

    static String instance(int i) {
        return String.format("i-0%016x", 0xa000 + i);
    }

    static String alarmName(String prefix, int instance, String severity) {
        return prefix + "-" + instance(instance) + "-cpu-" + severity;
    }

    /** This storm's alarm names: every instance's CPU warning and critical. */
    List<String> alarmNames(int instances) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            names.add(alarmName(prefix, i, "warning"));
            names.add(alarmName(prefix, i, "critical"));
        }
        return names;
    }

    /**
     * CloudWatch puts each instance's CPU warning and critical in ALARM and publishes their notifications, all of them
     * spread evenly over {@code over}.
     */
    void fire(int instances, Duration over) throws IOException, InterruptedException {
        String warningTopic = env(FunctionEnvironments.WARNING_TOPIC_ARN.name());
        String criticalTopic = env(FunctionEnvironments.CRITICAL_TOPIC_ARN.name());
        List<Runnable> notifications = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            for (String severity : List.of("warning", "critical")) {
                boolean critical = severity.equals("critical");
                String name = alarmName(prefix, i, severity);
                String instance = instance(i);
                double value = (critical ? 81 : 61) + (i % 19);
                String topic = critical ? criticalTopic : warningTopic;
                cloudWatch.putMetricAlarm(r -> r.alarmName(name).namespace("AWS/EC2").metricName("CPUUtilization")
                        .dimensions(d -> d.name("InstanceId").value(instance)).statistic(Statistic.AVERAGE)
                        .period(60).evaluationPeriods(5).datapointsToAlarm(3).threshold(critical ? 80.0 : 60.0)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                        .alarmActions(topic));
                String reason = "Threshold Crossed: 3 out of the last 5 datapoints [" + value
                        + " (24/11/26 06:29:00)] were greater than or equal to the threshold";
                cloudWatch.setAlarmState(r -> r.alarmName(name).stateValue(StateValue.ALARM).stateReason(reason));
                String message = message(critical ? "cpu-critical-alarm.json" : "cpu-alarm.json", instance, name,
                        reason);
                notifications.add(() -> sns.publish(r -> r.topicArn(topic).message(message)
                        .subject("ALARM: \"" + name + "\"")));
            }
        }
        long spacing = over.toNanos() / notifications.size();
        long start = System.nanoTime();
        for (int n = 0; n < notifications.size(); n++) {
            long due = start + n * spacing;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            notifications.get(n).run();
        }
    }

    /** CloudWatch's notification as the fixture has it, for this instance and alarm. */
    private static String message(String fixture, String instance, String name, String reason) throws IOException {
        JsonNode event = JSON.readTree(Files.readAllBytes(TestApps.projectRoot()
                .resolve("functions/cpu-alert/src/test/resources/sns/" + fixture)));
        ObjectNode message = (ObjectNode) JSON.readTree(event.at("/Records/0/Sns/Message").asText());
        String fixtureName = message.path("AlarmName").asText();
        String text = message.put("AlarmName", name).put("NewStateReason", reason)
                .put("StateChangeTime", Instant.now().toString().replace("Z", "+0000")).toString();
        return text.replace(fixtureName, name).replace(FIXTURE_INSTANCE, instance);
    }

    boolean awaitDrained(Duration timeout) throws InterruptedException {
        return drain.awaitDrained(timeout);
    }

    QueueDrain drain() {
        return drain;
    }

    /** Messages the dead-letter queue holds. */
    int deadLetters() {
        return Integer.parseInt(sqs.getQueueAttributes(r -> r.queueUrl(deadLetterUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    /** The JSON of every post Slack took, in order. */
    List<JsonNode> acceptedPosts() {
        return slack.accepted().stream().map(post -> {
            try {
                return JSON.readTree(post.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    /** Keeps the containers' log lines and Slack's answers in target/, to read after a failed run. */
    void keepLogs(String name) throws IOException {
        Path dir = Path.of("target", "storm-logs");
        Files.createDirectories(dir);
        List<String> lines = new ArrayList<>(containers.stream().flatMap(c -> c.timedLogLines().stream()).toList());
        slack.received().forEach(post -> lines.add(post.arrivedAt() + " slack " + post.status() + " "
                + post.body().substring(0, Math.min(120, post.body().length()))));
        Files.write(dir.resolve(name + ".log"), lines);
    }

    /** Every log line the containers wrote. */
    List<String> logLines() {
        return containers.stream().flatMap(container -> container.logLines().stream()).toList();
    }

    @Override
    public void close() throws Exception {
        drain.close();
        for (LambdaRuntimeSim container : containers) {
            container.close();
        }
        slack.close();
    }
}
