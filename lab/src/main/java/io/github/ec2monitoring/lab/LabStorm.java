package io.github.ec2monitoring.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ec2monitoring.contract.AlarmQueue;
import io.github.ec2monitoring.cpualert.CpuAlertHandler;
import io.github.ec2monitoring.detector.DetectorConfig;
import io.github.ec2monitoring.detector.InstanceDetectorHandler;
import io.github.ec2monitoring.standins.AwsFront;
import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.standins.QueueDrain;
import io.github.ec2monitoring.standins.WebhookServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The storm lab ({@code lab/run --storm N}): N alarms fire within five seconds, their notifications queue up, two
 * cpu-alert containers drain the queue toward a Slack webhook that takes one message a second, and the channel gets
 * the storm's summary first, then one message per instance, critical first.
 */
final class LabStorm {

    static final int STEPS = 5;
    static final Duration BURST = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Critical before warning, CPU before memory before disk: the order CloudWatch happens to notify in here. */
    private static final List<String> KINDS = List.of("cpu-critical", "cpu-warning", "memory-critical",
            "memory-warning", "disk-critical", "disk-warning");

    /**
     * What the storm did.
     *
     * @param fired the alarms that fired
     * @param posts the Slack messages that went out, in order; the first is the summary
     * @param refused requests Slack answered 429
     * @param lastPostAfter from the first notification to the last message Slack took
     * @param page the channel's preview page
     */
    record Report(List<String> fired, List<JsonNode> posts, int refused, Duration lastPostAfter, Path page) {}

    private final Narrator say;
    private final LabOptions options;
    private final LabSettings settings;
    private final WebhookServer slack;

    LabStorm(Narrator say, LabOptions options, LabSettings settings, WebhookServer slack) {
        this.say = say;
        this.options = options;
        this.settings = settings;
        this.slack = slack;
    }

