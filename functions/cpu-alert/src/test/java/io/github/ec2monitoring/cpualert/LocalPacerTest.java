package io.github.ec2monitoring.cpualert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalPacerTest {

    private long now = 1_000_000_000L;
    private final List<Duration> slept = new ArrayList<>();
    private final LocalPacer pacer = new LocalPacer(Duration.ofSeconds(2), () -> now, duration -> {
        slept.add(duration);
        now += duration.toNanos();
    });

    @Test
    void theFirstPostGoesAtOnceAndEachNextOneIntervalLater() throws InterruptedException {
        pacer.awaitTurn();
        now += Duration.ofMillis(300).toNanos();
        pacer.awaitTurn();
        pacer.awaitTurn();

        assertThat(slept).containsExactly(Duration.ofMillis(1700), Duration.ofSeconds(2));
    }

    @Test
    void aQuietPeriodLongerThanTheIntervalCostsNoWait() throws InterruptedException {
        pacer.awaitTurn();
        now += Duration.ofSeconds(5).toNanos();

        assertThat(pacer.awaitTurn()).isZero();
        assertThat(slept).isEmpty();
    }

    /** The next post waits for the longer of the two: the interval, or what Slack asked. */
    @Test
    void aRetryAfterHoldsTheNextPostOnlyWhenLongerThanTheInterval() throws InterruptedException {
        pacer.awaitTurn();
        pacer.holdFor(Duration.ofMillis(500));
        pacer.awaitTurn();
        pacer.holdFor(Duration.ofSeconds(30));
        pacer.awaitTurn();

        assertThat(slept).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(30));
    }
}
