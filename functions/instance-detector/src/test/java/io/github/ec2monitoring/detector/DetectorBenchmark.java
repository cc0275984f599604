package io.github.ec2monitoring.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.contract.AlarmResolution;
import io.github.ec2monitoring.contract.StoppedInstances;
import io.github.ec2monitoring.standins.AwsFront;
import io.github.ec2monitoring.standins.CallCounter;
import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.standins.Quotas;
import io.github.ec2monitoring.standins.TestContext;
import io.github.ec2monitoring.testsupport.MotoServerExtension;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The detector at CloudWatch's and EC2's real quotas, through the quota front at speed 1. Not part of the suite (the
 * name matches no test pattern); run it with the command in the README. It prints the figures and asserts only that
 * the end state is right.
 */
@ExtendWith(MotoServerExtension.class)
class DetectorBenchmark {

    /** The event source mapping's maximumConcurrency, and its batch size. */
    private static final int CONCURRENCY = 2;
    private static final int BATCH = 10;
    /** SQS's maxReceiveCount before a message goes to the dead-letter queue. */
    private static final int MAX_RECEIVES = 5;
    private static final double ALARM_WRITE_QUOTA = 3;

    private record Message(String body, int receives) {}

    private static AwsFront front(AtomicInteger throttled) throws IOException {
        AwsFront.Rule quotas = Quotas.rule(1);
        return new AwsFront(MotoServer.endpoint()).pageDescribeAlarms().rule(operation -> {
            var answer = quotas.answer(operation);
            answer.ifPresent(refusal -> throttled.incrementAndGet());
            return answer;
        });
    }

    @Test
    void aBurstOf200LaunchesAtTheRealQuotaWithTwoConcurrentDetectors() throws Exception {
        burst(AlarmMode.PER_INSTANCE);
    }

    /** Fleet mode: the stack's fleet alarms watch the launches; the detector makes no alarm call at all. */
    @Test
    void aBurstOf200LaunchesInFleetMode() throws Exception {
        MotoServer.reset();
        burst(AlarmMode.FLEET);
    }

    private void burst(AlarmMode mode) throws Exception {
        Emulated aws = new Emulated();
        List<String> ids = aws.launch(Emulated.GROUP, 200);
        ids.forEach(id -> aws.ec2.associateIamInstanceProfile(r -> r.instanceId(id)
                .iamInstanceProfile(p -> p.arn(aws.profileArn))));
        AtomicInteger throttled = new AtomicInteger();
        CallCounter calls = new CallCounter();
        DetectorConfig config = aws.config();
        DetectorConfig share = new DetectorConfig(config.alarmNamePrefix(), config.autoScalingGroupNames(),
                config.instanceProfileArn(), true, config.warningTopicArn(), config.criticalTopicArn(),
                config.thresholds(), config.stoppedInstances(), ALARM_WRITE_QUOTA / CONCURRENCY, mode,
                config.alarmResolution());
        ConcurrentLinkedQueue<Message> queue = new ConcurrentLinkedQueue<>();
        for (String id : ids) {
            ObjectNode event = (ObjectNode) Emulated.JSON.readTree(Fixtures.resource("running.json"));
            ((ObjectNode) event.get("detail")).put("instance-id", id);
            queue.add(new Message(event.toString(), 0));
        }
        List<String> lost = new CopyOnWriteArrayList<>();
        try (AwsFront front = front(throttled)) {
            long started = System.nanoTime();
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < CONCURRENCY; w++) {
                // Each worker is one container: its own clients, so its own adaptive retry state.
                InstanceDetectorHandler handler = new InstanceDetectorHandler(share,
                        MotoServer.client(Ec2Client.builder(), calls, front.endpoint(),
                                InstanceDetectorHandler.clientOverrides()),
                        MotoServer.client(CloudWatchClient.builder(), calls, front.endpoint(),
                                InstanceDetectorHandler.clientOverrides()),
                        line -> { });
                Thread worker = new Thread(() -> work(handler, queue, lost));
                worker.start();
                workers.add(worker);
            }
            for (Thread worker : workers) {
                worker.join();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            int alarmCalls = calls.count("DescribeAlarms") + calls.count("PutMetricAlarm");
            if (mode == AlarmMode.FLEET) {
                System.out.printf("burst in fleet mode: 200 launches, %d concurrent detectors, %.1f s (no alarm-write "
                                + "floor), %d events lost, %.1f AWS calls per launch, %d of them alarm calls, %d calls "
                                + "throttled%n", CONCURRENCY, seconds, lost.size(), calls.total() / 200.0, alarmCalls,
                        throttled.get());
            } else {
                double floor = 200 * 6 / ALARM_WRITE_QUOTA;
                System.out.printf("burst at quota: 200 launches, %d concurrent detectors, %.0f s (floor %.0f s at %.0f "
                                + "PutMetricAlarm/s, %.2fx), %d events lost, %.1f AWS calls per launch, %d calls "
                                + "throttled%n", CONCURRENCY, seconds, floor, ALARM_WRITE_QUOTA, seconds / floor,
                        lost.size(), calls.total() / 200.0, throttled.get());
            }
        }
        assertEquals(List.of(), lost);
        assertEquals(mode == AlarmMode.FLEET ? 0 : 1200, aws.alarms().size());
    }

