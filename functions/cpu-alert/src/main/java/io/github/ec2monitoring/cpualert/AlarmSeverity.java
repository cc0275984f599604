package io.github.ec2monitoring.cpualert;

/** How urgent an alarm is; the topic that delivered it decides. */
public enum AlarmSeverity {
    CRITICAL,
    WARNING,
    UNKNOWN;

    /** From an alarm's name, for alarms that did not come through one of the stack's topics. */
    static AlarmSeverity fromName(String alarmName) {
        if (alarmName.endsWith("-critical") || alarmName.contains("Critical")) {
            return CRITICAL;
        }
        if (alarmName.endsWith("-warning") || alarmName.contains("Warning")) {
            return WARNING;
        }
        return UNKNOWN;
    }
}
