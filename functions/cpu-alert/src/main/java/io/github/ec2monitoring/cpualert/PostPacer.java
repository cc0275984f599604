package io.github.ec2monitoring.cpualert;

import java.time.Duration;
import java.util.Optional;

/** Keeps requests to the Slack webhook within the one message a second it accepts. */
interface PostPacer {

    /** Waits; a test passes one that records instead. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * Waits for the next turn to send a request and takes it; how long it waited. Empty, at once and taking nothing,
     * when the turn comes later than {@code within}: the invocation would end before it.
     */
    Optional<Duration> awaitTurn(Duration within) throws InterruptedException;

    /** Slack said to wait (429): no request before then. */
    void holdFor(Duration wait);
}
