package io.github.ec2monitoring.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ec2monitoring.standins.AwsFront;
import io.github.ec2monitoring.standins.CallCounter;
import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.standins.TestContext;
import io.github.ec2monitoring.standins.WebhookServer;
import java.io.IOException;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/** The stack's Custom::AlarmCleanup, answered by the detector: cdk destroy leaves no alarm of the detector's. */
class StackCleanupEmulatorTest extends DetectorEmulatorFixture {

    /** What CloudFormation sends the function, answering to a loopback stand-in for its pre-signed URL. */
    private static byte[] request(String type, WebhookServer cloudFormation) throws IOException {
        ObjectNode event = Emulated.JSON.createObjectNode()
                .put("RequestType", type)
                .put("ServiceToken", "arn:aws:lambda:us-east-1:123456789012:function:detector:live")
                .put("ResponseURL", cloudFormation.url().toString())
                .put("StackId", "arn:aws:cloudformation:us-east-1:123456789012:stack/Ec2AutoscalingMonitoring/1")
                .put("RequestId", "5d478078-13e9-baf0-464a-7ef285ecc786")
                .put("LogicalResourceId", "InstanceDetectorAlarmCleanup")
                .put("ResourceType", "Custom::AlarmCleanup");
        if (!type.equals("Create")) {
            event.put("PhysicalResourceId", "alarm-cleanup");
        }
        event.putObject("ResourceProperties").put("AlarmNamePrefix", "web");
        return Emulated.JSON.writeValueAsBytes(event);
    }

    private void handMade(String name) {
        aws.cloudWatch.putMetricAlarm(r -> r.alarmName(name).namespace("CWAgent").metricName("mem_used_percent")
                .statistic(Statistic.AVERAGE).period(60).evaluationPeriods(1).threshold(90.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
    }

    @Test
    void onTheStacksDeleteEveryAlarmOfTheDetectorGoesInBatchesOfOneHundredAndNothingElse() throws IOException {
        List<String> ids = aws.launch(Emulated.GROUP, 20);
        ids.forEach(id -> aws.send(handler, "running.json", id));
        handMade("web-made-by-hand");
        handMade("other-i-0abcdef1234567890-cpu-warning");
        assertEquals(121, aws.alarms().size());
        aws.calls.reset();

        try (WebhookServer cloudFormation = new WebhookServer()) {
            Emulated.invoke(handler, request("Delete", cloudFormation), new TestContext());

            assertEquals(2, aws.calls.count("DeleteAlarms"), "120 alarms are two batches of at most 100");
            assertEquals(new TreeSet<>(List.of("web-made-by-hand")), new TreeSet<>(aws.alarms().keySet()));
            assertEquals(1, aws.cloudWatch.describeAlarms(r -> r.alarmNamePrefix("other-")).metricAlarms().size());
            List<WebhookServer.Received> answers = cloudFormation.received();
            assertEquals(1, answers.size());
            assertEquals("PUT", answers.get(0).method());
            JsonNode answer = Emulated.JSON.readTree(answers.get(0).body());
            assertEquals("SUCCESS", answer.get("Status").asText());
            assertEquals(120, answer.at("/Data/AlarmsDeleted").asInt());
            assertEquals("alarm-cleanup", answer.get("PhysicalResourceId").asText());
            assertEquals("5d478078-13e9-baf0-464a-7ef285ecc786", answer.get("RequestId").asText());
        }
    }

    @Test
    void createAndUpdateAnswerSuccessAndTouchNoAlarm() throws IOException {
        String id = aws.launch(Emulated.GROUP);
        aws.send(handler, "running.json", id);
        aws.calls.reset();

        try (WebhookServer cloudFormation = new WebhookServer()) {
            Emulated.invoke(handler, request("Create", cloudFormation), new TestContext());
            Emulated.invoke(handler, request("Update", cloudFormation), new TestContext());

            assertEquals(0, aws.calls.total());
            assertEquals(6, aws.alarms().size());
            assertEquals(2, cloudFormation.received().size());
            for (WebhookServer.Received answer : cloudFormation.received()) {
                assertEquals("SUCCESS", Emulated.JSON.readTree(answer.body()).get("Status").asText());
            }
        }
    }

    /** Leaving alarms behind in silence is what this resource exists to prevent: the delete stops, visibly. */
    @Test
    void whenDeletingFailsCloudFormationIsToldWhyAndTheStackDeleteStops() throws IOException {
        String id = aws.launch(Emulated.GROUP);
        aws.send(handler, "running.json", id);
        try (AwsFront front = new AwsFront(MotoServer.endpoint());
                WebhookServer cloudFormation = new WebhookServer()) {
            front.always("DeleteAlarms", AwsFront.Answer.queryError(403, "AccessDenied", "not authorized"));
            InstanceDetectorHandler denied = new InstanceDetectorHandler(Fixtures.config(Emulated.GROUP,
                    aws.profileArn), aws.ec2, MotoServer.client(CloudWatchClient.builder(), new CallCounter(),
                    front.endpoint()), aws.decisions::add);

            Emulated.invoke(denied, request("Delete", cloudFormation), new TestContext());

            JsonNode answer = Emulated.JSON.readTree(cloudFormation.received().get(0).body());
            assertEquals("FAILED", answer.get("Status").asText());
            assertTrue(answer.get("Reason").asText().contains("AccessDenied"), answer.toString());
            assertEquals(6, aws.alarms().size());
        }
    }
}
