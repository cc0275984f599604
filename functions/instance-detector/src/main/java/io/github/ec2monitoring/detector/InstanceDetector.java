package io.github.ec2monitoring.detector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Carries out what an instance state change or a reconcile tick calls for: {@link DetectorPlanner} decides,
 * {@link DetectorAws} makes the calls.
 */
public final class InstanceDetector {

    /** No prefix may start with '~', so no detector may write this alarm, and the priming write is always refused. */
    static final String PRIMING_ALARM = "~snapstart-priming-refused";
    /** A reconcile run stops changing things when less time than this is left, so it never times out mid-call. */
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(15);

    private final DetectorConfig config;
    private final DetectorPlanner planner;
    private final DetectorAws aws;

    public InstanceDetector(DetectorConfig config, Ec2Client ec2, CloudWatchClient cloudWatch) {
        this.config = config;
        this.planner = new DetectorPlanner(config);
        this.aws = new DetectorAws(ec2, cloudWatch, config.alarmWritesPerSecond());
    }

    public Outcome handle(StateChange change) {
        return switch (planner.firstStep(change)) {
            case ENSURE_ALARMS -> carryOut(change, planner.afterLookup(change, aws.describe(change.instanceId())));
            case REMOVE_ALARMS -> carryOut(change, planner.removal(change, "instance is " + change.state()));
            case IGNORE -> Outcome.ignored(change, "state '" + change.state() + "' needs no action");
        };
    }

    private Outcome carryOut(StateChange change, DetectorPlanner.EventPlan plan) {
        if (plan instanceof DetectorPlanner.Ignore ignore) {
            return Outcome.ignored(change, ignore.why());
        }
        if (plan instanceof DetectorPlanner.RemoveAlarms remove) {
            List<String> existing = aws.alarms(remove.candidates()).keySet().stream().sorted().toList();
            if (!existing.isEmpty()) {
                aws.delete(existing);
            }
            return new Outcome(change.instanceId(), change.state(), "alarms-removed", List.of(), existing,
                    "not-needed", remove.why());
        }
        if (plan instanceof DetectorPlanner.WatchedByFleet fleet) {
            return new Outcome(change.instanceId(), change.state(), "fleet-watched", List.of(), List.of(),
                    fleet.profile() == null ? "not-needed" : profile(change.instanceId(), fleet.profile()),
                    fleet.why());
        }
        DetectorPlanner.EnsureAlarms ensure = (DetectorPlanner.EnsureAlarms) plan;
        String profile = profile(change.instanceId(), ensure.profile());
        Map<String, ExistingAlarm> existing = aws.alarms(ensure.wanted().stream().map(AlarmSpec::name).toList());
        List<String> put = new ArrayList<>();
        for (AlarmSpec spec : DetectorPlanner.toPut(ensure.wanted(), existing)) {
            aws.put(spec);
            put.add(spec.name());
        }
        return new Outcome(change.instanceId(), change.state(), "alarms-ensured", put, List.of(), profile,
                "group " + ensure.group() + ", " + (ensure.wanted().size() - put.size()) + " alarms already in place");
    }

    /** Attaches the profile when the plan says so; "associating" when EC2 says an association is under way. */
    private String profile(String instanceId, DetectorPlanner.ProfileStep step) {
        if (step != DetectorPlanner.ProfileStep.ATTACH) {
            return step.reported();
        }
        return aws.associate(instanceId, config.instanceProfileArn()) ? "attached" : "associating";
    }

    /**
     * For SnapStart's priming: reads a few of the account's instances (so reading a real one is primed), plans a
     * launch and a reconcile, and sends one alarm write that CloudWatch refuses twice over: its name is outside any
     * prefix the function may write (IAM denies it) and its period is invalid.
     */
    void prime(String instanceId) {
        List<AlarmSpec> launch = planner.alarms().alarmsFor(instanceId);
        launch.forEach(DetectorAws::toRequest);
        InstanceView fixture = new InstanceView(instanceId, "running", "priming", null);
        planner.afterLookup(new StateChange(instanceId, "running"), java.util.Optional.of(fixture));
        planner.reconcile(List.of(fixture), List.of());
        AlarmSpec refused = launch.get(0);
        aws.prime(new AlarmSpec(PRIMING_ALARM, refused.description(), refused.namespace(), refused.metricName(),
                refused.dimensions(), refused.statistic(), refused.periodSeconds(), refused.evaluationPeriods(),
                refused.datapointsToAlarm(), refused.threshold(), refused.comparisonOperator(),
                refused.treatMissingData(), refused.actionTopicArn(), refused.insufficientDataTopicArns()));
    }

    /**
     * Deletes every alarm this detector names, whatever instance it is for, in batches of 100 at the detector's pace;
     * other alarms under the prefix are left alone. For the stack's deletion.
     *
     * @return how many were deleted
     */
    int removeAllAlarms(Supplier<Duration> remainingTime) {
        List<String> owned = planner.owned(aws.alarmsUnder(planner.alarms().namePrefix()).stream()
                .map(ExistingAlarm::name).toList());
        for (int from = 0; from < owned.size(); from += DetectorAws.DELETE_BATCH) {
            if (remainingTime.get().compareTo(SAFETY_MARGIN) < 0) {
                throw new IllegalStateException("time ran out with " + (owned.size() - from) + " alarms left");
            }
            aws.delete(owned.subList(from, Math.min(from + DetectorAws.DELETE_BATCH, owned.size())));
        }
        return owned.size();
    }

    /**
     * Makes the per-instance alarms under the prefix exactly those of the group's live instances; in fleet mode, none.
     */
    public ReconcileOutcome reconcile(Supplier<Duration> remainingTime) {
        List<InstanceView> live = aws.instances(config.autoScalingGroupNames(), planner.liveStates());
        List<ExistingAlarm> existing = aws.alarmsUnder(planner.alarms().namePrefix());
        DetectorPlanner.TickPlan tick = planner.reconcile(live, existing);

        List<String> failures = new ArrayList<>();
        List<String> put = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        List<String> attached = new ArrayList<>();
        boolean complete = true;
        for (AlarmSpec spec : tick.alarms().toPut()) {
            if (remainingTime.get().compareTo(SAFETY_MARGIN) < 0) {
                complete = false;
                break;
            }
            try {
                aws.put(spec);
                put.add(spec.name());
            } catch (SdkException e) {
                failures.add(spec.name() + ": " + e.getMessage());
            }
        }
        List<String> toDelete = tick.alarms().toDelete();
        for (int from = 0; complete && from < toDelete.size(); from += DetectorAws.DELETE_BATCH) {
            if (remainingTime.get().compareTo(SAFETY_MARGIN) < 0) {
                complete = false;
                break;
            }
            List<String> batch = toDelete.subList(from, Math.min(from + DetectorAws.DELETE_BATCH, toDelete.size()));
            try {
                aws.delete(batch);
                deleted.addAll(batch);
            } catch (SdkException e) {
                failures.add("delete of " + batch.size() + " alarms: " + e.getMessage());
            }
        }
        for (String instanceId : complete ? tick.profilesToAttach() : List.<String>of()) {
            try {
                if (aws.associate(instanceId, config.instanceProfileArn())) {
                    attached.add(instanceId);
                }
            } catch (SdkException e) {
                failures.add(instanceId + " profile: " + e.getMessage());
            }
        }
        return new ReconcileOutcome((int) live.stream().map(InstanceView::id).distinct().count(), existing.size(),
                put, deleted, attached, failures, complete, tick.groupsWithoutInstances());
    }
}
