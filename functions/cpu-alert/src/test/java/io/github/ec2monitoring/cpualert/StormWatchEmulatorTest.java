package io.github.ec2monitoring.cpualert;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ec2monitoring.standins.MotoServer;
import io.github.ec2monitoring.standins.PostedTransitionsTable;
import io.github.ec2monitoring.testsupport.MotoServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Two containers telling a storm from the queue and agreeing on its summary, on a clock only their waits move. */
@ExtendWith(MotoServerExtension.class)
class StormWatchEmulatorTest {

    private static final String TABLE = "storm-posted-transitions";
    private static final int THRESHOLD = 10;

    private final DynamoDbClient dynamo = MotoServer.client(DynamoDbClient.builder());
    private final SqsClient sqs = MotoServer.client(SqsClient.builder());
    private Instant now = Instant.parse("2026-11-24T06:31:00Z");
    private final List<Duration> slept = new ArrayList<>();
    /** Notifications that arrive during each wait. */
    private int arrivingPerWait;
    private String queueUrl;

    @BeforeEach
    void emptyQueueAndTable() {
        PostedTransitionsTable.create(dynamo, TABLE);
        queueUrl = sqs.createQueue(r -> r.queueName("storm-" + System.nanoTime())).queueUrl();
    }

    private StormWatch container() {
        return new StormWatch(sqs, queueUrl, dynamo, TABLE, THRESHOLD, () -> now, wait -> {
            slept.add(wait);
            now = now.plus(wait);
            enqueue(arrivingPerWait);
        });
    }

    private void enqueue(int notifications) {
        for (int i = 0; i < notifications; i++) {
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("notification"));
        }
    }

    @Test
    void aLoneAlarmInACalmQueueIsCalmAtOnce() throws InterruptedException {
        enqueue(1);

        assertThat(container().look(1)).isEqualTo(new StormWatch.Look(false, 1, null));
        assertThat(slept).isEmpty();
    }

    @Test
    void aCalmPairWaitsOneStillSecondForMore() throws InterruptedException {
        enqueue(2);

        assertThat(container().look(2).storm()).isFalse();
        assertThat(slept).containsExactly(StormWatch.SETTLE);
    }

    @Test
    void threeAlarmsThatStayThreeAreCalmAfterTwoStillSeconds() throws InterruptedException {
        enqueue(3);

        assertThat(container().look(3)).isEqualTo(new StormWatch.Look(false, 3, null));
        assertThat(slept).containsExactly(StormWatch.SETTLE, StormWatch.SETTLE);
    }

    @Test
    void aBurstThatPausesForASecondIsStillSeen() throws InterruptedException {
        enqueue(3);
        StormWatch watch = new StormWatch(sqs, queueUrl, dynamo, TABLE, THRESHOLD, () -> now, wait -> {
            slept.add(wait);
            now = now.plus(wait);
            enqueue(slept.size() == 1 ? 0 : 8);
        });

        assertThat(watch.look(3).storm()).isTrue();
        assertThat(slept).hasSize(2);
    }

    @Test
    void aQueueThatKeepsFillingIsWatchedUntilItCrossesTheThreshold() throws InterruptedException {
        enqueue(3);
        arrivingPerWait = 3;

        StormWatch.Look look = container().look(3);

        assertThat(look.storm()).isTrue();
        assertThat(look.waiting()).isEqualTo(12);
        assertThat(slept).hasSize(3);
    }

    @Test
    void theTailOfAStormBelowTheThresholdIsStillPartOfIt() throws InterruptedException {
        StormWatch watch = container();
        watch.join();
        watch.summaryOut();
        enqueue(1);

        assertThat(watch.look(1).storm()).isTrue();
        assertThat(slept).isEmpty();

        now = now.plus(StormWatch.QUIET).plusSeconds(1);
        assertThat(watch.look(1).storm()).as("quiet for two minutes: calm again").isFalse();
    }

    @Test
    void aSummaryIsPendingFromTheStormsOpeningUntilItIsOut() throws InterruptedException {
        StormWatch watch = container();
        assertThat(watch.summaryPending()).isFalse();

        watch.join();
        assertThat(watch.summaryPending()).isTrue();

        watch.summaryOut();
        assertThat(watch.summaryPending()).isFalse();
    }

    @Test
    void theFirstContainerOpensTheStormAndTheSecondWaitsForItsSummary() throws InterruptedException {
        StormWatch first = container();
        StormWatch second = container();

        assertThat(first.join()).isEqualTo(StormWatch.Part.OPENED);
        first.summaryOut();

        assertThat(second.join()).isEqualTo(StormWatch.Part.SUMMARY_OUT);
        assertThat(slept).isEmpty();
    }

    @Test
    void aSummaryThatFailedIsTakenOverByTheNextBatch() throws InterruptedException {
        StormWatch first = container();
        first.join();
        first.summaryFailed();

        assertThat(container().join()).isEqualTo(StormWatch.Part.OPENED);
    }

    @Test
    void aSummaryClaimSilentForItsStaleTimeIsTakenOver() throws InterruptedException {
        container().join();

        assertThat(container().join()).isEqualTo(StormWatch.Part.OPENED)
                .as("a claim silent for %s is taken over", StormWatch.STALE_CLAIM);
        assertThat(slept.stream().reduce(Duration.ZERO, Duration::plus)).isGreaterThan(StormWatch.STALE_CLAIM);
    }

    @Test
    void withoutItsTableNoSummaryIsAgreedAndTheDetailsGoWithoutIt() throws InterruptedException {
        StormWatch unrecorded = new StormWatch(sqs, queueUrl, dynamo, "no-such-table", THRESHOLD, () -> now,
                wait -> { });

        assertThat(unrecorded.join()).isEqualTo(StormWatch.Part.UNRECORDED);
    }

    @Test
    void afterTwoQuietMinutesTheNextStormGetsItsOwnSummary() throws InterruptedException {
        StormWatch watch = container();
        watch.join();
        watch.summaryOut();
        now = now.plus(StormWatch.QUIET).plusSeconds(1);

        assertThat(watch.join()).isEqualTo(StormWatch.Part.OPENED);
    }
}
