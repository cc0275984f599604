package io.github.ec2monitoring.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ec2monitoring.contract.StoppedInstances;
import io.github.ec2monitoring.standins.AwsFront;
import io.github.ec2monitoring.standins.CallCounter;
import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.standins.TestContext;
import io.github.ec2monitoring.testsupport.MotoServerExtension;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** Runs the handler in-process against moto server and checks the real effects in EC2 and CloudWatch. */
@ExtendWith(MotoServerExtension.class)
class InstanceDetectorEmulatorTest {

    private Emulated aws;
    private InstanceDetectorHandler handler;

    @BeforeEach
    void freshEmulatorState() throws Exception {
        MotoServer.reset();
        aws = new Emulated();
        handler = aws.handler(Fixtures.config(Emulated.GROUP, aws.profileArn));
    }

    @Test
    void runningInstanceOfTheGroupGetsItsSixAlarmsWithTheirTopics() {
        String id = aws.launch(Emulated.GROUP);

        aws.send(handler, "running.json", id);

        Map<String, MetricAlarm> alarms = aws.alarms();
        assertEquals(List.of("web-" + id + "-cpu-critical", "web-" + id + "-cpu-warning",
                "web-" + id + "-disk-critical", "web-" + id + "-disk-warning",
                "web-" + id + "-memory-critical", "web-" + id + "-memory-warning"),
                alarms.keySet().stream().sorted().toList());
        MetricAlarm warning = alarms.get("web-" + id + "-cpu-warning");
        assertEquals(60.0, warning.threshold());
        assertEquals(3, warning.datapointsToAlarm());
        assertEquals(List.of(Fixtures.WARNING), warning.alarmActions());
        assertEquals(List.of(Fixtures.WARNING), warning.okActions());
        MetricAlarm memory = alarms.get("web-" + id + "-memory-critical");
        assertEquals("CWAgent", memory.namespace());
        assertEquals(List.of(Fixtures.CRITICAL), memory.alarmActions());
    }

    @Test
    void runningInstanceWithoutProfileGetsTheConfiguredProfileAttached() {
        String id = aws.launch(Emulated.GROUP);

        aws.calls.reset();

        ObjectNode outcome = aws.send(handler, "running.json", id);

        // DescribeInstances, AssociateIamInstanceProfile, DescribeAlarms, 6 x PutMetricAlarm: no separate lookup.
        assertEquals(0, aws.calls.count("DescribeIamInstanceProfileAssociations"));
        assertEquals(9, aws.calls.total());
        assertEquals("attached", outcome.get("instanceProfile").asText());
        assertEquals(aws.profileArn, aws.associations(id).get(0).iamInstanceProfile().arn());
    }

    @Test
    void anAssociationStillBeingMadeIsNeitherMadeTwiceNorAFailure() throws IOException {
        String id = aws.launch(Emulated.GROUP);
        // An association made a moment ago is not yet in DescribeInstances; EC2 refuses a second with IncorrectState.
        try (AwsFront front = new AwsFront(MotoServer.endpoint())) {
            front.always("AssociateIamInstanceProfile", AwsFront.Answer.ec2Error(400, "IncorrectState",
                    "There is an existing association for instance " + id));
            Ec2Client ec2 = MotoServer.client(Ec2Client.builder(), new CallCounter(), front.endpoint());
            InstanceDetector detector = new InstanceDetector(Fixtures.config(Emulated.GROUP, aws.profileArn, true,
                    StoppedInstances.KEEP), ec2, aws.cloudWatch);

            Outcome outcome = detector.handle(new StateChange(id, "running"));

            assertEquals("associating", outcome.instanceProfile());
            assertEquals(6, outcome.alarmsCreated().size());
        }
    }

    @Test
    void anInstanceWithAnotherProfileKeepsIt() {
        String id = aws.launch(Emulated.GROUP, 1, aws.otherProfileArn).get(0);

        ObjectNode outcome = aws.send(handler, "running.json", id);

        assertEquals("other-profile", outcome.get("instanceProfile").asText());
        assertEquals(List.of(aws.otherProfileArn),
                aws.associations(id).stream().map(a -> a.iamInstanceProfile().arn()).toList());
    }

    @Test
    void anInstanceWithTheConfiguredProfileIsLeftAsItIs() {
        String id = aws.launch(Emulated.GROUP, 1, aws.profileArn).get(0);

        ObjectNode outcome = aws.send(handler, "running.json", id);

        assertEquals("present", outcome.get("instanceProfile").asText());
        assertEquals(0, aws.calls.count("AssociateIamInstanceProfile"));
    }

    @Test
    void profileAttachmentCanBeSwitchedOff() {
        handler = aws.handler(Fixtures.config(Emulated.GROUP, aws.profileArn, false,
                StoppedInstances.KEEP));
        String id = aws.launch(Emulated.GROUP);

        assertEquals("disabled", aws.send(handler, "running.json", id).get("instanceProfile").asText());
        assertEquals(List.of(), aws.associations(id));
    }

