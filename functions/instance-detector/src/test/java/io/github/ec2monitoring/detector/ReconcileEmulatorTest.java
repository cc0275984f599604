package io.github.ec2monitoring.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.contract.AlarmResolution;
import io.github.ec2monitoring.contract.StoppedInstances;
import io.github.ec2monitoring.standins.AwsFront;
import io.github.ec2monitoring.standins.CallCounter;
import io.github.ec2monitoring.standins.MotoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmResponse;

/** The scheduled reconcile mode against moto server: drift in either direction ends in the exact alarm set. */
class ReconcileEmulatorTest extends DetectorEmulatorFixture {

    private ObjectNode reconcile(InstanceDetectorHandler handler) {
        return aws.send(handler, "scheduled.json", null);
    }

    private Set<String> expectedFor(List<String> instanceIds) {
        AlarmPlanner planner = new AlarmPlanner(config);
        Set<String> names = new TreeSet<>();
        instanceIds.forEach(id -> names.addAll(planner.alarmNamesFor(id)));
        return names;
    }

    @Test
    void recreatesAlarmsDeletedBehindTheFunctionsBackAndOnlyThose() {
        InstanceDetectorHandler handler = aws.handler(config);
        List<String> ids = aws.launch(Emulated.GROUP, 3);
        ids.forEach(id -> aws.send(handler, "running.json", id));
        List<String> removed = List.of("web-" + ids.get(0) + "-cpu-warning", "web-" + ids.get(2) + "-disk-critical");
        aws.cloudWatch.deleteAlarms(r -> r.alarmNames(removed));
        aws.calls.reset();

        ObjectNode outcome = reconcile(handler);

        assertEquals(removed.stream().sorted().toList(),
                Emulated.JSON.convertValue(outcome.get("alarmsPut"), List.class).stream().sorted().toList());
        assertEquals(2, aws.calls.count("PutMetricAlarm"));
        assertEquals(expectedFor(ids), new TreeSet<>(aws.alarms().keySet()));
    }

    @Test
    void deletesOrphansOfGoneInstancesAndKeepsHandMadeAlarms() {
        InstanceDetectorHandler handler = aws.handler(config);
        List<String> ids = aws.launch(Emulated.GROUP, 2);
        ids.forEach(id -> aws.send(handler, "running.json", id));
        AlarmPlanner planner = new AlarmPlanner(config);
        planner.alarmsFor("i-0fedcba9876543210").forEach(spec -> aws.cloudWatch.putMetricAlarm(
                DetectorAws.toRequest(spec)));
        aws.cloudWatch.putMetricAlarm(DetectorAws.toRequest(planner.alarmsFor(ids.get(0)).get(0)).toBuilder()
                .alarmName("web-hand-made").build());

        ObjectNode outcome = reconcile(handler);

        assertEquals(6, outcome.get("alarmsDeleted").size());
        Set<String> expected = expectedFor(ids);
        expected.add("web-hand-made");
        assertEquals(expected, new TreeSet<>(aws.alarms().keySet()));
    }

    @Test
    void deletesInBatchesOfOneHundred() {
        InstanceDetectorHandler handler = aws.handler(config);
        AlarmPlanner planner = new AlarmPlanner(config);
        for (int i = 0; i < 25; i++) {
            String gone = String.format("i-%017x", 0xdead0000L + i);
            planner.alarmsFor(gone).forEach(spec -> aws.cloudWatch.putMetricAlarm(DetectorAws.toRequest(spec)));
        }
        aws.calls.reset();

        ObjectNode outcome = reconcile(handler);

        assertEquals(150, outcome.get("alarmsDeleted").size());
        assertEquals(2, aws.calls.count("DeleteAlarms"));
        assertTrue(aws.alarms().isEmpty());
    }

    @Test
    void aSecondRunWithNothingToChangeOnlyReads() {
        InstanceDetectorHandler handler = aws.handler(config);
        aws.launch(Emulated.GROUP, 5);
        reconcile(handler);
        aws.calls.reset();

        ObjectNode outcome = reconcile(handler);

        assertEquals(0, outcome.get("alarmsPut").size());
        assertEquals(Set.of("DescribeAlarms", "DescribeInstances"), aws.calls.snapshot().keySet());
    }