    private static void work(InstanceDetectorHandler handler, ConcurrentLinkedQueue<Message> queue, List<String> lost) {
        while (true) {
            List<Message> batch = new ArrayList<>();
            for (Message message; batch.size() < BATCH && (message = queue.poll()) != null; ) {
                batch.add(message);
            }
            if (batch.isEmpty()) {
                return;
            }
            ObjectNode event = Emulated.JSON.createObjectNode();
            ArrayNode records = event.putArray("Records");
            for (int i = 0; i < batch.size(); i++) {
                records.addObject().put("messageId", Integer.toString(i)).put("eventSource", "aws:sqs")
                        .put("body", batch.get(i).body());
            }
            try {
                ObjectNode response = Emulated.invoke(handler, Emulated.JSON.writeValueAsBytes(event),
                        new TestContext(line -> { }, 300_000));
                for (var failure : response.get("batchItemFailures")) {
                    Message failed = batch.get(Integer.parseInt(failure.get("itemIdentifier").asText()));
                    if (failed.receives() + 1 >= MAX_RECEIVES) {
                        lost.add(failed.body());
                    } else {
                        queue.add(new Message(failed.body(), failed.receives() + 1));
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Test
    void reconcileCallsPerTickAt200And2000Instances() throws Exception {
        for (int instances : new int[] {200, 2_000}) {
            MotoServer.reset();
            Emulated aws = new Emulated();
            List<String> ids = new ArrayList<>();
            for (int launched = 0; launched < instances; launched += 500) {
                ids.addAll(aws.launch(Emulated.GROUP, Math.min(500, instances - launched)));
            }
            CloudWatchClient direct = MotoServer.client(CloudWatchClient.builder());
            AlarmPlanner planner = new AlarmPlanner(aws.config());
            ids.parallelStream().forEach(id -> planner.alarmsFor(id).forEach(spec ->
                    direct.putMetricAlarm(DetectorAws.toRequest(spec))));
            AtomicInteger throttled = new AtomicInteger();
            CallCounter calls = new CallCounter();
            try (AwsFront front = front(throttled)) {
                InstanceDetector detector = new InstanceDetector(
                        new DetectorConfig("web", Set.of(Emulated.GROUP), aws.profileArn, false, Fixtures.WARNING,
                                Fixtures.CRITICAL, Fixtures.THRESHOLDS, StoppedInstances.KEEP, 1.5,
                                AlarmMode.PER_INSTANCE, AlarmResolution.STANDARD),
                        MotoServer.client(Ec2Client.builder(), calls, front.endpoint(),
                                InstanceDetectorHandler.clientOverrides()),
                        MotoServer.client(CloudWatchClient.builder(), calls, front.endpoint(),
                                InstanceDetectorHandler.clientOverrides()));
                long started = System.nanoTime();
                ReconcileOutcome outcome = detector.reconcile(() -> java.time.Duration.ofMinutes(5));
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf("reconcile tick: %d instances, %d alarms, %d AWS calls (%s), %.1f s, %d throttled%n",
                        instances, outcome.alarmsFound(), calls.total(), calls.snapshot(), seconds, throttled.get());
                assertEquals(0, outcome.alarmsPut().size() + outcome.alarmsDeleted().size());
            }
        }
    }
}
