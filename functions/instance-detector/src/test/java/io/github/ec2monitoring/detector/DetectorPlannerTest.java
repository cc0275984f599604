package io.github.ec2monitoring.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.contract.AlarmResolution;
import io.github.ec2monitoring.contract.StoppedInstances;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Both paths decided without AWS: what an event asks for, and what a reconcile tick must change. */
class DetectorPlannerTest {

    private static final String PROFILE = "arn:aws:iam::123456789012:instance-profile/web";
    private static final String ID = "i-0abcdef1234567890";
    private final DetectorConfig config = Fixtures.config("web-asg", PROFILE);
    private final DetectorPlanner planner = new DetectorPlanner(config);

    private static InstanceView instance(String state, String group, String profile) {
        return new InstanceView(ID, state, group, profile);
    }

    private DetectorPlanner.EventPlan running(InstanceView found) {
        return planner.afterLookup(new StateChange(ID, "running"), Optional.ofNullable(found));
    }

    @Test
    void aRunningInstanceOfAWatchedGroupGetsItsSixAlarmsAndTheProfileWhenItHasNone() {
        var ensure = assertInstanceOf(DetectorPlanner.EnsureAlarms.class, running(instance("running", "web-asg", null)));

        assertEquals(planner.alarms().alarmsFor(ID, "web-asg"), ensure.wanted());
        assertEquals(DetectorPlanner.ProfileStep.ATTACH, ensure.profile());
    }

    @Test
    void anotherProfileIsNeverReplacedAndTheSameOneIsLeftAlone() {
        assertEquals(DetectorPlanner.ProfileStep.OTHER_PROFILE,
                planner.profileStep(instance("running", "web-asg", "arn:aws:iam::123456789012:instance-profile/x")));
        assertEquals(DetectorPlanner.ProfileStep.PRESENT, planner.profileStep(instance("running", "web-asg", PROFILE)));
    }

    @Test
    void instancesOfNoGroupOrAnotherGroupAreIgnored() {
        assertEquals(new DetectorPlanner.Ignore("instance belongs to no Auto Scaling group"),
                running(instance("running", null, null)));
        assertEquals(new DetectorPlanner.Ignore("instance belongs to Auto Scaling group 'batch', which is not "
                + "monitored"), running(instance("running", "batch", null)));
    }

    @Test
    void aLateRunningEventForAnInstanceThatIsGoneOrTerminatedRemovesItsAlarms() {
        var gone = assertInstanceOf(DetectorPlanner.RemoveAlarms.class, running(null));
        assertEquals(planner.alarms().alarmNamesFor(ID), gone.candidates());
        assertEquals("instance no longer exists", gone.why());

        var terminated = assertInstanceOf(DetectorPlanner.RemoveAlarms.class,
                running(instance("terminated", "web-asg", null)));
        assertEquals("instance is terminated by now", terminated.why());
    }

    @Test
    void inFleetModeNoAlarmIsPlannedButTheProfileStillIs() {
        DetectorPlanner fleet = new DetectorPlanner(Fixtures.inMode(config, AlarmMode.FLEET));

        var watched = assertInstanceOf(DetectorPlanner.WatchedByFleet.class, fleet.afterLookup(
                new StateChange(ID, "running"), Optional.of(instance("running", "web-asg", null))));
        assertEquals(DetectorPlanner.ProfileStep.ATTACH, watched.profile());
        assertInstanceOf(DetectorPlanner.WatchedByFleet.class, fleet.removal(new StateChange(ID, "terminated"), "x"));
    }

    @Test
    void onlyMissingOrDriftedAlarmsArePut() {
        List<AlarmSpec> wanted = planner.alarms().alarmsFor(ID, "web-asg");
        AlarmSpec kept = wanted.get(0);
        ExistingAlarm same = new ExistingAlarm(kept.name(), kept.namespace(), kept.metricName(), kept.dimensions(),
                kept.statistic(), kept.periodSeconds(), kept.evaluationPeriods(), kept.datapointsToAlarm(),
                kept.threshold(), kept.comparisonOperator(), kept.treatMissingData(), List.of(kept.actionTopicArn()),
                List.of(kept.actionTopicArn()), kept.insufficientDataTopicArns());

        assertEquals(wanted.subList(1, wanted.size()), DetectorPlanner.toPut(wanted, Map.of(kept.name(), same)));
    }

    @Test
    void aTickAttachesProfilesOnlyToRunningInstancesWithoutOneAndNamesQuietGroups() {
        DetectorConfig two = new DetectorConfig("web", java.util.Set.of("web-asg", "api-asg"), PROFILE, true,
                Fixtures.WARNING, Fixtures.CRITICAL, Fixtures.THRESHOLDS, StoppedInstances.KEEP, 3,
                AlarmMode.PER_INSTANCE, AlarmResolution.STANDARD);
        DetectorPlanner.TickPlan tick = new DetectorPlanner(two).reconcile(List.of(
                new InstanceView("i-00000001", "running", "web-asg", null),
                new InstanceView("i-00000002", "pending", "web-asg", null),
                new InstanceView("i-00000003", "running", "web-asg", PROFILE)), List.of());

        assertEquals(List.of("i-00000001"), tick.profilesToAttach());
        assertEquals(List.of("api-asg"), tick.groupsWithoutInstances());
        assertEquals(18, tick.alarms().toPut().size());
    }

    @Test
    void keepingStoppedInstancesReadsTheirAlarmsAsLive() {
        assertEquals(List.of("pending", "running", "stopping", "stopped"), planner.liveStates());
        DetectorPlanner removing = new DetectorPlanner(Fixtures.config("web-asg", PROFILE, true,
                StoppedInstances.REMOVE));
        assertEquals(List.of("pending", "running"), removing.liveStates());
    }

    @Test
    void theStacksDeletionRemovesOnlyPerInstanceAlarms() {
        List<String> names = List.of("web-" + ID + "-cpu-warning", "web-fleet-web-tier-cpu-warning", "web-hand-made");

        assertEquals(List.of("web-" + ID + "-cpu-warning"), planner.owned(names));
    }
}
