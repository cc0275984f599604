package io.github.ec2monitoring.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ec2monitoring.testsupport.MotoServer;
import io.github.ec2monitoring.testsupport.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileAssociation;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.iam.IamClient;

/** Runs the handler in-process against moto server and checks the real effects in EC2 and CloudWatch. */
@ExtendWith(MotoServer.class)
class InstanceDetectorEmulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GROUP = "web-asg";

    private static Ec2Client ec2;
    private static CloudWatchClient cloudWatch;
    private static String profileArn;
    private static String imageId;

    private InstanceDetectorHandler handler;

    @BeforeAll
    static void createClientsAndProfile() {
        ec2 = MotoServer.client(Ec2Client.builder());
        cloudWatch = MotoServer.client(CloudWatchClient.builder());
        IamClient iam = MotoServer.client(IamClient.builder());
        profileArn = iam.createInstanceProfile(r -> r.instanceProfileName("web-profile")).instanceProfile().arn();
        imageId = ec2.describeImages().images().get(0).imageId();
    }

    @BeforeEach
    void createHandler() {
        cloudWatch.describeAlarms().metricAlarms().forEach(a -> cloudWatch.deleteAlarms(r -> r.alarmNames(a.alarmName())));
        DetectorConfig config = new DetectorConfig("web", GROUP, profileArn,
                "arn:aws:sns:us-east-1:123456789012:warning", "arn:aws:sns:us-east-1:123456789012:critical", 60, 80);
        handler = new InstanceDetectorHandler(config, ec2, cloudWatch);
    }

    @Test
    void runningInstanceOfTheGroupGetsWarningAndCriticalAlarmsWithTheirTopics() throws IOException {
        String instanceId = launch(GROUP);

        invoke("running.json", instanceId);

        Map<String, MetricAlarm> alarms = alarmsByName();
        assertEquals(List.of("web-" + instanceId + "-cpu-critical", "web-" + instanceId + "-cpu-warning"),
                alarms.keySet().stream().sorted().toList());
        MetricAlarm warning = alarms.get("web-" + instanceId + "-cpu-warning");
        assertEquals(60.0, warning.threshold());
        assertEquals("CPUUtilization", warning.metricName());
        assertEquals(instanceId, warning.dimensions().get(0).value());
        assertEquals(List.of("arn:aws:sns:us-east-1:123456789012:warning"), warning.alarmActions());
        assertEquals(List.of("arn:aws:sns:us-east-1:123456789012:warning"), warning.okActions());
        MetricAlarm critical = alarms.get("web-" + instanceId + "-cpu-critical");
        assertEquals(80.0, critical.threshold());
        assertEquals(List.of("arn:aws:sns:us-east-1:123456789012:critical"), critical.alarmActions());
    }

    @Test
    void runningInstanceWithoutProfileGetsTheConfiguredProfileAttached() throws IOException {
        String instanceId = launch(GROUP);

        ObjectNode outcome = invoke("running.json", instanceId);

        assertTrue(outcome.get("instanceProfileAttached").asBoolean());
        List<IamInstanceProfileAssociation> associations = associations(instanceId);
        assertEquals(1, associations.size());
        assertEquals(profileArn, associations.get(0).iamInstanceProfile().arn());
    }

    @Test
    void profileIsAttachedOnlyOnceWhenTheEventIsDeliveredTwice() throws IOException {
        String instanceId = launch(GROUP);

        invoke("running.json", instanceId);
        ObjectNode second = invoke("running.json", instanceId);

        assertFalse(second.get("instanceProfileAttached").asBoolean());
        assertEquals(1, associations(instanceId).size());
        assertEquals(2, alarmsByName().size());
    }

    @Test
    void instanceOutsideTheMonitoredGroupIsLeftAlone() throws IOException {
        String instanceId = launch("another-asg");

        ObjectNode outcome = invoke("running.json", instanceId);

        assertEquals("ignored", outcome.get("action").asText());
        assertTrue(alarmsByName().isEmpty());
        assertTrue(associations(instanceId).isEmpty());
    }

    @Test
    void terminatedInstanceLosesItsAlarms() throws IOException {
        String instanceId = launch(GROUP);
        invoke("running.json", instanceId);

        ObjectNode outcome = invoke("terminated.json", instanceId);

        assertEquals(2, outcome.get("alarmsDeleted").size());
        assertTrue(alarmsByName().isEmpty());
    }

    @Test
    void terminatedEventWithoutAlarmsIsNotAnError() throws IOException {
        ObjectNode outcome = invoke("terminated.json", "i-0123456789abcdef0");

        assertEquals("alarms-removed", outcome.get("action").asText());
        assertEquals(0, outcome.get("alarmsDeleted").size());
    }

    @Test
    void runningEventForAnInstanceThatNoLongerExistsIsIgnored() throws IOException {
        ObjectNode outcome = invoke("running.json", "i-0123456789abcdef0");

        assertEquals("ignored", outcome.get("action").asText());
        assertEquals("instance no longer exists", outcome.get("detail").asText());
        assertTrue(alarmsByName().isEmpty());
    }

    @Test
    void stoppedInstanceKeepsItsAlarms() throws IOException {
        String instanceId = launch(GROUP);
        invoke("running.json", instanceId);

        invoke("stopped.json", instanceId);

        assertEquals(2, alarmsByName().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"truncated-json.txt", "missing-detail.json", "wrong-source.json", "unknown-state.json",
        "empty-instance-id.json", "state-not-a-string.json", "detail-is-a-string.json", "array-not-object.json"})
    void malformedEventIsRejectedWithOneWarningAndChangesNothing(String file) throws IOException {
        TestContext context = new TestContext();
        ObjectNode outcome = invokeRaw(resource("malformed/" + file), context);

        assertEquals("rejected", outcome.get("action").asText());
        assertEquals(1, context.logLines().size());
        assertTrue(context.logText().contains("\"action\":\"rejected\""), context.logText());
        assertTrue(alarmsByName().isEmpty());
    }

    private String launch(String group) {
        return ec2.runInstances(r -> r.imageId(imageId).minCount(1).maxCount(1).instanceType("t3.micro")
                        .tagSpecifications(spec -> spec.resourceType(ResourceType.INSTANCE)
                                .tags(Tag.builder().key(InstanceDetector.GROUP_TAG).value(group).build())))
                .instances().get(0).instanceId();
    }

    private ObjectNode invoke(String fixture, String instanceId) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(resource(fixture));
        ((ObjectNode) event.get("detail")).put("instance-id", instanceId);
        return invokeRaw(JSON.writeValueAsBytes(event), new TestContext());
    }

    private ObjectNode invokeRaw(byte[] event, TestContext context) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, context);
        return (ObjectNode) JSON.readTree(out.toString(StandardCharsets.UTF_8));
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = InstanceDetectorEmulatorTest.class.getResourceAsStream("/events/" + path)) {
            return in.readAllBytes();
        }
    }

    private static Map<String, MetricAlarm> alarmsByName() {
        return cloudWatch.describeAlarms().metricAlarms().stream()
                .collect(Collectors.toMap(MetricAlarm::alarmName, a -> a));
    }

    private static List<IamInstanceProfileAssociation> associations(String instanceId) {
        return ec2.describeIamInstanceProfileAssociations(r -> r.filters(f -> f.name("instance-id").values(instanceId)))
                .iamInstanceProfileAssociations();
    }
}
