package io.github.ec2monitoring.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ec2monitoring.contract.AlarmQueue;
import io.github.ec2monitoring.contract.Choice;
import io.github.ec2monitoring.contract.FunctionEnvironments;
import io.github.ec2monitoring.contract.FunctionEnvironments.CpuAlert;
import io.github.ec2monitoring.contract.FunctionEnvironments.Detector;
import io.github.ec2monitoring.contract.StoppedInstances;
import io.github.ec2monitoring.cpualert.AlertConfig;
import io.github.ec2monitoring.cpualert.CpuAlertHandler;
import io.github.ec2monitoring.cpualert.SlackWebhook;
import io.github.ec2monitoring.detector.InstanceDetectorHandler;
import io.github.ec2monitoring.standins.AwsFront;
import io.github.ec2monitoring.standins.CallCounter;
import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.standins.PostedTransitionsTable;
import io.github.ec2monitoring.standins.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The two functions as the stack configures them (through the contract) and as the Lambda runtime invokes them. */
final class LabFunctions {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String POSTED_TRANSITIONS = "lab-posted-transitions";
    static final String ALARM_QUEUE = "lab-alarms";

    private LabFunctions() {}

    /** What the stack sets on instance-detector (InstanceDetector construct), with the lab's resources. */
    static Map<String, String> detectorEnvironment(LabSettings settings, LabOptions options, String prefix,
            String group, String profileArn, String warningTopic, String criticalTopic) {
        return new FunctionEnvironments.Writer(Detector.ALL)
                .put(FunctionEnvironments.ALARM_NAME_PREFIX, prefix)
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
                .put(Detector.ALARM_RESOLUTION, options.resolution())
                .build();
    }

    /** What the stack sets on cpu-alert (CpuAlert construct), with the lab's resources. */
    static Map<String, String> alertEnvironment(LabSettings settings, LabOptions options, String group,
            String warningTopic, String criticalTopic, String alarmQueueUrl) {
        FunctionEnvironments.Writer environment = new FunctionEnvironments.Writer(CpuAlert.ALL)
                .put(CpuAlert.SYSLOG_LOG_GROUP, LabEnvironment.SYSLOG_GROUP)
                .put(CpuAlert.APACHE_ERROR_LOG_GROUP, LabEnvironment.APACHE_GROUP)
                .put(CpuAlert.SLACK_WEBHOOK_SECRET_NAME, LabEnvironment.WEBHOOK_SECRET)
                .put(CpuAlert.LOG_WINDOW_MINUTES, Integer.parseInt(settings.logWindowMinutes()))
                .put(CpuAlert.TIME_ZONE, ZoneId.of(settings.slackTimeZone()))
                .put(CpuAlert.MESSAGE_LANGUAGE, Choice.of(FunctionEnvironments.MessageLanguage.class,
                        options.language(), "--language"))
                .put(FunctionEnvironments.WARNING_TOPIC_ARN, warningTopic)
                .put(FunctionEnvironments.CRITICAL_TOPIC_ARN, criticalTopic)
                .put(CpuAlert.MASK_PERSONAL_DATA, Boolean.parseBoolean(settings.slackMaskPersonalData()))
                .put(CpuAlert.POSTED_TRANSITIONS_TABLE, POSTED_TRANSITIONS)
                .put(CpuAlert.SLACK_POST_INTERVAL_MILLIS, AlarmQueue.SLACK_POST_INTERVAL_MILLIS)
                .put(CpuAlert.ALARM_QUEUE_URL, alarmQueueUrl)
                .put(CpuAlert.STORM_THRESHOLD, Integer.parseInt(settings.stormThreshold()))
                .put(FunctionEnvironments.ALARM_NAME_PREFIX, LabRun.PREFIX);
        // Watching groups it did not create, the stack names no single group: each alarm names its own.
        if (!options.bringYourOwn()) {
            environment.put(CpuAlert.AUTO_SCALING_GROUP_NAME, group);
        }
        return environment.build();
    }

    /** cpu-alert as the Lambda runtime builds it, with the lab's clients; one per container. */
    static CpuAlertHandler cpuAlert(Map<String, String> environment, CloudWatchLogsClient logs,
            SecretsManagerClient secrets, AwsFront contributors, Consumer<String> metricLines) {
        return new CpuAlertHandler(AlertConfig.fromEnvironment(environment), logs, secrets,
                MotoServer.client(DynamoDbClient.builder()), MotoServer.client(SqsClient.builder()),
                () -> MotoServer.client(CloudWatchClient.builder(), new CallCounter(), contributors.endpoint()),
                HttpClient.newHttpClient(), SlackWebhook.Timing.DEFAULT, metricLines);
    }

    /** The queue the alert topics deliver into, as the CpuAlert construct declares it; its URL. */
    static String alarmQueue() {
        return MotoServer.client(SqsClient.builder()).createQueue(r -> r.queueName(ALARM_QUEUE)).queueUrl();
    }

    /** The table cpu-alert records its posted transitions in, as the CpuAlert construct declares it. */
    static void createPostedTransitions() {
        PostedTransitionsTable.create(MotoServer.client(DynamoDbClient.builder()), POSTED_TRANSITIONS);
    }

    /** Hands instance-detector the event EventBridge sends, as bytes, the way the Lambda runtime does. */
    static JsonNode stateChange(InstanceDetectorHandler detector, String instanceId, String state) throws IOException {
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

    /** Hands cpu-alert an event as the Lambda runtime does, as bytes; returns its answer. */
    static String invokeCpuAlert(CpuAlertHandler cpuAlert, byte[] event, Consumer<String> logLines)
            throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        cpuAlert.handleRequest(new ByteArrayInputStream(event), output, new TestContext(logLines));
        return output.toString(StandardCharsets.UTF_8);
    }

    /** Hands cpu-alert the event the Lambda service builds from the queue SNS delivers into; returns its answer. */
    static String runCpuAlert(CpuAlertHandler cpuAlert, String envelope, Consumer<String> logLines)
            throws IOException {
        return invokeCpuAlert(cpuAlert, Notifications.sqsEvent(envelope).getBytes(StandardCharsets.UTF_8), logLines);
    }
}
