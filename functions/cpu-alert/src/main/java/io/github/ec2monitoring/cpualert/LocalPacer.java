package io.github.ec2monitoring.cpualert;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Spaces this container's requests to Slack on its own: at most one per interval, and none before a 429's
 * Retry-After has passed. Used when the shared pace cannot be read, with the interval times the containers that post
 * at once, so that together they still stay within what the webhook accepts.
 */
final class LocalPacer implements PostPacer {

    private final Duration interval;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long nextAllowed;
    private boolean started;

    LocalPacer(Duration interval, LongSupplier nanoTime, Sleeper sleeper) {
        this.interval = interval;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    static LocalPacer realTime(Duration interval) {
        return new LocalPacer(interval, System::nanoTime, duration -> Thread.sleep(duration.toMillis()));
    }

    @Override
    public synchronized Optional<Duration> awaitTurn(Duration within) throws InterruptedException {
        long now = nanoTime.getAsLong();
        Duration waited = Duration.ZERO;
        if (started && nextAllowed - now > 0) {
            waited = Duration.ofNanos(nextAllowed - now);
            if (waited.compareTo(within) > 0) {
                return Optional.empty();
            }
            sleeper.sleep(waited);
            now = nextAllowed;
        }
        started = true;
        nextAllowed = now + interval.toNanos();
        return Optional.of(waited);
    }

    @Override
    public synchronized void holdFor(Duration wait) {
        long until = nanoTime.getAsLong() + wait.toNanos();
        if (!started || until - nextAllowed > 0) {
            nextAllowed = until;
            started = true;
        }
    }
}