    Report run() throws IOException, InterruptedException {
        say.step("Create the monitored environment in the local AWS emulator");
        LabEnvironment environment = LabEnvironment.create(say, slack);
        List<String> instances = LabEnvironment.launchGroup(LabRun.GROUP, options.instancesToLaunch());
        say.say("Auto Scaling group %s launched %d instance(s)", LabRun.GROUP, instances.size());

        say.step("EventBridge delivers \"running\" for each instance: instance-detector creates six alarms each");
        InstanceDetectorHandler detector = new InstanceDetectorHandler(DetectorConfig.fromEnvironment(
                LabFunctions.detectorEnvironment(settings, options, LabRun.PREFIX, LabRun.GROUP,
                        environment.profileArn(), environment.warningTopic(), environment.criticalTopic())),
                MotoServer.client(Ec2Client.builder()), MotoServer.client(CloudWatchClient.builder()), decision -> { });
        for (String id : instances) {
            LabFunctions.stateChange(detector, id, "running");
        }
        LabCloudWatch cloudWatch = new LabCloudWatch(say, settings, LabRun.PREFIX, LabRun.GROUP);
        List<MetricAlarm> all = cloudWatch.alarms();
        List<MetricAlarm> alarms = stormAlarms(all);
        say.say("%d alarms in all; the storm fires %d of them", all.size(), alarms.size());

        say.step(alarms.size() + " alarms fire within " + BURST.toSeconds() + " seconds: CloudWatch notifies the "
                + "warning and critical topics, which deliver into cpu-alert's queue");
        cloudWatch.deliverInto(environment.alarmQueue(), environment.warningTopic(), environment.criticalTopic());
        say.say("the queue tells a storm from a calm period: from %s alarms waiting at once (cdk.json's "
                + "stormThreshold) the channel gets a summary first", settings.stormThreshold());
        slack.limitTo(Duration.ofSeconds(1));
        say.say("the Slack stand-in takes one message a second, as an incoming webhook does, and answers 429 otherwise");
        Instant started = Instant.now();
        Instant at = started.truncatedTo(ChronoUnit.MINUTES);
        long spacing = BURST.toNanos() / alarms.size();
        for (int i = 0; i < alarms.size(); i++) {
            long wait = started.plusNanos(i * spacing).toEpochMilli() - Instant.now().toEpochMilli();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            cloudWatch.fireInStorm(alarms.get(i), 1 + i % 9, at);
        }
        say.say("%d notifications published in %.1f s", alarms.size(),
                Duration.between(started, Instant.now()).toMillis() / 1000.0);

        say.step("Lambda drains the queue: batches of up to 10, at most " + AlarmQueue.POSTING_CONTAINERS
                + " containers, every request to Slack " + AlarmQueue.SLACK_POST_INTERVAL_MILLIS + " ms after the last");
        AtomicInteger containerLines = new AtomicInteger();
        try (AwsFront front = new AwsFront(MotoServer.endpoint())) {
            List<QueueDrain.Container> containers = new ArrayList<>();
            for (int i = 0; i < AlarmQueue.POSTING_CONTAINERS; i++) {
                CpuAlertHandler handler = LabFunctions.cpuAlert(LabFunctions.alertEnvironment(settings, options,
                        LabRun.GROUP, environment.warningTopic(), environment.criticalTopic(),
                        environment.alarmQueue()), MotoServer.client(CloudWatchLogsClient.builder()),
                        MotoServer.client(SecretsManagerClient.builder()), front, line -> { });
                containers.add(event -> LabFunctions.invokeCpuAlert(handler, event, line -> {
                    containerLines.incrementAndGet();
                    if (line.contains("\"action\":\"storm-summary")) {
                        say.say("cpu-alert: %s", line);
                    }
                }));
            }
            try (QueueDrain drain = new QueueDrain(MotoServer.client(SqsClient.builder()),
                    environment.alarmQueue(), Duration.ofSeconds(1), containers)) {
                if (!drain.awaitDrained(Duration.ofMinutes(5))) {
                    throw new IllegalStateException("the queue did not drain within 5 minutes");
                }
                say.say("%d invocations; %d log lines", drain.invocations(), containerLines.get());
            }
        }
        List<WebhookServer.Received> accepted = slack.accepted();
        List<JsonNode> posts = new ArrayList<>();
        List<SlackPreview.Post> page = new ArrayList<>();
        for (WebhookServer.Received post : accepted) {
            JsonNode message = JSON.readTree(post.body());
            posts.add(message);
            String after = String.format(Locale.ROOT, "+%.1f s",
                    Duration.between(started, post.arrivedAt()).toMillis() / 1000.0);
            page.add(new SlackPreview.Post(message, after));
            say.say("%-8s %s", after, SlackPreview.unescapeSlack(message.path("text").asText()));
        }
        int refused = (int) slack.received().stream().filter(post -> post.status() == 429).count();
        say.say("Slack took %d messages for %d alarms; it answered 429 %d time(s)", posts.size(), alarms.size(),
                refused);

        say.step("The channel, as Slack would show it");
        Path channel = SlackPreview.writeChannel(page, options.outputDirectory().toAbsolutePath(), "storm-channel");
        if (!posts.isEmpty()) {
            for (JsonNode block : posts.get(0).path("blocks")) {
                String text = block.has("text") ? block.at("/text/text").asText() : "";
                block.path("fields").forEach(field -> say.say("| " + SlackPreview.unescapeSlack(
                        field.path("text").asText()).replace('\n', ' ')));
                if (!text.isEmpty()) {
                    SlackPreview.unescapeSlack(text).lines().limit(8).forEach(line -> say.say("| " + line));
                }
            }
        }
        say.say("open %s in a browser to see the whole channel", channel.toUri());
        Duration last = accepted.isEmpty() ? Duration.ZERO
                : Duration.between(started, accepted.get(accepted.size() - 1).arrivedAt());
        return new Report(alarms.stream().map(MetricAlarm::alarmName).toList(), posts, refused, last, channel);
    }

    /** The first N alarms, instance by instance, each instance's six in {@link #KINDS} order. */
    private List<MetricAlarm> stormAlarms(List<MetricAlarm> all) {
        return all.stream()
                .sorted(Comparator.comparing((MetricAlarm alarm) -> instanceOf(alarm.alarmName()))
                        .thenComparing(alarm -> KINDS.indexOf(kindOf(alarm.alarmName()))))
                .limit(options.storm())
                .toList();
    }

    private static String kindOf(String alarmName) {
        String[] parts = alarmName.split("-");
        return parts[parts.length - 2] + "-" + parts[parts.length - 1];
    }

    private static String instanceOf(String alarmName) {
        return alarmName.substring(0, alarmName.length() - kindOf(alarmName).length());
    }
}
