package io.github.ec2monitoring.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ec2monitoring.standins.AwsFront;
import io.github.ec2monitoring.standins.CallCounter;
import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.standins.TestContext;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.retries.AdaptiveRetryStrategy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** How Lambda meets the detector: SQS batches, failures it must retry, throttling, and SnapStart priming. */
class InstanceDetectorInvocationEmulatorTest extends DetectorEmulatorFixture {

    @Test
    void anAwsFailureEscapesSoLambdaRetriesTheEvent() {
        Ec2Client unreachable = Ec2Client.builder().endpointOverride(URI.create("http://127.0.0.1:9"))
                .region(MotoServer.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                .build();
        InstanceDetectorHandler failing = new InstanceDetectorHandler(
                config, unreachable, aws.cloudWatch, aws.decisions::add);

        assertThatThrownBy(() -> aws.send(failing, "running.json", "i-0123456789abcdef0"))
                .isInstanceOf(SdkClientException.class);
    }

    @Test
    void productionClientsRetryAdaptivelyWhenThrottled() {
        var strategy = InstanceDetectorHandler.clientOverrides().retryStrategy().orElseThrow();

        assertThat(strategy).isInstanceOf(AdaptiveRetryStrategy.class);
        assertThat(strategy.maxAttempts()).isEqualTo(8);
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

        assertThat(response.get("batchItemFailures")).as("a malformed body is rejected, not retried").isEmpty();
        assertThat(aws.alarms()).hasSize(12);
        assertThat(aws.decisions).hasSize(3);
    }

    @Test
    void onlyTheMessagesThatFailedAreReportedForSqsToDeliverAgain() throws IOException {
        List<String> ids = aws.launch(Emulated.GROUP, 2);
        try (AwsFront front = new AwsFront(MotoServer.endpoint())) {
            // CloudWatch refuses writes for the second message's alarms only.
            String refused = ids.get(1);
            CloudWatchClient cloudWatch = MotoServer.client(CloudWatchClient.builder(), new CallCounter(),
                    front.endpoint());
            InstanceDetectorHandler failing = new InstanceDetectorHandler(
                    config, aws.ec2, cloudWatch, aws.decisions::add);
            Emulated.invoke(failing, sqsBatch(runningEvent(ids.get(0))), new TestContext());
            front.always("PutMetricAlarm", AwsFront.Answer.queryError(500, "InternalFailure", "try again"));
            TestContext context = new TestContext();

            ObjectNode response = Emulated.invoke(failing, sqsBatch(runningEvent(ids.get(0)), runningEvent(refused)),
                    context);

            assertThat(response.get("batchItemFailures")).hasToString("[{\"itemIdentifier\":\"m-1\"}]");
            assertThat(context.logText()).contains("\"action\":\"failed\"");
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
                    config,
                    MotoServer.client(Ec2Client.builder(), calls, front.endpoint()),
                    MotoServer.client(CloudWatchClient.builder(), calls, front.endpoint()),
                    aws.decisions::add);

            primed.beforeCheckpoint(null);

            assertThat(front.operations()).containsOnly("DescribeInstances", "DescribeAlarms", "PutMetricAlarm");
            for (int i = 0; i < front.operations().size(); i++) {
                if (front.operations().get(i).equals("PutMetricAlarm")) {
                    assertThat(front.bodies().get(i)).contains("AlarmName=%7Esnapstart-priming-refused", "Period=7");
                }
            }
            assertThat(aws.decisions).as("no decision line, so no metric, comes from priming").isEmpty();
            assertThat(aws.alarms()).hasSize(6);
            ObjectNode after = aws.send(primed, "terminated.json", id);
            assertThat(after.get("action").asText()).as("a primed handler works as before").isEqualTo("alarms-removed");
        }
    }
}
