package io.github.ec2monitoring.contract;

/** Keep a stopped instance's alarms (they go to INSUFFICIENT_DATA), or remove them until it runs again. */
public enum StoppedInstances implements Choice {
    KEEP,
    REMOVE
}
