package io.github.ec2monitoring.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.contract.Choice;
import io.github.ec2monitoring.contract.FunctionEnvironments.CpuAlert;
import io.github.ec2monitoring.contract.FunctionEnvironments.Detector;
import io.github.ec2monitoring.contract.FunctionEnvironments;
import io.github.ec2monitoring.contract.StoppedInstances;
import io.github.ec2monitoring.cpualert.AlertConfig;
import io.github.ec2monitoring.cpualert.CpuAlertHandler;
import io.github.ec2monitoring.cpualert.SlackWebhook;
import io.github.ec2monitoring.detector.DetectorConfig;
import io.github.ec2monitoring.detector.InstanceDetectorHandler;
import io.github.ec2monitoring.standins.AwsFront;
import io.github.ec2monitoring.standins.CallCounter;
import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.standins.TestContext;
import io.github.ec2monitoring.standins.WebhookServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

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
    static final String SYSLOG_GROUP = "/lab/web/syslog";
    static final String APACHE_GROUP = "/lab/web/apache-error";
    static final String WEBHOOK_SECRET = "lab/slack-webhook";
    static final String REGION_NAME = "US East (N. Virginia)";
    private static final int STEPS = 10;
    /** Fleet mode adds the step that shows the stack's fleet alarms. */
    private static final int FLEET_STEPS = 11;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Narrator say;
    private final LabOptions options;
    private final LabSettings settings;
    private final WebhookServer slack;
    private final String group;
    private final boolean fleet;
    /** Fleet alarms' names up to the metric: the stack's own group is "web-tier", another group "asg-<name>". */
    private final String fleetPrefix;
    private AwsFront contributors;
    private final IamClient iam = MotoServer.client(IamClient.builder());
    private final Ec2Client ec2 = MotoServer.client(Ec2Client.builder());
    private final AutoScalingClient autoScaling = MotoServer.client(AutoScalingClient.builder());
    private final CloudWatchClient cloudWatch = MotoServer.client(CloudWatchClient.builder());
    private final CloudWatchLogsClient logs = MotoServer.client(CloudWatchLogsClient.builder());
    private final SecretsManagerClient secrets = MotoServer.client(SecretsManagerClient.builder());
    private final SnsClient sns = MotoServer.client(SnsClient.builder());
    private final SqsClient sqs = MotoServer.client(SqsClient.builder());

    LabRun(Narrator say, LabOptions options, LabSettings settings, WebhookServer slack) {
        this.say = say;
        this.options = options;
        this.settings = settings;
        this.slack = slack;
        this.group = options.bringYourOwn() ? OWN_GROUP : GROUP;
        this.fleet = options.mode() == AlarmMode.FLEET;
        this.fleetPrefix = PREFIX + "-fleet-" + (options.bringYourOwn() ? "asg-" + OWN_GROUP : "web-tier") + "-";
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
        String profileArn = instanceProfile();
        String warningTopic = sns.createTopic(r -> r.name("lab-warning")).topicArn();
        String criticalTopic = sns.createTopic(r -> r.name("lab-critical")).topicArn();
        String deliveries = deliveryQueue(criticalTopic);
        logs.createLogGroup(r -> r.logGroupName(SYSLOG_GROUP));
        logs.createLogGroup(r -> r.logGroupName(APACHE_GROUP));
        secrets.createSecret(r -> r.name(WEBHOOK_SECRET).secretString(slack.url().toString()));
        say.say("instance profile %s", profileArn);
        say.say("SNS topics lab-warning and lab-critical; log groups %s and %s", SYSLOG_GROUP, APACHE_GROUP);
        say.say("Slack webhook stored in Secrets Manager as %s (a local stand-in; its URL is never printed)",
                WEBHOOK_SECRET);
        List<String> instanceIds = launchGroup(group, options.instances());
        say.say("Auto Scaling group %s launched %d instance(s): %s", group, instanceIds.size(),
                String.join(", ", instanceIds));
        List<String> unlisted = List.of();
        if (options.bringYourOwn()) {
            say.say("bring your own: %s stands for a group you already run; the stack did not create it and watches "
                    + "it because monitoredGroups names it (deploy with -c createWebTier=false -c monitoredGroups=%s)",
                    group, group);
            unlisted = launchGroup(UNLISTED_GROUP, 1);
            say.say("%s is another group of the account, not in monitoredGroups: %s", UNLISTED_GROUP,
                    String.join(", ", unlisted));
        }

        InstanceDetectorHandler detector = new InstanceDetectorHandler(
                DetectorConfig.fromEnvironment(detectorEnvironment(profileArn, warningTopic, criticalTopic)),
                ec2, cloudWatch, decision -> { });

        say.step("EventBridge delivers \"running\" for each instance to instance-detector");
        int profilesAttached = 0;
        for (String id : instanceIds) {
            JsonNode outcome = stateChange(detector, id, "running");
            if ("attached".equals(outcome.path("instanceProfile").asText())) {
                profilesAttached++;
            }
            say.say("%s: %s, %d alarms created, instance profile %s", id, outcome.path("action").asText(),
                    outcome.path("alarmsCreated").size(), outcome.path("instanceProfile").asText());
        }
        int unlistedAlarms = 0;
        for (String id : unlisted) {
            JsonNode outcome = stateChange(detector, id, "running");
            unlistedAlarms += outcome.path("alarmsCreated").size();
            say.say("%s (%s): %s, %s", id, UNLISTED_GROUP, outcome.path("action").asText(),
                    outcome.path("detail").asText());
        }

        if (fleet) {
            say.step("The stack's fleet alarms (alarmMode=fleet): CloudFormation made them at deploy time, six for "
                    + "the group, each a Metrics Insights query grouped by instance; the lab puts them as the "
                    + "template declares them");
            putFleetAlarms(warningTopic, criticalTopic);
        }
        say.step(fleet ? "The alarms watching the group: no per-instance alarm, every instance is a contributor"
                : "The alarms instance-detector created");
        List<MetricAlarm> alarms = alarms();
        for (MetricAlarm alarm : alarms) {
            say.say("%-44s %-18s %s %5.0f  %s  -> %s", alarm.alarmName(),
                    alarm.metricName() == null ? "Metrics Insights" : alarm.metricName(),
                    alarm.comparisonOperatorAsString().startsWith("GreaterThanOrEqual") ? ">=" : "? ",
                    alarm.threshold(), alarm.stateValueAsString(), topicName(alarm.alarmActions()));
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
        CpuAlertHandler cpuAlert = new CpuAlertHandler(AlertConfig.fromEnvironment(
                alertEnvironment(warningTopic, criticalTopic)), logs, secrets,
                () -> MotoServer.client(CloudWatchClient.builder(), new CallCounter(), contributors.endpoint()),
                HttpClient.newHttpClient(), SlackWebhook.Timing.DEFAULT, line -> say.say("metric: " + line));
        int launchPosts = 0;
        if (fleet) {
            say.step("The agent's first datapoints arrive: each instance joins the fleet alarms as a contributor. A "
                    + "contributor is only ever ALARM or OK, so no notification comes, and cpu-alert posts nothing");
        } else {
            say.step("The agent's first datapoints arrive: a new alarm goes INSUFFICIENT_DATA -> OK and its OK "
                    + "action notifies; nothing recovered, so cpu-alert posts nothing");
            String firstDataAlarm = PREFIX + "-" + instance + "-cpu-critical";
            int postsBefore = slack.received().size();
            runCpuAlert(cpuAlert, firstData(firstDataAlarm, deliveries));
            launchPosts = slack.received().size() - postsBefore;
        }
        say.say("posts to Slack for the first data: %d", launchPosts);

        say.step("EventBridge delivers the same \"running\" event again (it may): nothing changes");
        JsonNode duplicate = stateChange(detector, instanceIds.get(0), "running");
        int createdByDuplicate = duplicate.path("alarmsCreated").size();
        say.say("%s: %d alarms created, %d alarms in all", instanceIds.get(0), createdByDuplicate, alarms().size());

        Instant alarmAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        say.step("The CloudWatch agent ships " + instance + "'s Apache error log and syslog");
        int written = writeLogs(instance, alarmAt);

        String alarmName = fleet ? fleetPrefix + "cpu-critical" : PREFIX + "-" + instance + "-cpu-critical";
        String envelope;
        if (fleet) {
            say.step("CPU of " + instance + " stays above " + settings.cpuCritical() + "% for 3 of 5 minutes: the "
                    + "instance enters ALARM as a contributor of the critical fleet alarm");
            envelope = fireContributor(instance, alarmName, alarmAt, deliveries);
        } else {
            say.step("CPU stays above " + threshold(instance, "cpu-critical") + "% for 3 of 5 minutes: the "
                    + "critical alarm fires and CloudWatch notifies SNS");
            envelope = fireAlarm(instance, alarmName, alarmAt, deliveries);
        }

        say.step("cpu-alert reads the instance's logs of the " + settings.logWindowMinutes()
                + " minutes before the alarm and posts to Slack");
        String result = runCpuAlert(cpuAlert, envelope);
        say.say("cpu-alert returned \"%s\"; the Slack stand-in received %d post(s)", result, slack.received().size());
        if (slack.received().isEmpty()) {
            throw new IllegalStateException("cpu-alert posted nothing to Slack; see its log lines above");
        }
        String posted = slack.received().get(slack.received().size() - 1).body();

        say.step("The message, as Slack would show it");
        JsonNode message = JSON.readTree(posted);
        Path page = writePage(message);
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
            stateChange(detector, id, "shutting-down");
            JsonNode outcome = stateChange(detector, id, "terminated");
            say.say("%s: %s, state now %s", id, outcome.path("action").asText(), instanceState(id));
        }
        List<String> left = alarms().stream().map(MetricAlarm::alarmName).toList();
        say.say("alarms under the prefix \"%s-\": %d%s", PREFIX, left.size(), fleet
                ? " (the stack's fleet alarms: they stay with the stack and go with cdk destroy)" : "");

        return new LabReport(instanceIds, profilesAttached, created, unlistedAlarms, launchPosts, createdByDuplicate, written, alarmName,
                slack.received().size(), posted, page, left);
    }

    private String instanceProfile() {
        iam.createRole(r -> r.roleName("lab-web-instance").assumeRolePolicyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},\
                "Action":"sts:AssumeRole"}]}"""));
        String arn = iam.createInstanceProfile(r -> r.instanceProfileName("lab-web-instance")).instanceProfile().arn();
        iam.addRoleToInstanceProfile(r -> r.instanceProfileName("lab-web-instance").roleName("lab-web-instance"));
        return arn;
    }

    /** A queue subscribed to the critical topic catches SNS's delivery, as the Lambda service would receive it. */
    private String deliveryQueue(String topicArn) {
        String url = sqs.createQueue(r -> r.queueName("lab-critical-deliveries")).queueUrl();
        String arn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(arn));
        return url;
    }

    private List<String> launchGroup(String name, int instances) {
        String template = name + "-template";
        String image = ec2.describeImages(r -> r.owners("amazon")).images().get(0).imageId();
        ec2.createLaunchTemplate(r -> r.launchTemplateName(template).launchTemplateData(d -> d.imageId(image)
                .instanceType("t3.micro").metadataOptions(m -> m.httpTokens("required"))));
        autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName(name)
                .launchTemplate(t -> t.launchTemplateName(template).version("$Latest"))
                .minSize(instances).maxSize(instances + 1).desiredCapacity(instances)
                .availabilityZones(MotoServer.REGION.id() + "a"));
        return autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups().get(0)
                .instances().stream().map(i -> i.instanceId()).sorted().toList();
    }

    /** What the stack sets on instance-detector (InstanceDetector construct), with the lab's resources. */
    private Map<String, String> detectorEnvironment(String profileArn, String warningTopic, String criticalTopic) {
        return new FunctionEnvironments.Writer(Detector.ALL)
                .put(Detector.ALARM_NAME_PREFIX, PREFIX)
                .put(Detector.AUTO_SCALING_GROUP_NAMES, List.of(group))
                .put(Detector.INSTANCE_PROFILE_ARN, profileArn)
                .put(Detector.ATTACH_INSTANCE_PROFILE, true)
                .put(FunctionEnvironments.WARNING_TOPIC_ARN, warningTopic)
                .put(FunctionEnvironments.CRITICAL_TOPIC_ARN, criticalTopic)
                .put(Detector.CPU_WARNING_PERCENT, Double.parseDouble(settings.cpuWarning()))
                .put(Detector.CPU_CRITICAL_PERCENT, Double.parseDouble(settings.cpuCritical()))
                .put(Detector.MEMORY_WARNING_PERCENT, Double.parseDouble(settings.memoryWarning()))
                .put(Detector.MEMORY_CRITICAL_PERCENT, Double.parseDouble(settings.memoryCritical()))
                .put(Detector.DISK_WARNING_PERCENT, Double.parseDouble(settings.diskWarning()))
                .put(Detector.DISK_CRITICAL_PERCENT, Double.parseDouble(settings.diskCritical()))
                .put(Detector.STOPPED_INSTANCES, StoppedInstances.KEEP)
                // The lab runs one detector at a time: all of the account's alarm-write quota is its own.
                .put(Detector.ALARM_WRITES_PER_SECOND, Double.parseDouble(settings.alarmWritesPerSecond()))
                .put(Detector.ALARM_MODE, options.mode())
                .build();
    }

    /** What the stack sets on cpu-alert (CpuAlert construct), with the lab's resources. */
    private Map<String, String> alertEnvironment(String warningTopic, String criticalTopic) {
        FunctionEnvironments.Writer environment = new FunctionEnvironments.Writer(CpuAlert.ALL)
                .put(CpuAlert.SYSLOG_LOG_GROUP, SYSLOG_GROUP)
                .put(CpuAlert.APACHE_ERROR_LOG_GROUP, APACHE_GROUP)
                .put(CpuAlert.SLACK_WEBHOOK_SECRET_NAME, WEBHOOK_SECRET)
                .put(CpuAlert.LOG_WINDOW_MINUTES, Integer.parseInt(settings.logWindowMinutes()))
                .put(CpuAlert.TIME_ZONE, java.time.ZoneId.of(settings.slackTimeZone()))
                .put(CpuAlert.MESSAGE_LANGUAGE, Choice.of(FunctionEnvironments.MessageLanguage.class,
                        options.language(), "--language"))
                .put(FunctionEnvironments.WARNING_TOPIC_ARN, warningTopic)
                .put(FunctionEnvironments.CRITICAL_TOPIC_ARN, criticalTopic)
                .put(CpuAlert.MASK_PERSONAL_DATA, Boolean.parseBoolean(settings.slackMaskPersonalData()));
        // Watching groups it did not create, the stack names no single group: each alarm names its own.
        if (!options.bringYourOwn()) {
            environment.put(CpuAlert.AUTO_SCALING_GROUP_NAME, group);
        }
        return environment.build();
    }

    /** Hands instance-detector the event EventBridge sends, as bytes, the way the Lambda runtime does. */
    private static JsonNode stateChange(InstanceDetectorHandler detector, String instanceId, String state)
            throws IOException {
        ObjectNode event = JSON.createObjectNode()
                .put("version", "0")
                .put("id", UUID.randomUUID().toString())
                .put("detail-type", "EC2 Instance State-change Notification")
                .put("source", "aws.ec2")
                .put("account", MotoServer.ACCOUNT_ID)
                .put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("region", MotoServer.REGION.id());
        event.putArray("resources").add("arn:aws:ec2:" + MotoServer.REGION.id() + ":" + MotoServer.ACCOUNT_ID
                + ":instance/" + instanceId);
        event.putObject("detail").put("instance-id", instanceId).put("state", state);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        detector.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out, new TestContext(line -> { }));
        return JSON.readTree(out.toByteArray());
    }

    private List<MetricAlarm> alarms() {
        return cloudWatch.describeAlarmsPaginator(r -> r.alarmNamePrefix(PREFIX + "-")).metricAlarms().stream()
                .sorted(Comparator.comparing(MetricAlarm::alarmName)).toList();
    }

    private String threshold(String instance, String kind) {
        return cloudWatch.describeAlarms(r -> r.alarmNames(PREFIX + "-" + instance + "-" + kind)).metricAlarms().stream()
                .map(a -> String.format(Locale.ROOT, "%.0f", a.threshold())).findFirst().orElse("?");
    }

    private static String topicName(List<String> arns) {
        return arns.isEmpty() ? "no action" : arns.get(0).substring(arns.get(0).lastIndexOf(':') + 1);
    }

    private int writeLogs(String instance, Instant alarmAt) {
        String hostname = "ip-10-0-1-25";
        int written = 0;
        for (var log : Map.of(APACHE_GROUP, LabLogs.apacheErrorLog(alarmAt),
                SYSLOG_GROUP, LabLogs.syslog(alarmAt, hostname)).entrySet().stream()
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

    /** Publishes the datapoints, flips the alarm as CloudWatch would, and returns what SNS delivered. */
    /** Hands cpu-alert the event the Lambda service builds from SNS's delivery; returns what it answered. */
    private String runCpuAlert(CpuAlertHandler cpuAlert, String envelope) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        cpuAlert.handleRequest(new ByteArrayInputStream(Notifications.lambdaEvent(envelope)
                .getBytes(StandardCharsets.UTF_8)), output, new TestContext(line -> say.say("log: " + line)));
        return output.toString(StandardCharsets.UTF_8);
    }

    /** What CloudWatch sends when a new alarm's metric first arrives: INSUFFICIENT_DATA -> OK, to its OK action. */
    private String firstData(String alarmName, String deliveries) {
        cloudWatch.setAlarmState(r -> r.alarmName(alarmName).stateValue(StateValue.OK)
                .stateReason("Threshold Crossed: 1 datapoint [3.1] was not greater than or equal to the threshold."));
        MetricAlarm alarm = cloudWatch.describeAlarms(r -> r.alarmNames(alarmName)).metricAlarms().get(0);
        say.say("%s: INSUFFICIENT_DATA -> %s", alarmName, alarm.stateValueAsString());
        String message = Notifications.alarmMessage(alarm, MotoServer.ACCOUNT_ID, REGION_NAME, "INSUFFICIENT_DATA");
        String topic = alarm.okActions().get(0);
        sns.publish(r -> r.topicArn(topic).message(message).subject(Notifications.subject("OK", alarmName,
                REGION_NAME)));
        List<Message> delivered = sqs.receiveMessage(r -> r.queueUrl(deliveries).maxNumberOfMessages(1)
                .waitTimeSeconds(5)).messages();
        if (delivered.isEmpty()) {
            throw new IllegalStateException("SNS delivered nothing from " + topic);
        }
        sqs.deleteMessage(r -> r.queueUrl(deliveries).receiptHandle(delivered.get(0).receiptHandle()));
        return delivered.get(0).body();
    }

    /** As FleetAlarms declares them in the template: one Metrics Insights query per metric, grouped by instance. */
    private void putFleetAlarms(String warningTopic, String criticalTopic) {
        Map<String, String[]> watched = new java.util.LinkedHashMap<>();
        watched.put("cpu", new String[] {"cpu_usage_active", "AutoScalingGroupName, InstanceId, cpu",
                " AND cpu = 'cpu-total'", settings.cpuWarning(), settings.cpuCritical()});
        watched.put("memory", new String[] {"mem_used_percent", "AutoScalingGroupName, InstanceId", "",
                settings.memoryWarning(), settings.memoryCritical()});
        watched.put("disk", new String[] {"disk_used_percent", "AutoScalingGroupName, InstanceId, fstype, path",
                " AND path = '/'", settings.diskWarning(), settings.diskCritical()});
        watched.forEach((key, metric) -> {
            String query = "SELECT AVG(" + metric[0] + ") FROM SCHEMA(CWAgent, " + metric[1] + ") WHERE "
                    + "AutoScalingGroupName = '" + group + "'" + metric[2] + " GROUP BY InstanceId ORDER BY AVG() DESC "
                    + "LIMIT 500";
            for (String severity : List.of("warning", "critical")) {
                String topic = severity.equals("warning") ? warningTopic : criticalTopic;
                double threshold = Double.parseDouble(severity.equals("warning") ? metric[3] : metric[4]);
                cloudWatch.putMetricAlarm(r -> r.alarmName(fleetPrefix + key + "-" + severity)
                        .alarmDescription(severity.toUpperCase(Locale.ROOT) + " " + key + " on any instance of the "
                                + "group. Fleet alarm, managed by the stack. Auto Scaling group: " + group + ".")
                        .metrics(q -> q.id("q").expression(query).period(60).returnData(true))
                        .evaluationPeriods(5).datapointsToAlarm(3).threshold(threshold)
                        .comparisonOperator("GreaterThanOrEqualToThreshold").treatMissingData("missing")
                        .alarmActions(topic).okActions(topic));
            }
        });
    }

    /**
     * The emulator evaluates no alarm: the lab puts the agent's datapoints, sets the fleet alarm to ALARM and
     * publishes the contributor notification CloudWatch sends for the instance.
     */
    private String fireContributor(String instance, String alarmName, Instant alarmAt, String deliveries) {
        double threshold = Double.parseDouble(settings.cpuCritical());
        List<Double> values = List.of(Math.min(100, threshold + 6.4), Math.min(100, threshold + 4.0),
                Math.min(100, threshold + 1.9));
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Instant time = alarmAt.truncatedTo(ChronoUnit.MINUTES).minus(i + 1L, ChronoUnit.MINUTES);
            times.add(time);
            double value = values.get(i);
            cloudWatch.putMetricData(r -> r.namespace("CWAgent").metricData(d -> d.metricName("cpu_usage_active")
                    .dimensions(x -> x.name("AutoScalingGroupName").value(group),
                            x -> x.name("InstanceId").value(instance), x -> x.name("cpu").value("cpu-total"))
                    .timestamp(time).value(value).unit(StandardUnit.PERCENT)));
        }
        MetricAlarm before = cloudWatch.describeAlarms(r -> r.alarmNames(alarmName)).metricAlarms().get(0);
        String reason = Notifications.thresholdCrossed(values, times, before.threshold(), before.evaluationPeriods());
        cloudWatch.setAlarmState(r -> r.alarmName(alarmName).stateValue(StateValue.ALARM).stateReason(reason));
        MetricAlarm alarm = cloudWatch.describeAlarms(r -> r.alarmNames(alarmName)).metricAlarms().get(0);
        say.say("the emulator evaluates no alarm: the lab sets %s to ALARM and publishes the notification "
                + "CloudWatch sends for its contributor %s", alarmName, instance);
        say.say("reason: %s", reason);
        String message = Notifications.contributorMessage(alarm, MotoServer.ACCOUNT_ID, REGION_NAME, "OK",
                Map.of("InstanceId", instance));
        String topic = alarm.alarmActions().get(0);
        String messageId = sns.publish(r -> r.topicArn(topic).message(message)
                .subject(Notifications.subject("ALARM", alarmName, REGION_NAME))).messageId();
        say.say("CloudWatch published message %s to %s", messageId, topicName(List.of(topic)));
        say.say("DescribeAlarmContributors, which the emulator lacks, is answered by a stand-in with the one "
                + "contributor in ALARM, as CloudWatch would");
        List<Message> delivered = sqs.receiveMessage(r -> r.queueUrl(deliveries).maxNumberOfMessages(1)
                .waitTimeSeconds(5)).messages();
        if (delivered.isEmpty()) {
            throw new IllegalStateException("SNS delivered nothing from " + topic);
        }
        return delivered.get(0).body();
    }

    private String fireAlarm(String instance, String alarmName, Instant alarmAt, String deliveries) {
        double threshold = Double.parseDouble(settings.cpuCritical());
        List<Double> values = List.of(Math.min(100, threshold + 6.4), Math.min(100, threshold + 4.0),
                Math.min(100, threshold + 1.9));
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            times.add(alarmAt.truncatedTo(ChronoUnit.MINUTES).minus(i + 1L, ChronoUnit.MINUTES));
        }
        for (int i = 0; i < values.size(); i++) {
            double value = values.get(i);
            Instant time = times.get(i);
            cloudWatch.putMetricData(r -> r.namespace("AWS/EC2").metricData(d -> d.metricName("CPUUtilization")
                    .dimensions(x -> x.name("InstanceId").value(instance)).timestamp(time).value(value)
                    .unit(StandardUnit.PERCENT)));
        }
        MetricAlarm before = cloudWatch.describeAlarms(r -> r.alarmNames(alarmName)).metricAlarms().get(0);
        String reason = Notifications.thresholdCrossed(values, times, before.threshold(), before.evaluationPeriods());
        cloudWatch.setAlarmState(r -> r.alarmName(alarmName).stateValue(StateValue.ALARM).stateReason(reason));
        MetricAlarm alarm = cloudWatch.describeAlarms(r -> r.alarmNames(alarmName)).metricAlarms().get(0);
        say.say("%s: %s -> %s at %s", alarmName, before.stateValueAsString(), alarm.stateValueAsString(),
                CLOCK.format(alarm.stateUpdatedTimestamp()));
        say.say("reason: %s", reason);
        String message = Notifications.alarmMessage(alarm, MotoServer.ACCOUNT_ID, REGION_NAME,
                before.stateValueAsString());
        String topic = alarm.alarmActions().get(0);
        String messageId = sns.publish(r -> r.topicArn(topic).message(message)
                .subject(Notifications.subject("ALARM", alarmName, REGION_NAME))).messageId();
        say.say("CloudWatch published message %s to %s", messageId, topicName(List.of(topic)));
        List<Message> delivered = sqs.receiveMessage(r -> r.queueUrl(deliveries).maxNumberOfMessages(1)
                .waitTimeSeconds(5)).messages();
        if (delivered.isEmpty()) {
            throw new IllegalStateException("SNS delivered nothing from " + topic);
        }
        return delivered.get(0).body();
    }

    private Path writePage(JsonNode message) throws IOException {
        Path dir = options.outputDirectory().toAbsolutePath();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("slack-message.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(message), StandardCharsets.UTF_8);
        Path page = dir.resolve("slack-message.html");
        Files.writeString(page, SlackPreview.page(message, "ops-alerts", CLOCK.format(Instant.now())),
                StandardCharsets.UTF_8);
        return page;
    }

    private String instanceState(String id) {
        List<Instance> instances = ec2.describeInstances(r -> r.instanceIds(id)).reservations().stream()
                .flatMap(r -> r.instances().stream()).toList();
        return instances.isEmpty() ? "gone" : instances.get(0).state().nameAsString();
    }
}
