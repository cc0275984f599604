package io.github.ec2monitoring.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ec2monitoring.contract.AlarmResolution;
import io.github.ec2monitoring.contract.StoppedInstances;
import io.github.ec2monitoring.standins.AwsFront;
import io.github.ec2monitoring.standins.CallCounter;
import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.standins.TestContext;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** Runs the handler in-process against moto server and checks the real effects in EC2 and CloudWatch. */
class InstanceDetectorEmulatorTest extends DetectorEmulatorFixture {

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
    void atHighResolutionTheSixAlarmsEvaluateTenSecondPeriods() {
        String id = aws.launch(Emulated.GROUP);

        aws.send(aws.handler(Fixtures.atResolution(config, AlarmResolution.HIGH)), "running.json", id);

        assertEquals(6, aws.alarms().size());
        for (MetricAlarm alarm : aws.alarms().values()) {
            assertEquals(10, alarm.period(), alarm.alarmName());
            assertEquals(6, alarm.evaluationPeriods(), alarm.alarmName());
            assertEquals(3, alarm.datapointsToAlarm(), alarm.alarmName());
        }
        assertEquals("cpu_usage_active", aws.alarms().get("web-" + id + "-cpu-critical").metricName());
    }

    /** Switching alarmResolution needs no migration: the next reconcile tick puts every alarm at the new period. */
    @Test
    void theReconcileAfterASwitchToHighResolutionPutsEveryAlarmAtTenSeconds() {
        String id = aws.launch(Emulated.GROUP);
        aws.send(handler, "running.json", id);

        aws.send(aws.handler(Fixtures.atResolution(config, AlarmResolution.HIGH)), "scheduled.json", null);

        assertEquals(6, aws.alarms().size());
        aws.alarms().values().forEach(alarm -> assertEquals(10, alarm.period(), alarm.alarmName()));
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
}
