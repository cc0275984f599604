package io.github.ec2monitoring.detector;

/** An EC2 instance state-change notification, reduced to what the detector acts on. */
public record StateChange(String instanceId, String state) {

    /** What the detector does for a state. */
    public enum Action {
        ENSURE_ALARMS,
        REMOVE_ALARMS,
        IGNORE
    }

    public Action action() {
        return switch (state) {
            case "running" -> Action.ENSURE_ALARMS;
            case "terminated" -> Action.REMOVE_ALARMS;
            default -> Action.IGNORE;
        };
    }
}
