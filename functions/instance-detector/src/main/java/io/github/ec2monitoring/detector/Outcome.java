package io.github.ec2monitoring.detector;

import java.util.List;

/**
 * What the detector did for one event; logged as one JSON line and returned to the caller.
 *
 * @param instanceProfile "attached", "present", "other-profile", "associating", "disabled" or "not-needed"
 */
public record Outcome(
        String instanceId,
        String state,
        String action,
        List<String> alarmsCreated,
        List<String> alarmsDeleted,
        String instanceProfile,
        String detail) {

    static Outcome ignored(StateChange change, String why) {
        return new Outcome(change.instanceId(), change.state(), "ignored", List.of(), List.of(), "not-needed", why);
    }

    static Outcome rejected(String why) {
        return new Outcome(null, null, "rejected", List.of(), List.of(), "not-needed", why);
    }
}
