package io.github.ec2monitoring.contract;

/**
 * How fast the CPU, memory and disk alarms see a breach. {@code standard}: the agent collects every 60 s and each
 * alarm needs 3 of 5 one-minute periods. {@code high}: the agent collects those metrics every 10 s and publishes
 * them at high resolution, and each alarm needs 3 of 6 ten-second periods: a breach of 30 s within a minute, so a
 * single 10-second spike still never alarms. High-resolution alarms cost three times a standard one.
 */
public enum AlarmResolution implements Choice {
    STANDARD,
    HIGH;

    /** The alarms' period, and the agent's collection interval for the alarmed metrics. */
    public int periodSeconds() {
        return this == HIGH ? 10 : 60;
    }

    public int evaluationPeriods() {
        return this == HIGH ? 6 : 5;
    }

    /** Three breaching periods at either resolution: a single spike never alarms. */
    public int datapointsToAlarm() {
        return 3;
    }
}
