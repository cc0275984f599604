package io.github.ec2monitoring.cpualert;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Spaces this container's requests to Slack: at most one per interval, and none before a 429's Retry-After has
 * passed. The stack sets the interval to one second times the most containers that post at once, so that together
 * they stay within the one message a second an incoming webhook accepts.
 */
final class PostPacer {

    /** Waits; a test passes one that records instead. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Duration interval;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long nextAllowed;
    private boolean started;

    PostPacer(Duration interval, LongSupplier nanoTime, Sleeper sleeper) {
        this.interval = interval;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    static PostPacer realTime(Duration interval) {
        return new PostPacer(interval, System::nanoTime, duration -> Thread.sleep(duration.toMillis()));
    }

    /** Waits for this container's next turn and takes it; how long it waited. */
    synchronized Duration awaitTurn() throws InterruptedException {
        long now = nanoTime.getAsLong();
        Duration waited = Duration.ZERO;
        if (started && nextAllowed - now > 0) {
            waited = Duration.ofNanos(nextAllowed - now);
            sleeper.sleep(waited);
            now = nextAllowed;
        }
        started = true;
        nextAllowed = now + interval.toNanos();
        return waited;
    }

    /** Slack said to wait (429): no request from this container before then. */
    synchronized void holdFor(Duration wait) {
        long until = nanoTime.getAsLong() + wait.toNanos();
        if (!started || until - nextAllowed > 0) {
            nextAllowed = until;
            started = true;
        }
    }
}
