package io.github.ec2monitoring.detector;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
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

/** Performs what an instance state change calls for: alarms and the instance profile. */
public final class InstanceDetector {

    static final String GROUP_TAG = "aws:autoscaling:groupName";
    static final String INSTANCE_NOT_FOUND = "InvalidInstanceID.NotFound";

    private final DetectorConfig config;
    private final AlarmPlanner planner;
    private final Ec2Client ec2;
    private final CloudWatchClient cloudWatch;

    public InstanceDetector(DetectorConfig config, Ec2Client ec2, CloudWatchClient cloudWatch) {
        this.config = config;
        this.planner = new AlarmPlanner(config);
        this.ec2 = ec2;
        this.cloudWatch = cloudWatch;
    }

    public Outcome handle(StateChange change) {
        return switch (change.action()) {
            case ENSURE_ALARMS -> ensure(change);
            case REMOVE_ALARMS -> remove(change);
            case IGNORE -> Outcome.ignored(change, "state '" + change.state() + "' needs no action");
        };
    }

    private Outcome ensure(StateChange change) {
        Optional<Instance> found = describe(change.instanceId());
        if (found.isEmpty()) {
            return Outcome.ignored(change, "instance no longer exists");
        }
        Instance instance = found.get();
        String group = instance.tags().stream()
                .filter(tag -> GROUP_TAG.equals(tag.key()))
                .map(software.amazon.awssdk.services.ec2.model.Tag::value)
                .findFirst()
                .orElse(null);
        if (!config.autoScalingGroupName().equals(group)) {
            return Outcome.ignored(change, group == null
                    ? "instance belongs to no Auto Scaling group"
                    : "instance belongs to Auto Scaling group '" + group + "', which is not monitored");
        }
        boolean attached = ensureInstanceProfile(instance);
        List<AlarmSpec> alarms = planner.alarmsFor(change.instanceId());
        alarms.forEach(spec -> cloudWatch.putMetricAlarm(toRequest(spec)));
        return new Outcome(change.instanceId(), change.state(), "alarms-ensured",
                alarms.stream().map(AlarmSpec::name).toList(), List.of(), attached, "group " + group);
    }

    private Outcome remove(StateChange change) {
        List<String> existing = cloudWatch.describeAlarms(request -> request.alarmNames(
                        planner.alarmNamesFor(change.instanceId())))
                .metricAlarms().stream()
                .map(MetricAlarm::alarmName)
                .toList();
        if (!existing.isEmpty()) {
            cloudWatch.deleteAlarms(request -> request.alarmNames(existing));
        }
        return new Outcome(change.instanceId(), change.state(), "alarms-removed", List.of(), existing, false,
                existing.isEmpty() ? "no alarms existed" : "deleted");
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

    /** Returns true when this call attached the profile; an instance that already has one is left alone. */
    private boolean ensureInstanceProfile(Instance instance) {
        if (instance.iamInstanceProfile() != null) {
            return false;
        }
        boolean pending = !ec2.describeIamInstanceProfileAssociations(request -> request.filters(
                        Filter.builder().name("instance-id").values(instance.instanceId()).build(),
                        Filter.builder().name("state").values("associating", "associated").build()))
                .iamInstanceProfileAssociations().isEmpty();
        if (pending) {
            return false;
        }
        ec2.associateIamInstanceProfile(request -> request
                .instanceId(instance.instanceId())
                .iamInstanceProfile(profile -> profile.arn(config.instanceProfileArn())));
        return true;
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
                .tags(Tag.builder().key("managed-by").value("instance-detector").build())
                .build();
    }
}
