package io.github.ec2monitoring.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.contract.AlarmResolution;
import io.github.ec2monitoring.cpualert.CpuAlertHandler;
import io.github.ec2monitoring.detector.AlarmPlanner;
import io.github.ec2monitoring.detector.DetectorConfig;
import io.github.ec2monitoring.detector.InstanceDetectorHandler;
import io.github.ec2monitoring.standins.AwsFront;
import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.standins.WebhookServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The alarm flow from instance launch to Slack and back, against the emulator, with the real instance-detector and
 * cpu-alert code configured through the same environment variables the stack gives them.
 */
final class LabRun {

    static final String PREFIX = "lab";
    static final String GROUP = "lab-web-asg";
    /** In "bring your own": a group someone else runs, listed in monitoredGroups, and one that is not listed. */
    static final String OWN_GROUP = "shop-web";
    static final String UNLISTED_GROUP = "batch-workers";
    private static final int STEPS = 10;
    /** Fleet mode adds the step that shows the stack's fleet alarms. */
    private static final int FLEET_STEPS = 11;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Narrator say;
    private final LabOptions options;
    private final LabSettings settings;
    private final WebhookServer slack;
    private final String group;
    private final boolean fleet;
    /** Fleet alarms' names up to the metric: the stack's own group is "web-tier", another group "asg-<name>". */
    private final String fleetPrefix;
    private AwsFront contributors;
    private final Ec2Client ec2 = MotoServer.client(Ec2Client.builder());
    private final AutoScalingClient autoScaling = MotoServer.client(AutoScalingClient.builder());
    private final CloudWatchClient cloudWatch = MotoServer.client(CloudWatchClient.builder());
    private final CloudWatchLogsClient logs = MotoServer.client(CloudWatchLogsClient.builder());
    private final SecretsManagerClient secrets = MotoServer.client(SecretsManagerClient.builder());
    private final LabCloudWatch alarmFlow;

    LabRun(Narrator say, LabOptions options, LabSettings settings, WebhookServer slack) {
        this.say = say;
        this.options = options;
        this.settings = settings;
        this.slack = slack;
        this.group = options.bringYourOwn() ? OWN_GROUP : GROUP;
        this.fleet = options.mode() == AlarmMode.FLEET;
        this.fleetPrefix = PREFIX + "-fleet-" + (options.bringYourOwn() ? "asg-" + OWN_GROUP : "web-tier") + "-";
        this.alarmFlow = new LabCloudWatch(say, settings, PREFIX, group);
    }

    static int steps(LabOptions options) {
        return options.mode() == AlarmMode.FLEET ? FLEET_STEPS : STEPS;
    }

    LabReport run() throws IOException {
        try (AwsFront front = new AwsFront(MotoServer.endpoint())) {
            contributors = front;
            return runSteps();
        }
    }

