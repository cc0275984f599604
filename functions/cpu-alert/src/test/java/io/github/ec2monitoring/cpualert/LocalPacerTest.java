package io.github.ec2monitoring.cpualert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalPacerTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private long now = 1_000_000_000L;
    private final List<Duration> slept = new ArrayList<>();
    private final LocalPacer pacer = new LocalPacer(Duration.ofSeconds(2), () -> now, duration -> {
        slept.add(duration);
        now += duration.toNanos();
    });

    @Test
    void theFirstPostGoesAtOnceAndEachNextOneIntervalLater() throws InterruptedException {
        pacer.awaitTurn(MINUTE);
        now += Duration.ofMillis(300).toNanos();
        pacer.awaitTurn(MINUTE);
        pacer.awaitTurn(MINUTE);

        assertThat(slept).containsExactly(Duration.ofMillis(1700), Duration.ofSeconds(2));
    }

    @Test
    void aQuietPeriodLongerThanTheIntervalCostsNoWait() throws InterruptedException {
        pacer.awaitTurn(MINUTE);
        now += Duration.ofSeconds(5).toNanos();

        assertThat(pacer.awaitTurn(MINUTE)).hasValue(Duration.ZERO);
        assertThat(slept).isEmpty();
    }

    /** The next post waits for the longer of the two: the interval, or what Slack asked. */
    @Test
    void aRetryAfterHoldsTheNextPostOnlyWhenLongerThanTheInterval() throws InterruptedException {
        pacer.awaitTurn(MINUTE);
        pacer.holdFor(Duration.ofMillis(500));
        pacer.awaitTurn(MINUTE);
        pacer.holdFor(Duration.ofSeconds(30));
        pacer.awaitTurn(MINUTE);

        assertThat(slept).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(30));
    }

    @Test
    void aTurnLaterThanTheTimeLeftIsNotTakenNorWaitedFor() throws InterruptedException {
        pacer.awaitTurn(MINUTE);

        assertThat(pacer.awaitTurn(Duration.ofSeconds(1))).isEmpty();
        assertThat(slept).isEmpty();
        assertThat(pacer.awaitTurn(MINUTE)).hasValue(Duration.ofSeconds(2));
    }
}