    @Test
    void attachesMissingProfilesOfLiveInstances() {
        InstanceDetectorHandler handler = aws.handler(config);
        List<String> ids = aws.launch(Emulated.GROUP, 2);

        ObjectNode outcome = reconcile(handler);

        assertEquals(2, outcome.get("profilesAttached").size());
        ids.forEach(id -> assertEquals(aws.profileArn, aws.associations(id).get(0).iamInstanceProfile().arn()));
    }

    @Test
    void aFailedAlarmDoesNotBlockTheOthersAndTheRunFailsForARetry() {
        List<String> ids = aws.launch(Emulated.GROUP, 2);
        String poisoned = "web-" + ids.get(0) + "-cpu-warning";
        CloudWatchClient failingOne = new CloudWatchClient() {
            @Override
            public PutMetricAlarmResponse putMetricAlarm(PutMetricAlarmRequest request) {
                if (request.alarmName().equals(poisoned)) {
                    throw CloudWatchException.builder().message("injected failure").statusCode(500).build();
                }
                return aws.cloudWatch.putMetricAlarm(request);
            }

            @Override
            public software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse describeAlarms(
                    software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest request) {
                return aws.cloudWatch.describeAlarms(request);
            }

            @Override
            public String serviceName() {
                return aws.cloudWatch.serviceName();
            }

            @Override
            public void close() {}
        };
        InstanceDetectorHandler handler = new InstanceDetectorHandler(config, aws.ec2, failingOne, aws.decisions::add);

        var error = assertThrows(InstanceDetectorHandler.ReconcileFailedException.class, () -> reconcile(handler));

        assertTrue(error.getMessage().startsWith("1 changes failed"), error.getMessage());
        Set<String> expected = expectedFor(ids);
        expected.remove(poisoned);
        assertEquals(expected, new TreeSet<>(aws.alarms().keySet()));
        assertTrue(aws.decisions.get(0).contains("\"Failures\":1"), aws.decisions.get(0));
    }

    @Test
    void stopsChangingThingsWhenTheInvocationRunsOutOfTime() {
        aws.launch(Emulated.GROUP, 2);
        InstanceDetector detector = new InstanceDetector(config, aws.ec2, aws.cloudWatch);

        ReconcileOutcome outcome = detector.reconcile(() -> Duration.ofSeconds(5));

        assertFalse(outcome.complete());
        assertEquals(List.of(), outcome.alarmsPut());
        assertTrue(aws.alarms().isEmpty());
    }

    @Test
    void instancesOfOtherGroupsGetNoAlarms() {
        aws.launch("another-asg", 2);
        List<String> ours = aws.launch(Emulated.GROUP, 1);

        reconcile(aws.handler(config));

        assertEquals(expectedFor(ours), new TreeSet<>(aws.alarms().keySet()));
    }

    @Test
    void aBurstOf200LaunchesThen150TerminationsEndsInTheExactAlarmSet() {
        InstanceDetectorHandler handler = aws.handler(config);
        List<String> ids = new ArrayList<>(aws.launch(Emulated.GROUP, 200));
        // With the profile, as the stack's launch template gives it (moto applies neither a template's profile nor,
        // past the first instance, RunInstances' own).
        ids.forEach(id -> aws.ec2.associateIamInstanceProfile(r -> r.instanceId(id)
                .iamInstanceProfile(p -> p.arn(aws.profileArn))));
        aws.calls.reset();
        long started = System.nanoTime();

        ids.forEach(id -> aws.send(handler, "running.json", id));
        int launchCalls = aws.calls.total();
        List<String> terminated = ids.subList(0, 150);
        aws.ec2.terminateInstances(r -> r.instanceIds(terminated));
        aws.calls.reset();
        terminated.forEach(id -> aws.send(handler, "terminated.json", id));
        int terminateCalls = aws.calls.total();
        double seconds = (System.nanoTime() - started) / 1e9;

        List<String> remaining = ids.subList(150, 200);
        assertEquals(expectedFor(remaining), new TreeSet<>(aws.alarms().keySet()));
        System.out.printf("burst: 200 launches, %.1f AWS calls per instance; 150 terminations, %.1f per instance; "
                + "%.1f s against the emulator%n", launchCalls / 200.0, terminateCalls / 150.0, seconds);
        // Per launch: DescribeInstances (which holds the profile), DescribeAlarms, 6 x PutMetricAlarm.
        // Per termination: DescribeAlarms, DeleteAlarms.
        assertEquals(8 * 200, launchCalls);
        assertEquals(2 * 150, terminateCalls);
        ObjectNode check = reconcile(handler);
        assertEquals(0, check.get("alarmsPut").size());
        assertEquals(0, check.get("alarmsDeleted").size());
    }

