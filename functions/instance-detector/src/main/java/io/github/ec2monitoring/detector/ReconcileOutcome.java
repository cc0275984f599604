package io.github.ec2monitoring.detector;

import java.util.List;

/**
 * What one reconcile run found and changed.
 *
 * @param failures one line per alarm or instance whose change failed; the others were still made
 * @param complete false when the run stopped early for lack of time; the next run continues
 */
public record ReconcileOutcome(
        int liveInstances,
        int alarmsFound,
        List<String> alarmsPut,
        List<String> alarmsDeleted,
        List<String> profilesAttached,
        List<String> failures,
        boolean complete,
        List<String> groupsWithoutInstances) {}
