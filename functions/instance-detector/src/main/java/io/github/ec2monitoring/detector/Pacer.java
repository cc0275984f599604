package io.github.ec2monitoring.detector;

/**
 * Spaces calls evenly at a rate: CloudWatch allows PutMetricAlarm and DeleteAlarms a few times a second per account,
 * shared by every concurrent detector, so each one keeps to its share instead of being throttled and backing off.
 */
final class Pacer {

    private final long intervalNanos;
    private long next = System.nanoTime();

    Pacer(double perSecond) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("a pace must be above 0 per second, got " + perSecond);
        }
        this.intervalNanos = (long) (1e9 / perSecond);
    }

    /** Waits until the next call may be made. */
    synchronized void acquire() {
        long now = System.nanoTime();
        long wait = next - now;
        next = Math.max(now, next) + intervalNanos;
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pacing CloudWatch calls", e);
            }
        }
    }
}
