package io.github.ec2monitoring.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ec2monitoring.contract.FunctionEnvironments.CpuAlert;
import io.github.ec2monitoring.contract.FunctionEnvironments.Detector;
import io.github.ec2monitoring.standins.LambdaRuntimeSim;
import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.standins.WebhookServer;
import io.github.ec2monitoring.testsupport.MotoServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The functions as deployed: the app is synthesized with the real shaded jars, each function's {@code Handler} is
 * loaded from its asset the way the Lambda Java runtime loads it, and real event JSON is fed in. AWS is the moto
 * emulator; Slack a loopback server.
 */
@ExtendWith(MotoServerExtension.class)
class HandlerJarIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path root;
    private static Map<String, JsonNode> functionsByHandler;

    @BeforeAll
    static void synthesizeWithTheRealJars() {
        root = TestApps.projectRoot();
        functionsByHandler = SynthesizedFunctions.get().byHandler();
        MotoServer.useForDefaultClients();
    }

    private static LambdaRuntimeSim load(String handler) throws Exception {
        return SynthesizedFunctions.get().load(handler);
    }

    @Test
    void templateEnvironmentGivesEachFunctionEveryVariableItReads() {
        for (JsonNode fn : functionsByHandler.values()) {
            Iterator<String> names = fn.at("/Properties/Environment/Variables").fieldNames();
            TreeSet<String> inTemplate = new TreeSet<>();
            names.forEachRemaining(inTemplate::add);
            // Failsafe's environment holds exactly what the handlers read; every one must come from the template.
            inTemplate.forEach(name -> assertTrue(System.getenv(name) != null, name + " is not set for the IT"));
        }
        assertEquals(2, functionsByHandler.size());
    }

    @Test
    void instanceDetectorJarCreatesAlarmsForARealRunningEvent() throws Exception {
        String profileArn = System.getenv(Detector.INSTANCE_PROFILE_ARN.name());
        MotoServer.client(IamClient.builder()).createInstanceProfile(r -> r.instanceProfileName(
                profileArn.substring(profileArn.lastIndexOf('/') + 1)));
        Ec2Client ec2 = MotoServer.client(Ec2Client.builder());
        TagSpecification groupTag = TagSpecification.builder()
                .resourceType(ResourceType.INSTANCE)
                .tags(Tag.builder().key("aws:autoscaling:groupName").value(System.getenv(Detector.AUTO_SCALING_GROUP_NAMES.name()))
                        .build())
                .build();
        String instanceId = ec2.runInstances(r -> r.imageId(ec2.describeImages().images().get(0).imageId())
                        .minCount(1).maxCount(1).tagSpecifications(groupTag))
                .instances().get(0).instanceId();
        ObjectNode event = (ObjectNode) JSON.readTree(
                root.resolve("functions/instance-detector/src/test/resources/events/running.json").toFile());
        ((ObjectNode) event.get("detail")).put("instance-id", instanceId);

        try (LambdaRuntimeSim runtime = load(
                "io.github.ec2monitoring.detector.InstanceDetectorHandler::handleRequest")) {
            String output = runtime.invoke(JSON.writeValueAsBytes(event));
            assertTrue(output.contains("\"action\":\"alarms-ensured\""), output);
        }

        CloudWatchClient cloudWatch = MotoServer.client(CloudWatchClient.builder());
        assertEquals(List.of("it-" + instanceId + "-cpu-critical", "it-" + instanceId + "-cpu-warning",
                        "it-" + instanceId + "-disk-critical", "it-" + instanceId + "-disk-warning",
                        "it-" + instanceId + "-memory-critical", "it-" + instanceId + "-memory-warning"),
                cloudWatch.describeAlarms(r -> r.alarmNamePrefix("it-" + instanceId)).metricAlarms().stream()
                        .map(a -> a.alarmName()).sorted().toList());
    }

    @Test
    void cpuAlertJarPostsARealSnsAlarmEventToSlack() throws Exception {
        SecretsManagerClient secrets = MotoServer.client(SecretsManagerClient.builder());
        CloudWatchLogsClient logs = MotoServer.client(CloudWatchLogsClient.builder());
        try (WebhookServer slack = new WebhookServer()) {
            secrets.createSecret(r -> r.name(System.getenv(CpuAlert.SLACK_WEBHOOK_SECRET_NAME.name()))
                    .secretString(slack.url().toString()));
            String group = System.getenv(CpuAlert.APACHE_ERROR_LOG_GROUP.name());
            logs.createLogGroup(r -> r.logGroupName(group));
            logs.createLogStream(r -> r.logGroupName(group).logStreamName("i-0abcdef1234567890"));
            InputLogEvent apacheError = InputLogEvent.builder()
                    .timestamp(Instant.parse("2026-11-24T06:29:00Z").toEpochMilli())
                    .message("[core:error] [pid 1] AH00037: Symbolic link not allowed")
                    .build();
            logs.putLogEvents(r -> r.logGroupName(group).logStreamName("i-0abcdef1234567890").logEvents(apacheError));
            byte[] event = Files.readAllBytes(
                    root.resolve("functions/cpu-alert/src/test/resources/sns/cpu-alarm.json"));

            try (LambdaRuntimeSim runtime = load("io.github.ec2monitoring.cpualert.CpuAlertHandler::handleRequest")) {
                assertEquals("{\"posted\":1,\"records\":1}", runtime.invoke(event));
                assertTrue(runtime.logLines().stream().noneMatch(line -> line.contains(WebhookServer.PATH)));
            }

            assertEquals(1, slack.received().size());
            assertTrue(slack.received().get(0).body().contains("AH00037"), slack.received().get(0).body());
        }
    }

    /** The AWS SDK logs through SLF4J; an unbound SLF4J prints three lines on every cold start. */
    @Test
    void neitherFunctionPrintsSlf4jNoiseWhenItStartsAndBuildsItsClients() throws Exception {
        java.io.PrintStream stdout = System.out;
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream capture = new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            for (String handler : functionsByHandler.keySet()) {
                try (LambdaRuntimeSim runtime = load(handler)) {
                    runtime.invoke("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        String output = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(!output.contains("SLF4J"), output);
    }
}
