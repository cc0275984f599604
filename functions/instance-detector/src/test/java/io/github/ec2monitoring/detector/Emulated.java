package io.github.ec2monitoring.detector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ec2monitoring.standins.CallCounter;
import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.standins.Quotas;
import io.github.ec2monitoring.standins.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileAssociation;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The emulator side of the detector tests: clients with call counters and the production retry strategy, through
 * the quota front (CloudWatch's and EC2's rates and page sizes), instances, and the handler under test.
 */
final class Emulated {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String GROUP = "web-asg";

    final CallCounter calls = new CallCounter();
    final Ec2Client ec2 = MotoServer.client(Ec2Client.builder(), calls, Quotas.suiteFront().endpoint(),
            InstanceDetectorHandler.clientOverrides());
    final CloudWatchClient cloudWatch = MotoServer.client(CloudWatchClient.builder(), calls,
            Quotas.suiteFront().endpoint(), InstanceDetectorHandler.clientOverrides());
    final List<String> decisions = new CopyOnWriteArrayList<>();
    final String profileArn;
    final String otherProfileArn;
    /** moto's built-in images survive a reset; listing them is slow, so once per JVM. */
    private static String imageId;

    Emulated() {
        IamClient iam = MotoServer.client(IamClient.builder());
        profileArn = iam.createInstanceProfile(r -> r.instanceProfileName("web-profile")).instanceProfile().arn();
        otherProfileArn = iam.createInstanceProfile(r -> r.instanceProfileName("other")).instanceProfile().arn();
        if (imageId == null) {
            imageId = ec2.describeImages(r -> r.owners("amazon")).images().get(0).imageId();
        }
    }

    /** The emulator reset to empty, with the profiles made again. */
    static Emulated fresh() throws IOException {
        MotoServer.reset();
        return new Emulated();
    }

    /** The tests' usual configuration: the usual group, this emulator's profile. */
    DetectorConfig config() {
        return Fixtures.config(GROUP, profileArn);
    }

    /** A handler with the usual configuration. */
    InstanceDetectorHandler handler() {
        return handler(config());
    }

    InstanceDetectorHandler handler(DetectorConfig config) {
        return new InstanceDetectorHandler(config, ec2, cloudWatch, decisions::add);
    }

    List<String> launch(String group, int count) {
        return launch(group, count, null);
    }

    List<String> launch(String group, int count, String profileArnOrNull) {
        TagSpecification tags = TagSpecification.builder().resourceType(ResourceType.INSTANCE)
                .tags(Tag.builder().key(DetectorAws.GROUP_TAG).value(group).build()).build();
        RunInstancesRequest.Builder request = RunInstancesRequest.builder().imageId(imageId).minCount(count)
                .maxCount(count).instanceType("t3.micro").tagSpecifications(tags);
        if (profileArnOrNull != null) {
            request.iamInstanceProfile(p -> p.arn(profileArnOrNull));
        }
        return ec2.runInstances(request.build()).instances().stream().map(Instance::instanceId).toList();
    }

    String launch(String group) {
        return launch(group, 1).get(0);
    }

    ObjectNode send(InstanceDetectorHandler handler, String fixture, String instanceId) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(Fixtures.resource(fixture));
            if (instanceId != null) {
                ((ObjectNode) event.get("detail")).put("instance-id", instanceId);
            }
            return invoke(handler, JSON.writeValueAsBytes(event), new TestContext());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode invoke(InstanceDetectorHandler handler, byte[] event, TestContext context) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, context);
        return (ObjectNode) JSON.readTree(out.toString(StandardCharsets.UTF_8));
    }

    Map<String, MetricAlarm> alarms() {
        return cloudWatch.describeAlarmsPaginator(r -> r.alarmNamePrefix("web-")).metricAlarms().stream()
                .collect(Collectors.toMap(MetricAlarm::alarmName, a -> a));
    }

    List<IamInstanceProfileAssociation> associations(String instanceId) {
        return ec2.describeIamInstanceProfileAssociations(r -> r.filters(f -> f.name("instance-id").values(instanceId)))
                .iamInstanceProfileAssociations();
    }
}
