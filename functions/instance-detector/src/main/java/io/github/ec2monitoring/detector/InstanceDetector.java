package io.github.ec2monitoring.detector;

import io.github.ec2monitoring.contract.AlarmMode;
import io.github.ec2monitoring.contract.StoppedInstances;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.cloudwatch.model.Tag;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;

/** Performs what an instance state change or a reconcile tick calls for: alarms and the instance profile. */
public final class InstanceDetector {

    static final String GROUP_TAG = "aws:autoscaling:groupName";
    static final String INSTANCE_NOT_FOUND = "InvalidInstanceID.NotFound";
    /** AssociateIamInstanceProfile's answer when an association exists or is still being made. */
    static final String ASSOCIATION_EXISTS = "IncorrectState";
    /** No prefix may start with '~', so no detector may write this alarm, and the priming write is always refused. */
    static final String PRIMING_ALARM = "~snapstart-priming-refused";
    /** DescribeAlarms answers at most 100 alarms a page (50 unless asked). */
    static final int DESCRIBE_PAGE = 100;
    /** DeleteAlarms takes at most 100 names per call. */
    static final int DELETE_BATCH = 100;
    /** A reconcile run stops changing things when less time than this is left, so it never times out mid-call. */
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(15);

    private final DetectorConfig config;
    private final AlarmPlanner planner;
    private final Ec2Client ec2;
    private final CloudWatchClient cloudWatch;
    private final Pacer alarmWrites;

    public InstanceDetector(DetectorConfig config, Ec2Client ec2, CloudWatchClient cloudWatch) {
        this.config = config;
        this.alarmWrites = new Pacer(config.alarmWritesPerSecond());
        this.planner = new AlarmPlanner(config);
        this.ec2 = ec2;
        this.cloudWatch = cloudWatch;
    }

    public Outcome handle(StateChange change) {
        return switch (StateChange.actionFor(change.state(), config.stoppedInstances())) {
            case ENSURE_ALARMS -> ensure(change);
            case REMOVE_ALARMS -> remove(change, "instance is " + change.state());
            case IGNORE -> Outcome.ignored(change, "state '" + change.state() + "' needs no action");
        };
    }

    /**
     * Acts on the instance's current state, not only the event's: a late "running" event for an instance that has
     * terminated since then must not create alarms again.
     */
    private Outcome ensure(StateChange change) {
        Optional<Instance> found = describe(change.instanceId());
        if (found.isEmpty()) {
            return remove(change, "instance no longer exists");
        }
        Instance instance = found.get();
        String group = groupOf(instance);
        if (group == null || !config.autoScalingGroupNames().contains(group)) {
            return Outcome.ignored(change, group == null
                    ? "instance belongs to no Auto Scaling group"
                    : "instance belongs to Auto Scaling group '" + group + "', which is not monitored");
        }
        String current = instance.state().nameAsString();
        StateChange.Action action = StateChange.actionFor(current, config.stoppedInstances());
        if (action == StateChange.Action.REMOVE_ALARMS) {
            return remove(change, "instance is " + current + " by now");
        }
        String profile = ensureInstanceProfile(instance);
        if (config.alarmMode() == AlarmMode.FLEET) {
            return new Outcome(change.instanceId(), change.state(), "fleet-watched", List.of(), List.of(), profile,
                    "group " + group + ": its fleet alarms watch the instance once its metrics arrive");
        }
        List<AlarmSpec> wanted = planner.alarmsFor(change.instanceId(), group);
        Map<String, ExistingAlarm> existing = existingAlarms(wanted.stream().map(AlarmSpec::name).toList());
        List<String> put = new ArrayList<>();
        for (AlarmSpec spec : wanted) {
            ExistingAlarm alarm = existing.get(spec.name());
            if (alarm == null || !spec.isSatisfiedBy(alarm)) {
                alarmWrites.acquire();
                cloudWatch.putMetricAlarm(toRequest(spec));
                put.add(spec.name());
            }
        }
        return new Outcome(change.instanceId(), change.state(), "alarms-ensured", put, List.of(), profile,
                "group " + group + ", " + (wanted.size() - put.size()) + " alarms already in place");
    }

    private Outcome remove(StateChange change, String why) {
        if (config.alarmMode() == AlarmMode.FLEET) {
            return new Outcome(change.instanceId(), change.state(), "fleet-watched", List.of(), List.of(),
                    "not-needed", why + "; the fleet alarms drop it when its metrics stop, and the reconcile removes "
                            + "any per-instance alarm left from before");
        }
        List<String> existing = List.copyOf(existingAlarms(planner.alarmNamesFor(change.instanceId())).keySet());
        if (!existing.isEmpty()) {
            alarmWrites.acquire();
            cloudWatch.deleteAlarms(request -> request.alarmNames(existing));
        }
        return new Outcome(change.instanceId(), change.state(), "alarms-removed", List.of(),
                existing.stream().sorted().toList(), "not-needed", why);
    }

