package io.github.ec2monitoring.cpualert;

/** How urgent an alarm is; the topic that delivered it decides. */
public enum AlarmSeverity {
    CRITICAL,
    WARNING,
    UNKNOWN
}
