package io.github.ec2monitoring.infrastructure.constructs;

import java.util.Arrays;

/**
 * Who watches each instance: six alarms per instance that instance-detector makes on launch and removes on
 * termination, or six Metrics Insights alarms per group that watch every instance of it as a contributor.
 */
public enum AlarmMode {
    PER_INSTANCE("per-instance"),
    FLEET("fleet");

    private final String value;

    AlarmMode(String value) {
        this.value = value;
    }

    /** As written in cdk.json and in instance-detector's environment. */
    public String value() {
        return value;
    }

    public static AlarmMode of(String value) {
        return Arrays.stream(values()).filter(mode -> mode.value.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("alarmMode must be per-instance or fleet, got "
                        + value));
    }
}
