package io.github.ec2monitoring.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ec2monitoring.contract.AlarmMode;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Fleet mode against moto server: the stack's Metrics Insights alarms watch the instances, so the detector makes no
 * alarm call for a launch or a termination, still attaches the profile, and its reconcile leaves exactly the alarms
 * of the chosen mode after a switch in either direction.
 */
class FleetModeEmulatorTest extends DetectorEmulatorFixture {

    private static final List<String> ALARM_OPERATIONS = List.of("DescribeAlarms", "PutMetricAlarm", "DeleteAlarms");
    /** As the stack names its fleet alarms: under the prefix, never shaped like a per-instance alarm. */
    private static final String FLEET_ALARM = "web-fleet-web-asg-cpu-warning";

    private int alarmCalls() {
        return ALARM_OPERATIONS.stream().mapToInt(aws.calls::count).sum();
    }

    private void putFleetAlarmAsTheStackWould() {
        AlarmPlanner planner = new AlarmPlanner(config);
        aws.cloudWatch.putMetricAlarm(DetectorAws.toRequest(planner.alarmsFor("i-00000000000000001").get(0))
                .toBuilder().alarmName(FLEET_ALARM).dimensions(List.of()).build());
    }

    @Test
    void aLaunchInFleetModeMakesNoAlarmCallAndStillAttachesTheProfile() {
        String id = aws.launch(Emulated.GROUP);
        aws.calls.reset();

        ObjectNode outcome = aws.send(aws.handler(fleet()), "running.json", id);

        assertEquals("fleet-watched", outcome.get("action").asText());
        assertEquals("attached", outcome.get("instanceProfile").asText());
        assertEquals(0, alarmCalls(), aws.calls.snapshot().toString());
        assertEquals(2, aws.calls.total(), "DescribeInstances and AssociateIamInstanceProfile only");
        assertEquals(aws.profileArn, aws.associations(id).get(0).iamInstanceProfile().arn());
        assertEquals(Set.of(), aws.alarms().keySet());
    }

    @Test
    void aTerminationInFleetModeMakesNoAlarmCall() {
        String id = aws.launch(Emulated.GROUP);
        aws.ec2.terminateInstances(r -> r.instanceIds(id));
        aws.calls.reset();

        ObjectNode outcome = aws.send(aws.handler(fleet()), "terminated.json", id);

        assertEquals("fleet-watched", outcome.get("action").asText());
        assertEquals(0, alarmCalls(), aws.calls.snapshot().toString());
    }

    @Test
    void switchingFromPerInstanceToFleetLeavesOnlyTheFleetAlarms() {
        List<String> ids = aws.launch(Emulated.GROUP, 3);
        InstanceDetectorHandler before = aws.handler(config);
        ids.forEach(id -> aws.send(before, "running.json", id));
        putFleetAlarmAsTheStackWould();
        assertEquals(3 * 6 + 1, aws.alarms().size());

        ObjectNode outcome = aws.send(aws.handler(fleet()), "scheduled.json", null);

        assertEquals(18, outcome.get("alarmsDeleted").size());
        assertEquals(0, outcome.get("alarmsPut").size());
        assertEquals(Set.of(FLEET_ALARM), aws.alarms().keySet());
    }

    @Test
    void switchingFromFleetToPerInstanceGivesEveryLiveInstanceItsAlarms() {
        List<String> ids = aws.launch(Emulated.GROUP, 3);
        InstanceDetectorHandler before = aws.handler(fleet());
        ids.forEach(id -> aws.send(before, "running.json", id));
        assertEquals(Set.of(), aws.alarms().keySet());

        ObjectNode outcome = aws.send(aws.handler(config), "scheduled.json", null);

        assertEquals(18, outcome.get("alarmsPut").size());
        AlarmPlanner planner = new AlarmPlanner(config);
        Set<String> expected = new TreeSet<>();
        ids.forEach(id -> expected.addAll(planner.alarmNamesFor(id)));
        assertEquals(expected, new TreeSet<>(aws.alarms().keySet()));
    }

    private DetectorConfig fleet() {
        return Fixtures.inMode(config, AlarmMode.FLEET);
    }
}
