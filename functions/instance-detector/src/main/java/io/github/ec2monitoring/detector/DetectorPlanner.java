package io.github.ec2monitoring.detector;

import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.contract.StoppedInstances;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Decides both paths of the detector from what AWS said, without calling it: what an instance state change asks
 * for, and what a reconcile tick must change. Pure; {@link DetectorAws} makes the calls.
 */
final class DetectorPlanner {

    /** What to do about the instance profile of an instance whose alarms are ensured. */
    enum ProfileStep {
        DISABLED("disabled"), PRESENT("present"), OTHER_PROFILE("other-profile"), ATTACH("attach");

        private final String reported;

        ProfileStep(String reported) {
            this.reported = reported;
        }

        /** As the outcome reports it, when no call was needed. */
        String reported() {
            return reported;
        }
    }

    /** What an event asks for, once the instance's current state is known. */
    sealed interface EventPlan permits Ignore, RemoveAlarms, WatchedByFleet, EnsureAlarms {}

    record Ignore(String why) implements EventPlan {}

    /** Delete whichever of {@code candidates} exist. */
    record RemoveAlarms(List<String> candidates, String why) implements EventPlan {}

    /** Fleet mode: the fleet alarms watch the instance; no alarm call, the profile still attached. */
    record WatchedByFleet(String group, ProfileStep profile, String why) implements EventPlan {}

    /** Put whichever of {@code wanted} are missing or drifted. */
    record EnsureAlarms(String group, List<AlarmSpec> wanted, ProfileStep profile) implements EventPlan {}

    /** What one reconcile tick must change. */
    record TickPlan(ReconcilePlan alarms, List<String> profilesToAttach, List<String> groupsWithoutInstances) {}

    private final DetectorConfig config;
    private final AlarmPlanner alarms;

    DetectorPlanner(DetectorConfig config) {
        this.config = config;
        this.alarms = new AlarmPlanner(config);
    }

    AlarmPlanner alarms() {
        return alarms;
    }

    /** What the event's own state asks for, before the instance is looked up. */
    StateChange.Action firstStep(StateChange change) {
        return StateChange.actionFor(change.state(), config.stoppedInstances());
    }

    /** The instance's alarms go (in fleet mode there are none to remove). */
    EventPlan removal(StateChange change, String why) {
        if (config.alarmMode() == AlarmMode.FLEET) {
            return new WatchedByFleet(null, null, why + "; the fleet alarms drop it when its metrics stop, and the "
                    + "reconcile removes any per-instance alarm left from before");
        }
        return new RemoveAlarms(alarms.alarmNamesFor(change.instanceId()), why);
    }

    /**
     * Acts on the instance's current state, not only the event's: a late "running" event for an instance that has
     * terminated since then must not create alarms again.
     */
    EventPlan afterLookup(StateChange change, Optional<InstanceView> found) {
        if (found.isEmpty()) {
            return removal(change, "instance no longer exists");
        }
        InstanceView instance = found.get();
        String group = instance.group();
        if (group == null || !config.autoScalingGroupNames().contains(group)) {
            return new Ignore(group == null
                    ? "instance belongs to no Auto Scaling group"
                    : "instance belongs to Auto Scaling group '" + group + "', which is not monitored");
        }
        if (StateChange.actionFor(instance.state(), config.stoppedInstances()) == StateChange.Action.REMOVE_ALARMS) {
            return removal(change, "instance is " + instance.state() + " by now");
        }
        ProfileStep profile = profileStep(instance);
        if (config.alarmMode() == AlarmMode.FLEET) {
            return new WatchedByFleet(group, profile, "group " + group
                    + ": its fleet alarms watch the instance once its metrics arrive");
        }
        return new EnsureAlarms(group, alarms.alarmsFor(change.instanceId(), group), profile);
    }

    /** Attaches the configured profile only where there is none; never replaces another one. */
    ProfileStep profileStep(InstanceView instance) {
        if (!config.attachInstanceProfile()) {
            return ProfileStep.DISABLED;
        }
        if (instance.profileArn() != null) {
            return config.instanceProfileArn().equals(instance.profileArn()) ? ProfileStep.PRESENT
                    : ProfileStep.OTHER_PROFILE;
        }
        return ProfileStep.ATTACH;
    }

    /** The alarms among {@code wanted} that do not exist, or exist with other settings. */
    static List<AlarmSpec> toPut(List<AlarmSpec> wanted, Map<String, ExistingAlarm> existing) {
        List<AlarmSpec> put = new ArrayList<>();
        for (AlarmSpec spec : wanted) {
            ExistingAlarm alarm = existing.get(spec.name());
            if (alarm == null || !spec.isSatisfiedBy(alarm)) {
                put.add(spec);
            }
        }
        return put;
    }

    /** The states whose instances keep their alarms: a reconcile tick reads these. */
    List<String> liveStates() {
        List<String> states = new ArrayList<>(List.of("pending", "running"));
        if (config.stoppedInstances() == StoppedInstances.KEEP) {
            states.addAll(List.of("stopping", "stopped"));
        }
        return states;
    }

    /** Makes the per-instance alarms under the prefix exactly those of the live instances; in fleet mode, none. */
    TickPlan reconcile(List<InstanceView> live, List<ExistingAlarm> existing) {
        Map<String, String> groups = live.stream()
                .collect(Collectors.toMap(InstanceView::id, instance -> String.valueOf(instance.group()), (a, b) -> a));
        Set<String> quiet = new TreeSet<>(config.autoScalingGroupNames());
        quiet.removeAll(groups.values());
        List<String> withoutProfile = !config.attachInstanceProfile() ? List.of() : live.stream()
                .filter(instance -> instance.profileArn() == null && "running".equals(instance.state()))
                .map(InstanceView::id)
                .toList();
        return new TickPlan(ReconcilePlan.of(alarms, config.alarmMode(), groups, existing), withoutProfile,
                List.copyOf(quiet));
    }

    /** The alarms among {@code names} that this detector names (per-instance ones), for the stack's deletion. */
    List<String> owned(List<String> names) {
        return names.stream().filter(name -> alarms.instanceIdOf(name).isPresent()).toList();
    }
}
