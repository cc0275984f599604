package io.github.ec2monitoring.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.ec2monitoring.contract.AlarmMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcilePlanTest {

    private final AlarmPlanner planner = new AlarmPlanner(Fixtures.config("web-asg", "arn"));

    private static ExistingAlarm existing(AlarmSpec spec) {
        return new ExistingAlarm(spec.name(), spec.namespace(), spec.metricName(), spec.dimensions(), spec.statistic(),
                spec.periodSeconds(), spec.evaluationPeriods(), spec.datapointsToAlarm(), spec.threshold(),
                spec.comparisonOperator(), spec.treatMissingData(), List.of(spec.actionTopicArn()),
                List.of(spec.actionTopicArn()), spec.insufficientDataTopicArns());
    }

    private List<ExistingAlarm> allFor(String... instanceIds) {
        List<ExistingAlarm> alarms = new ArrayList<>();
        for (String id : instanceIds) {
            planner.alarmsFor(id).forEach(spec -> alarms.add(existing(spec)));
        }
        return alarms;
    }

    @Test
    void nothingToDoWhenEveryLiveInstanceHasItsAlarms() {
        ReconcilePlan plan = ReconcilePlan.of(planner, AlarmMode.PER_INSTANCE, Map.of("i-00000001", "web-asg", "i-00000002", "web-asg"),
                allFor("i-00000001", "i-00000002"));

        assertEquals(List.of(), plan.toPut());
        assertEquals(List.of(), plan.toDelete());
    }

    @Test
    void putsOnlyTheMissingAlarms() {
        List<ExistingAlarm> alarms = allFor("i-00000001");
        alarms.remove(0);

        ReconcilePlan plan = ReconcilePlan.of(planner, AlarmMode.PER_INSTANCE, Map.of("i-00000001", "web-asg"), alarms);

        assertEquals(List.of("web-i-00000001-cpu-warning"), plan.toPut().stream().map(AlarmSpec::name).toList());
    }

    @Test
    void putsAnAlarmWhoseThresholdDrifted() {
        List<ExistingAlarm> alarms = allFor("i-00000001");
        ExistingAlarm cpu = alarms.get(1);
        alarms.set(1, new ExistingAlarm(cpu.name(), cpu.namespace(), cpu.metricName(), cpu.dimensions(),
                cpu.statistic(), cpu.periodSeconds(), cpu.evaluationPeriods(), cpu.datapointsToAlarm(), 95.0,
                cpu.comparisonOperator(), cpu.treatMissingData(), cpu.alarmActions(), cpu.okActions(),
                cpu.insufficientDataActions()));

        ReconcilePlan plan = ReconcilePlan.of(planner, AlarmMode.PER_INSTANCE, Map.of("i-00000001", "web-asg"), alarms);

        assertEquals(List.of("web-i-00000001-cpu-critical"), plan.toPut().stream().map(AlarmSpec::name).toList());
    }

    @Test
    void deletesAlarmsOfGoneInstancesAndLeavesForeignNamesAlone() {
        List<ExistingAlarm> alarms = allFor("i-00000001", "i-00000002");
        ExistingAlarm template = alarms.get(0);
        alarms.add(otherAlarm("web-hand-made", template, template.dimensions()));

        ReconcilePlan plan = ReconcilePlan.of(planner, AlarmMode.PER_INSTANCE, Map.of("i-00000001", "web-asg"), alarms);

        assertEquals(planner.alarmNamesFor("i-00000002").stream().sorted().toList(), plan.toDelete());
        assertEquals(List.of(), plan.toPut());
    }

    @Test
    void inFleetModeEveryPerInstanceAlarmIsLeftOverAndNoneIsPut() {
        List<ExistingAlarm> alarms = allFor("i-00000001", "i-00000002");
        ExistingAlarm template = alarms.get(0);
        alarms.add(otherAlarm("web-fleet-web-asg-cpu-warning", template, Map.of()));

        ReconcilePlan plan = ReconcilePlan.of(planner, AlarmMode.FLEET,
                Map.of("i-00000001", "web-asg", "i-00000002", "web-asg"), alarms);

        List<String> perInstance = new ArrayList<>(planner.alarmNamesFor("i-00000001"));
        perInstance.addAll(planner.alarmNamesFor("i-00000002"));
        assertEquals(perInstance.stream().sorted().toList(), plan.toDelete());
        assertEquals(List.of(), plan.toPut());
    }

    /** The metrics carry only the instance id: the description names the group, for people and for cpu-alert. */
    @Test
    void eachAlarmsDescriptionEndsWithTheInstancesGroup() {
        AlarmPlanner planner = new AlarmPlanner(Fixtures.config("shop-web", "arn"));

        for (AlarmSpec spec : planner.alarmsFor("i-00000001", "shop-web")) {
            org.junit.jupiter.api.Assertions.assertTrue(spec.description().endsWith(
                    AlarmPlanner.GROUP_SUFFIX + "shop-web."), spec.description());
        }
    }

    /** An alarm under the prefix that is none of the planner's per-instance alarms, made like another one. */
    private static ExistingAlarm otherAlarm(String name, ExistingAlarm like, Map<String, String> dimensions) {
        return new ExistingAlarm(name, like.namespace(), like.metricName(), dimensions, like.statistic(), 60, 5, 3, 60,
                like.comparisonOperator(), "missing", List.of(), List.of(), List.of());
    }
}