    private LabReport runSteps() throws IOException {
        say.step("Create the monitored environment in the local AWS emulator");
        LabEnvironment environment = LabEnvironment.create(say, slack);
        String profileArn = environment.profileArn();
        String warningTopic = environment.warningTopic();
        String criticalTopic = environment.criticalTopic();
        alarmFlow.catchDeliveriesOf(criticalTopic);
        List<String> instanceIds = LabEnvironment.launchGroup(group, options.instances());
        say.say("Auto Scaling group %s launched %d instance(s): %s", group, instanceIds.size(),
                String.join(", ", instanceIds));
        List<String> unlisted = List.of();
        if (options.bringYourOwn()) {
            say.say("bring your own: %s stands for a group you already run; the stack did not create it and watches "
                    + "it because monitoredGroups names it (deploy with -c createWebTier=false -c monitoredGroups=%s)",
                    group, group);
            unlisted = LabEnvironment.launchGroup(UNLISTED_GROUP, 1);
            say.say("%s is another group of the account, not in monitoredGroups: %s", UNLISTED_GROUP,
                    String.join(", ", unlisted));
        }

        InstanceDetectorHandler detector = new InstanceDetectorHandler(
                DetectorConfig.fromEnvironment(LabFunctions.detectorEnvironment(settings, options, PREFIX, group, profileArn,
                        warningTopic, criticalTopic)),
                ec2, cloudWatch, decision -> { });

        say.step("EventBridge delivers \"running\" for each instance to instance-detector");
        int profilesAttached = 0;
        for (String id : instanceIds) {
            JsonNode outcome = LabFunctions.stateChange(detector, id, "running");
            if ("attached".equals(outcome.path("instanceProfile").asText())) {
                profilesAttached++;
            }
            say.say("%s: %s, %d alarms created, instance profile %s", id, outcome.path("action").asText(),
                    outcome.path("alarmsCreated").size(), outcome.path("instanceProfile").asText());
        }
        int unlistedAlarms = 0;
        for (String id : unlisted) {
            JsonNode outcome = LabFunctions.stateChange(detector, id, "running");
            unlistedAlarms += outcome.path("alarmsCreated").size();
            say.say("%s (%s): %s, %s", id, UNLISTED_GROUP, outcome.path("action").asText(),
                    outcome.path("detail").asText());
        }

        if (fleet) {
            say.step("The stack's fleet alarms (alarmMode=fleet): CloudFormation made them at deploy time, six for "
                    + "the group, each a Metrics Insights query grouped by instance; the lab puts them as the "
                    + "template declares them");
            alarmFlow.putFleetAlarms(fleetPrefix, warningTopic, criticalTopic);
        }
        say.step(fleet ? "The alarms watching the group: no per-instance alarm, every instance is a contributor"
                : "The alarms instance-detector created");
        List<MetricAlarm> alarms = alarmFlow.alarms();
        for (MetricAlarm alarm : alarms) {
            say.say("%-44s %-18s %s %5.0f  %s  -> %s", alarm.alarmName(),
                    alarm.metricName() == null ? "Metrics Insights" : alarm.metricName(),
                    alarm.comparisonOperatorAsString().startsWith("GreaterThanOrEqual") ? ">=" : "? ",
                    alarm.threshold(), alarm.stateValueAsString(), LabCloudWatch.topicName(alarm.alarmActions()));
        }
        for (String id : instanceIds) {
            say.say("%s instance profile: %s", id, ec2.describeIamInstanceProfileAssociations(r -> r.filters(
                    f -> f.name("instance-id").values(id))).iamInstanceProfileAssociations().stream()
                    .map(a -> a.iamInstanceProfile().arn()).findFirst().orElse("none"));
        }
        List<String> created = alarms.stream().map(MetricAlarm::alarmName).toList();

        String instance = instanceIds.get(0);
        // The emulator has no DescribeAlarmContributors: in fleet mode a stand-in answers it as CloudWatch would.
        contributors.always("DescribeAlarmContributors", AwsFront.Answer.alarmContributors(
                List.of(Map.of("InstanceId", instance))));
        CpuAlertHandler cpuAlert = LabFunctions.cpuAlert(LabFunctions.alertEnvironment(settings, options, group,
                warningTopic, criticalTopic, environment.alarmQueue()), logs, secrets, contributors, line -> say.say("metric: " + line));
        int launchPosts = 0;
        if (fleet) {
            say.step("The agent's first datapoints arrive: each instance joins the fleet alarms as a contributor. A "
                    + "contributor is only ever ALARM or OK, so no notification comes, and cpu-alert posts nothing");
        } else {
            say.step("The agent's first datapoints arrive: a new alarm goes INSUFFICIENT_DATA -> OK and its OK "
                    + "action notifies; nothing recovered, so cpu-alert posts nothing");
            String firstDataAlarm = PREFIX + "-" + instance + "-cpu-critical";
            int postsBefore = slack.received().size();
            LabFunctions.runCpuAlert(cpuAlert, alarmFlow.firstData(firstDataAlarm), this::logLine);
            launchPosts = slack.received().size() - postsBefore;
        }
        say.say("posts to Slack for the first data: %d", launchPosts);

        say.step("EventBridge delivers the same \"running\" event again (it may): nothing changes");
        JsonNode duplicate = LabFunctions.stateChange(detector, instanceIds.get(0), "running");
        int createdByDuplicate = duplicate.path("alarmsCreated").size();
        say.say("%s: %d alarms created, %d alarms in all", instanceIds.get(0), createdByDuplicate,
                alarmFlow.alarms().size());

        Instant alarmAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        say.step("The CloudWatch agent ships " + instance + "'s Apache error log and syslog");
        int written = writeLogs(instance, alarmAt);

        String alarmName = fleet ? fleetPrefix + "cpu-critical" : PREFIX + "-" + instance + "-cpu-critical";
        String envelope;
        if (fleet) {
            say.step("CPU of " + instance + " stays above " + settings.cpuCritical() + "% for 3 of 5 minutes: the "
                    + "instance enters ALARM as a contributor of the critical fleet alarm");
            envelope = alarmFlow.fireContributor(instance, alarmName, alarmAt);
        } else {
            say.step("CPU stays above " + alarmFlow.threshold(instance, "cpu-critical") + "% for "
                    + AlarmPlanner.evaluationText(options.resolution()) + ": the critical alarm fires and CloudWatch notifies SNS");
            envelope = alarmFlow.fireAlarm(instance, alarmName, alarmAt, options.resolution());
        }
        say.say("in a real account, about %s pass from the breach's start to the Slack post (docs/alarm-flow.md); "
                + "the emulator evaluates no alarm, so the lab plays CloudWatch's part at once", breachToSlack());

        say.step("cpu-alert reads the instance's logs of the " + settings.logWindowMinutes()
                + " minutes before the alarm and posts to Slack");
        String result = LabFunctions.runCpuAlert(cpuAlert, envelope, this::logLine);
        say.say("cpu-alert returned \"%s\"; the Slack stand-in received %d post(s)", result, slack.received().size());
        if (slack.received().isEmpty()) {
            throw new IllegalStateException("cpu-alert posted nothing to Slack; see its log lines above");
        }
        String posted = slack.received().get(slack.received().size() - 1).body();

        say.step("The message, as Slack would show it");
        JsonNode message = JSON.readTree(posted);
        Path page = SlackPreview.write(message, options.outputDirectory().toAbsolutePath(),
                LabCloudWatch.CLOCK.format(Instant.now()));
        for (JsonNode block : message.path("blocks")) {
            String text = block.has("text") ? block.at("/text/text").asText() : "";
            if (!text.isEmpty()) {
                SlackPreview.unescapeSlack(text).lines().limit(6).forEach(line -> say.say("| " + line));
            }
        }
        say.say("open %s in a browser to see it rendered", page.toUri());

        say.step("The group scales in to zero: EventBridge delivers \"shutting-down\" and \"terminated\"");
        autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName(group).minSize(0).desiredCapacity(0));
        for (String id : instanceIds) {
            LabFunctions.stateChange(detector, id, "shutting-down");
            JsonNode outcome = LabFunctions.stateChange(detector, id, "terminated");
            say.say("%s: %s, state now %s", id, outcome.path("action").asText(), instanceState(id));
        }
        List<String> left = alarmFlow.alarms().stream().map(MetricAlarm::alarmName).toList();
        say.say("alarms under the prefix \"%s-\": %d%s", PREFIX, left.size(), fleet
                ? " (the stack's fleet alarms: they stay with the stack and go with cdk destroy)" : "");

