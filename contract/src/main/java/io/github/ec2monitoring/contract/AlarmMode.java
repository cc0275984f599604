package io.github.ec2monitoring.contract;

/**
 * Who watches each instance: six alarms per instance that instance-detector makes on launch and removes on
 * termination, or six Metrics Insights alarms per group that watch every instance of it as a contributor.
 */
public enum AlarmMode implements Choice {
    PER_INSTANCE,
    FLEET
}