    /** A launch whose alarm writes CloudWatch keeps throttling fails, and the next reconcile tick repairs it. */
    @Test
    void theReconcileRepairsWhatAThrottledLaunchCouldNotWrite() throws java.io.IOException {
        String id = aws.launch(Emulated.GROUP);
        try (AwsFront front = new AwsFront(MotoServer.endpoint())) {
            front.always("PutMetricAlarm", AwsFront.Answer.queryError(400, "Throttling", "Rate exceeded"));
            CloudWatchClient throttled = MotoServer.client(CloudWatchClient.builder(), new CallCounter(),
                    front.endpoint(), ClientOverrideConfiguration.builder().retryStrategy(AwsRetryStrategy.doNotRetry()).build());
            InstanceDetectorHandler starved = new InstanceDetectorHandler(config, aws.ec2, throttled,
                    aws.decisions::add);

            assertThrows(CloudWatchException.class, () -> aws.send(starved, "running.json", id));
        }
        assertTrue(aws.alarms().isEmpty());

        ObjectNode repaired = reconcile(aws.handler(config));

        assertEquals(6, repaired.get("alarmsPut").size());
        assertEquals(expectedFor(List.of(id)), new TreeSet<>(aws.alarms().keySet()));
    }

    private DetectorConfig watching(String... groups) {
        return new DetectorConfig("web", Set.of(groups), aws.profileArn, true, Fixtures.WARNING, Fixtures.CRITICAL,
                Fixtures.THRESHOLDS, StoppedInstances.KEEP, Fixtures.ALARM_WRITES_PER_SECOND,
                AlarmMode.PER_INSTANCE, AlarmResolution.STANDARD);
    }

    /** Groups people already run: each listed group's instances are watched, an unlisted one's are not. */
    @Test
    void instancesOfTwoExistingGroupsGetTheirAlarmsAndAThirdUnlistedGroupGetsNothing() {
        String shop = aws.launch("shop-web");
        String api = aws.launch("api-web");
        String other = aws.launch("batch-workers");
        InstanceDetectorHandler handler = aws.handler(watching("shop-web", "api-web"));

        List.of(shop, api, other).forEach(id -> aws.send(handler, "running.json", id));

        assertEquals(expectedFor(List.of(shop, api)), new TreeSet<>(aws.alarms().keySet()));
        assertTrue(aws.alarms().get("web-" + shop + "-cpu-warning").alarmDescription()
                .endsWith(AlarmPlanner.GROUP_SUFFIX + "shop-web."));
        assertTrue(aws.alarms().get("web-" + api + "-disk-critical").alarmDescription()
                .endsWith(AlarmPlanner.GROUP_SUFFIX + "api-web."));
    }

    /** A listed group that does not exist is said once per tick, in the run's own line; nothing fails or retries. */
    @Test
    void aListedGroupWithNoInstanceIsReportedOncePerTickAndFailsNothing() {
        String id = aws.launch(Emulated.GROUP);

        ObjectNode outcome = reconcile(aws.handler(watching(Emulated.GROUP, "no-such-group")));

        assertEquals("[\"no-such-group\"]", outcome.get("groupsWithoutInstances").toString());
        assertEquals(0, outcome.get("failures").size());
        assertEquals(expectedFor(List.of(id)), new TreeSet<>(aws.alarms().keySet()));
        assertEquals(1, aws.decisions.stream().filter(line -> line.contains("no-such-group")).count());
    }
}