        return new LabReport(instanceIds, profilesAttached, created, unlistedAlarms, launchPosts, createdByDuplicate,
                written, alarmName, slack.received().size(), posted, page, left);
    }

    private int writeLogs(String instance, Instant alarmAt) {
        String hostname = "ip-10-0-1-25";
        int written = 0;
        for (var log : Map.of(LabEnvironment.APACHE_GROUP, LabLogs.apacheErrorLog(alarmAt),
                LabEnvironment.SYSLOG_GROUP, LabLogs.syslog(alarmAt, hostname)).entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).toList()) {
            logs.createLogStream(r -> r.logGroupName(log.getKey()).logStreamName(instance));
            List<InputLogEvent> events = log.getValue().stream().map(line -> InputLogEvent.builder()
                    .timestamp(line.timestamp().toEpochMilli()).message(line.message()).build()).toList();
            logs.putLogEvents(r -> r.logGroupName(log.getKey()).logStreamName(instance).logEvents(events));
            say.say("%s / %s: %d lines, for example:", log.getKey(), instance, events.size());
            log.getValue().stream().skip(1).limit(2).forEach(line -> say.say("  " + line.message()));
            written += events.size();
        }
        return written;
    }

    /** docs/alarm-flow.md's timing table: fleet alarms evaluate per minute whatever the resolution. */
    private String breachToSlack() {
        return options.resolution() == AlarmResolution.HIGH && !fleet ? "1 minute" : "4 minutes";
    }

    private void logLine(String line) {
        say.say("log: " + line);
    }

    private String instanceState(String id) {
        List<Instance> instances = ec2.describeInstances(r -> r.instanceIds(id)).reservations().stream()
                .flatMap(r -> r.instances().stream()).toList();
        return instances.isEmpty() ? "gone" : instances.get(0).state().nameAsString();
    }
}