    @Test
    void aDuplicateEventChangesNothingAndPutsNoAlarm() {
        String id = aws.launch(Emulated.GROUP);
        aws.send(handler, "running.json", id);
        aws.calls.reset();

        ObjectNode second = aws.send(handler, "running.json", id);

        assertEquals("present", second.get("instanceProfile").asText());
        assertEquals(0, second.get("alarmsCreated").size());
        assertEquals(0, aws.calls.count("PutMetricAlarm"));
        assertEquals(1, aws.associations(id).size());
        assertEquals(6, aws.alarms().size());
    }

    @Test
    void instanceOutsideTheMonitoredGroupIsLeftAlone() {
        String id = aws.launch("another-asg");

        ObjectNode outcome = aws.send(handler, "running.json", id);

        assertEquals("ignored", outcome.get("action").asText());
        assertTrue(aws.alarms().isEmpty());
        assertTrue(aws.associations(id).isEmpty());
    }

    @Test
    void terminatedAndShuttingDownInstancesLoseTheirAlarms() {
        String first = aws.launch(Emulated.GROUP);
        String second = aws.launch(Emulated.GROUP);
        aws.send(handler, "running.json", first);
        aws.send(handler, "running.json", second);

        assertEquals(6, aws.send(handler, "terminated.json", first).get("alarmsDeleted").size());
        assertEquals(6, aws.send(handler, "shutting-down.json", second).get("alarmsDeleted").size());
        assertTrue(aws.alarms().isEmpty());
    }

    @Test
    void terminatedBeforeRunningEndsWithNoAlarms() {
        String id = aws.launch(Emulated.GROUP);
        aws.ec2.terminateInstances(r -> r.instanceIds(id));

        aws.send(handler, "terminated.json", id);
        ObjectNode late = aws.send(handler, "running.json", id);

        assertEquals("alarms-removed", late.get("action").asText());
        assertTrue(aws.alarms().isEmpty());
    }

    @Test
    void stoppedInstancesKeepTheirAlarmsByDefault() {
        String id = aws.launch(Emulated.GROUP);
        aws.send(handler, "running.json", id);

        aws.send(handler, "stopped.json", id);

        assertEquals(6, aws.alarms().size());
    }

    @Test
    void stoppedInstancesLoseTheirAlarmsWhenConfigured() {
        handler = aws.handler(Fixtures.config(Emulated.GROUP, aws.profileArn, true,
                StoppedInstances.REMOVE));
        String id = aws.launch(Emulated.GROUP);
        aws.send(handler, "running.json", id);

        aws.send(handler, "stopped.json", id);

        assertTrue(aws.alarms().isEmpty());
    }

    @Test
    void anInstanceThatNoLongerExistsIsNotAnError() {
        ObjectNode outcome = aws.send(handler, "running.json", "i-0123456789abcdef0");

        assertEquals("alarms-removed", outcome.get("action").asText());
        assertEquals("instance no longer exists", outcome.get("detail").asText());
        assertTrue(aws.alarms().isEmpty());
    }

    @Test
    void eachDecisionIsOneJsonLineWithEmbeddedMetrics() throws IOException {
        String id = aws.launch(Emulated.GROUP);
        aws.send(handler, "running.json", id);

        assertEquals(1, aws.decisions.size());
        JsonNode line = Emulated.JSON.readTree(aws.decisions.get(0));
        assertEquals(id, line.get("instanceId").asText());
        assertEquals("alarms-ensured", line.get("action").asText());
        assertEquals(6, line.get("AlarmsCreated").asInt());
        assertTrue(line.has("durationMs"));
        assertEquals(DecisionLog.NAMESPACE, line.at("/_aws/CloudWatchMetrics/0/Namespace").asText());
    }