    /**
     * For SnapStart's priming: reads a few of the account's instances (so reading a real one is primed), plans a
     * launch and a reconcile, and sends one alarm write that CloudWatch refuses twice over: its name is outside any
     * prefix the function may write (IAM denies it) and its period is invalid.
     */
    void prime(String instanceId) {
        try {
            ec2.describeInstances(request -> request.maxResults(5)).reservations().forEach(Reservation::instances);
        } catch (SdkException refused) {
            // Throttled or denied: priming goes on with what it has.
        }
        List<PutMetricAlarmRequest> requests = planner.alarmsFor(instanceId).stream()
                .map(InstanceDetector::toRequest).toList();
        ReconcilePlan.of(planner, config.alarmMode(), Map.of(instanceId, "priming"), List.of());
        try {
            alarmWrites.acquire();
            cloudWatch.putMetricAlarm(requests.get(0).toBuilder().alarmName(PRIMING_ALARM).period(7).build());
        } catch (SdkException refused) {
            // Refused, as intended: the request, its signing and the error's reading are primed.
        }
    }

    /**
     * Deletes every alarm this detector names, whatever instance it is for, in batches of 100 at the detector's pace;
     * other alarms under the prefix are left alone. For the stack's deletion.
     *
     * @return how many were deleted
     */
    int removeAllAlarms(Supplier<Duration> remainingTime) {
        List<String> owned = alarmsUnderPrefix().stream()
                .map(MetricAlarm::alarmName)
                .filter(name -> planner.instanceIdOf(name).isPresent())
                .toList();
        for (int from = 0; from < owned.size(); from += DELETE_BATCH) {
            if (remainingTime.get().compareTo(SAFETY_MARGIN) < 0) {
                throw new IllegalStateException("time ran out with " + (owned.size() - from) + " alarms left");
            }
            List<String> batch = owned.subList(from, Math.min(from + DELETE_BATCH, owned.size()));
            alarmWrites.acquire();
            cloudWatch.deleteAlarms(request -> request.alarmNames(batch));
        }
        return owned.size();
    }

    /** Every metric alarm whose name starts with the prefix, read in CloudWatch's largest pages. */
    private List<MetricAlarm> alarmsUnderPrefix() {
        List<MetricAlarm> alarms = new ArrayList<>();
        cloudWatch.describeAlarmsPaginator(request -> request
                        .alarmNamePrefix(planner.namePrefix())
                        .alarmTypes(AlarmType.METRIC_ALARM)
                        .maxRecords(DESCRIBE_PAGE))
                .metricAlarms()
                .forEach(alarms::add);
        return alarms;
    }

    /**
     * Makes the per-instance alarms under the prefix exactly those of the group's live instances; in fleet mode, none.
     */
    public ReconcileOutcome reconcile(Supplier<Duration> remainingTime) {
        List<Instance> live = liveInstances();
        Set<String> liveIds = live.stream().map(Instance::instanceId).collect(Collectors.toSet());
        Map<String, String> liveGroups = live.stream()
                .collect(Collectors.toMap(Instance::instanceId, InstanceDetector::groupOf, (a, b) -> a));
        Set<String> quiet = new java.util.TreeSet<>(config.autoScalingGroupNames());
        quiet.removeAll(liveGroups.values());
        List<ExistingAlarm> existing = alarmsUnderPrefix().stream().map(InstanceDetector::toExisting).toList();
        ReconcilePlan plan = ReconcilePlan.of(planner, config.alarmMode(), liveGroups, existing);

        List<String> failures = new ArrayList<>();
        List<String> put = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        List<String> attached = new ArrayList<>();
        boolean complete = true;
        for (AlarmSpec spec : plan.toPut()) {
            if (remainingTime.get().compareTo(SAFETY_MARGIN) < 0) {
                complete = false;
                break;
            }
            try {
                alarmWrites.acquire();
                cloudWatch.putMetricAlarm(toRequest(spec));
                put.add(spec.name());
            } catch (SdkException e) {
                failures.add(spec.name() + ": " + e.getMessage());
            }
        }
        List<String> toDelete = plan.toDelete();
        for (int from = 0; complete && from < toDelete.size(); from += DELETE_BATCH) {
            if (remainingTime.get().compareTo(SAFETY_MARGIN) < 0) {
                complete = false;
                break;
            }
            List<String> batch = toDelete.subList(from, Math.min(from + DELETE_BATCH, toDelete.size()));
            try {
                alarmWrites.acquire();
                cloudWatch.deleteAlarms(request -> request.alarmNames(batch));
                deleted.addAll(batch);
            } catch (SdkException e) {
                failures.add("delete of " + batch.size() + " alarms: " + e.getMessage());
            }
        }
        if (complete && config.attachInstanceProfile()) {
            attachMissingProfiles(live, attached, failures);
        }
        return new ReconcileOutcome(liveIds.size(), existing.size(), put, deleted, attached, failures, complete,
                List.copyOf(quiet));
    }

    private List<Instance> liveInstances() {
        List<String> states = new ArrayList<>(List.of("pending", "running"));
        if (config.stoppedInstances() == StoppedInstances.KEEP) {
            states.addAll(List.of("stopping", "stopped"));
        }
        List<Instance> instances = new ArrayList<>();
        ec2.describeInstancesPaginator(request -> request.filters(
                        Filter.builder().name("tag:" + GROUP_TAG).values(config.autoScalingGroupNames()).build(),
                        Filter.builder().name("instance-state-name").values(states).build()))
                .reservations()
                .forEach(reservation -> instances.addAll(reservation.instances()));
        return instances;
    }

