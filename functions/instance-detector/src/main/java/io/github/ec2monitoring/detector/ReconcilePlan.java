package io.github.ec2monitoring.detector;

import io.github.ec2monitoring.contract.AlarmMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the reconciler must change so the per-instance alarms under the prefix are exactly those of the live instances:
 * create missing or drifted alarms, delete alarms of instances that are gone. In fleet mode no instance is owed one,
 * so every per-instance alarm left from before the switch is deleted. Alarms under the prefix that are not
 * per-instance alarms (the stack's fleet alarms) are never touched. Pure; the AWS calls are made elsewhere.
 */
public record ReconcilePlan(List<AlarmSpec> toPut, List<String> toDelete) {

    /** @param liveInstances each live instance's id and its Auto Scaling group */
    public static ReconcilePlan of(AlarmPlanner planner, AlarmMode mode,
            Map<String, String> liveInstances, List<ExistingAlarm> existing) {
        Set<String> liveInstanceIds = mode == AlarmMode.FLEET ? Set.of() : liveInstances.keySet();
        Map<String, ExistingAlarm> byName = existing.stream()
                .collect(Collectors.toMap(ExistingAlarm::name, Function.identity(), (a, b) -> a));
        List<AlarmSpec> toPut = new ArrayList<>();
        for (String instanceId : liveInstanceIds.stream().sorted().toList()) {
            for (AlarmSpec spec : planner.alarmsFor(instanceId, liveInstances.get(instanceId))) {
                ExistingAlarm current = byName.get(spec.name());
                if (current == null || !spec.isSatisfiedBy(current)) {
                    toPut.add(spec);
                }
            }
        }
        List<String> toDelete = existing.stream()
                .map(ExistingAlarm::name)
                .filter(name -> planner.instanceIdOf(name).map(id -> !liveInstanceIds.contains(id)).orElse(false))
                .sorted()
                .toList();
        return new ReconcilePlan(List.copyOf(toPut), toDelete);
    }
}