    static List<String> malformed() {
        return Fixtures.MALFORMED;
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedEventIsRejectedWithOneLineAndChangesNothing(String file) throws IOException {
        aws.launch(Emulated.GROUP);
        aws.calls.reset();

        ObjectNode outcome = Emulated.invoke(handler, Fixtures.resource("malformed/" + file), new TestContext());

        assertEquals("rejected", outcome.get("action").asText());
        assertEquals(1, aws.decisions.size());
        JsonNode line = Emulated.JSON.readTree(aws.decisions.get(0));
        assertEquals("rejected", line.get("action").asText());
        assertTrue(line.get("detail").asText().length() < 120, line.get("detail").asText());
        assertEquals(0, aws.calls.total(), "no AWS call for input that can never succeed");
        assertTrue(aws.alarms().isEmpty());
    }

    @Test
    void anAwsFailureEscapesSoLambdaRetriesTheEvent() {
        Ec2Client unreachable = Ec2Client.builder().endpointOverride(URI.create("http://127.0.0.1:9"))
                .region(MotoServer.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                .build();
        InstanceDetectorHandler failing = new InstanceDetectorHandler(
                Fixtures.config(Emulated.GROUP, aws.profileArn), unreachable, aws.cloudWatch, aws.decisions::add);

        assertThrows(SdkClientException.class, () -> aws.send(failing, "running.json", "i-0123456789abcdef0"));
    }

    @Test
    void productionClientsRetryAdaptivelyWhenThrottled() {
        var strategy = InstanceDetectorHandler.clientOverrides().retryStrategy().orElseThrow();
        assertTrue(strategy instanceof software.amazon.awssdk.retries.AdaptiveRetryStrategy, strategy.toString());
        assertEquals(8, strategy.maxAttempts());
    }

    /** The events as the SQS queue in front of the function delivers them: each body one EventBridge event. */
    private static byte[] sqsBatch(String... bodies) throws IOException {
        ObjectNode event = Emulated.JSON.createObjectNode();
        var records = event.putArray("Records");
        for (int i = 0; i < bodies.length; i++) {
            records.addObject().put("messageId", "m-" + i).put("receiptHandle", "r-" + i).put("body", bodies[i])
                    .put("eventSource", "aws:sqs")
                    .put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:instance-detector-events")
                    .put("awsRegion", "us-east-1");
        }
        return Emulated.JSON.writeValueAsBytes(event);
    }

    private static String runningEvent(String instanceId) throws IOException {
        ObjectNode event = (ObjectNode) Emulated.JSON.readTree(Fixtures.resource("running.json"));
        ((ObjectNode) event.get("detail")).put("instance-id", instanceId);
        return event.toString();
    }

    @Test
    void aBatchFromTheQueueIsHandledMessageByMessage() throws IOException {
        List<String> ids = aws.launch(Emulated.GROUP, 2);

        ObjectNode response = Emulated.invoke(handler, sqsBatch(runningEvent(ids.get(0)), runningEvent(ids.get(1)),
                "not json at all"), new TestContext());

        assertEquals(0, response.get("batchItemFailures").size(), "a malformed body is rejected, not retried");
        assertEquals(12, aws.alarms().size());
        assertEquals(3, aws.decisions.size());
    }

    @Test
    void onlyTheMessagesThatFailedAreReportedForSqsToDeliverAgain() throws IOException {
        List<String> ids = aws.launch(Emulated.GROUP, 2);
        try (AwsFront front = new AwsFront(MotoServer.endpoint())) {
            // CloudWatch refuses writes for the second message's alarms only.
            String refused = ids.get(1);
            var cloudWatch = MotoServer.client(software.amazon.awssdk.services.cloudwatch.CloudWatchClient.builder(),
                    new CallCounter(), front.endpoint());
            InstanceDetectorHandler failing = new InstanceDetectorHandler(
                    Fixtures.config(Emulated.GROUP, aws.profileArn), aws.ec2, cloudWatch, aws.decisions::add);
            Emulated.invoke(failing, sqsBatch(runningEvent(ids.get(0))), new TestContext());
            front.always("PutMetricAlarm", AwsFront.Answer.queryError(500, "InternalFailure", "try again"));
            TestContext context = new TestContext();

            ObjectNode response = Emulated.invoke(failing, sqsBatch(runningEvent(ids.get(0)), runningEvent(refused)),
                    context);

            assertEquals("[{\"itemIdentifier\":\"m-1\"}]", response.get("batchItemFailures").toString());
            assertTrue(context.logText().contains("\"action\":\"failed\""), context.logText());
        }
    }

    /** SnapStart runs this in the account with the function's role: it may read, never write or report. */
    @Test
    void primingForSnapStartOnlyReadsOrIsRefusedAndReportsNothing() throws IOException {
        String id = aws.launch(Emulated.GROUP);
        aws.send(handler, "running.json", id);
        aws.decisions.clear();
        try (AwsFront front = new AwsFront(MotoServer.endpoint())) {
            // What IAM answers: the priming alarm's name is outside every prefix a detector may write.
            front.always("PutMetricAlarm", AwsFront.Answer.queryError(403, "AccessDenied", "not authorized"));
            CallCounter calls = new CallCounter();
            InstanceDetectorHandler primed = new InstanceDetectorHandler(
                    Fixtures.config(Emulated.GROUP, aws.profileArn),
                    MotoServer.client(Ec2Client.builder(), calls, front.endpoint()),
                    MotoServer.client(software.amazon.awssdk.services.cloudwatch.CloudWatchClient.builder(), calls,
                            front.endpoint()),
                    aws.decisions::add);

            primed.beforeCheckpoint(null);

            assertEquals(java.util.Set.of("DescribeInstances", "DescribeAlarms", "PutMetricAlarm"),
                    java.util.Set.copyOf(front.operations()));
            for (int i = 0; i < front.operations().size(); i++) {
                if (front.operations().get(i).equals("PutMetricAlarm")) {
                    assertTrue(front.bodies().get(i).contains("AlarmName=%7Esnapstart-priming-refused")
                            && front.bodies().get(i).contains("Period=7"), front.bodies().get(i));
                }
            }
            assertEquals(List.of(), aws.decisions, "no decision line, so no metric, comes from priming");
            assertEquals(6, aws.alarms().size());
            ObjectNode after = aws.send(primed, "terminated.json", id);
            assertEquals("alarms-removed", after.get("action").asText(), "a primed handler works as before");
        }
    }
}