    private void attachMissingProfiles(List<Instance> live, List<String> attached, List<String> failures) {
        List<String> withoutProfile = live.stream()
                .filter(instance -> instance.iamInstanceProfile() == null)
                .filter(instance -> "running".equals(instance.state().nameAsString()))
                .map(Instance::instanceId)
                .toList();
        if (withoutProfile.isEmpty()) {
            return;
        }
        for (String instanceId : withoutProfile) {
            try {
                if (associate(instanceId)) {
                    attached.add(instanceId);
                }
            } catch (SdkException e) {
                failures.add(instanceId + " profile: " + e.getMessage());
            }
        }
    }

    private Map<String, ExistingAlarm> existingAlarms(List<String> names) {
        return cloudWatch.describeAlarms(request -> request.alarmNames(names).alarmTypes(AlarmType.METRIC_ALARM))
                .metricAlarms().stream()
                .map(InstanceDetector::toExisting)
                .collect(Collectors.toMap(ExistingAlarm::name, alarm -> alarm, (a, b) -> a));
    }

    private Optional<Instance> describe(String instanceId) {
        try {
            return ec2.describeInstances(request -> request.instanceIds(instanceId)).reservations().stream()
                    .map(Reservation::instances)
                    .flatMap(List::stream)
                    .findFirst();
        } catch (Ec2Exception e) {
            if (e.awsErrorDetails() != null && INSTANCE_NOT_FOUND.equals(e.awsErrorDetails().errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static String groupOf(Instance instance) {
        return instance.tags().stream()
                .filter(tag -> GROUP_TAG.equals(tag.key()))
                .map(software.amazon.awssdk.services.ec2.model.Tag::value)
                .findFirst()
                .orElse(null);
    }

    /**
     * Attaches the configured profile when the instance has none; never replaces another one. DescribeInstances
     * already says which profile is associated, so no further lookup is needed.
     */
    private String ensureInstanceProfile(Instance instance) {
        if (!config.attachInstanceProfile()) {
            return "disabled";
        }
        if (instance.iamInstanceProfile() != null) {
            return config.instanceProfileArn().equals(instance.iamInstanceProfile().arn()) ? "present" : "other-profile";
        }
        return associate(instance.instanceId()) ? "attached" : "associating";
    }

    /** @return false when EC2 says an association exists already (one still being made is not yet described) */
    private boolean associate(String instanceId) {
        try {
            ec2.associateIamInstanceProfile(request -> request
                    .instanceId(instanceId)
                    .iamInstanceProfile(profile -> profile.arn(config.instanceProfileArn())));
            return true;
        } catch (Ec2Exception e) {
            if (e.awsErrorDetails() != null && ASSOCIATION_EXISTS.equals(e.awsErrorDetails().errorCode())) {
                return false;
            }
            throw e;
        }
    }

    static ExistingAlarm toExisting(MetricAlarm alarm) {
        return new ExistingAlarm(
                alarm.alarmName(),
                alarm.namespace(),
                alarm.metricName(),
                alarm.dimensions().stream().collect(Collectors.toMap(Dimension::name, Dimension::value, (a, b) -> a)),
                alarm.statisticAsString(),
                alarm.period() == null ? 0 : alarm.period(),
                alarm.evaluationPeriods() == null ? 0 : alarm.evaluationPeriods(),
                alarm.datapointsToAlarm() == null ? 0 : alarm.datapointsToAlarm(),
                alarm.threshold() == null ? Double.NaN : alarm.threshold(),
                alarm.comparisonOperatorAsString(),
                alarm.treatMissingData() == null ? "missing" : alarm.treatMissingData(),
                alarm.alarmActions(),
                alarm.okActions(),
                alarm.insufficientDataActions());
    }

    static PutMetricAlarmRequest toRequest(AlarmSpec spec) {
        return PutMetricAlarmRequest.builder()
                .alarmName(spec.name())
                .alarmDescription(spec.description())
                .namespace(spec.namespace())
                .metricName(spec.metricName())
                .dimensions(spec.dimensions().entrySet().stream()
                        .map(entry -> Dimension.builder().name(entry.getKey()).value(entry.getValue()).build())
                        .toList())
                .statistic(Statistic.fromValue(spec.statistic()))
                .period(spec.periodSeconds())
                .evaluationPeriods(spec.evaluationPeriods())
                .datapointsToAlarm(spec.datapointsToAlarm())
                .threshold(spec.threshold())
                .comparisonOperator(ComparisonOperator.fromValue(spec.comparisonOperator()))
                .treatMissingData(spec.treatMissingData())
                .alarmActions(spec.actionTopicArn())
                .okActions(spec.actionTopicArn())
                .insufficientDataActions(spec.insufficientDataTopicArns())
                .tags(Tag.builder().key("managed-by").value("instance-detector").build())
                .build();
    }
}
