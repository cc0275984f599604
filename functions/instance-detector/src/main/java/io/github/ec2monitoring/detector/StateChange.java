package io.github.ec2monitoring.detector;

import io.github.ec2monitoring.contract.StoppedInstances;

/** An EC2 instance state-change notification, reduced to what the detector acts on. */
public record StateChange(String instanceId, String state) {

    /** What the detector does for an instance in a state. */
    public enum Action {
        ENSURE_ALARMS,
        REMOVE_ALARMS,
        IGNORE
    }

    /** The action for an instance state; used for the event's state and again for the instance's current one. */
    public static Action actionFor(String state, StoppedInstances stopped) {
        return switch (state) {
            case "running" -> Action.ENSURE_ALARMS;
            case "shutting-down", "terminated" -> Action.REMOVE_ALARMS;
            case "stopped" -> stopped == StoppedInstances.REMOVE ? Action.REMOVE_ALARMS : Action.IGNORE;
            default -> Action.IGNORE;
        };
    }
}
