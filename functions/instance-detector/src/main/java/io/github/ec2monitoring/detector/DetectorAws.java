package io.github.ec2monitoring.detector;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

/**
 * The detector's AWS calls and the mapping between SDK types and its own; decides nothing. Alarm writes keep to
 * the function's share of CloudWatch's write quota.
 */
final class DetectorAws {

    static final String GROUP_TAG = "aws:autoscaling:groupName";
    static final String INSTANCE_NOT_FOUND = "InvalidInstanceID.NotFound";
    /** AssociateIamInstanceProfile's answer when an association exists or is still being made. */
    static final String ASSOCIATION_EXISTS = "IncorrectState";
    /** DescribeAlarms answers at most 100 alarms a page (50 unless asked). */
    static final int DESCRIBE_PAGE = 100;
    /** DeleteAlarms takes at most 100 names per call. */
    static final int DELETE_BATCH = 100;

    private final Ec2Client ec2;
    private final CloudWatchClient cloudWatch;
    private final Pacer alarmWrites;

    DetectorAws(Ec2Client ec2, CloudWatchClient cloudWatch, double alarmWritesPerSecond) {
        this.ec2 = ec2;
        this.cloudWatch = cloudWatch;
        this.alarmWrites = new Pacer(alarmWritesPerSecond);
    }

    /** The instance, or empty when EC2 no longer knows it. */
    Optional<InstanceView> describe(String instanceId) {
        try {
            return ec2.describeInstances(request -> request.instanceIds(instanceId)).reservations().stream()
                    .map(Reservation::instances)
                    .flatMap(List::stream)
                    .findFirst()
                    .map(DetectorAws::toView);
        } catch (Ec2Exception e) {
            if (e.awsErrorDetails() != null && INSTANCE_NOT_FOUND.equals(e.awsErrorDetails().errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Every instance of the groups in one of the states, all pages. */
    List<InstanceView> instances(Collection<String> groups, List<String> states) {
        List<InstanceView> instances = new ArrayList<>();
        ec2.describeInstancesPaginator(request -> request.filters(
                        Filter.builder().name("tag:" + GROUP_TAG).values(groups).build(),
                        Filter.builder().name("instance-state-name").values(states).build()))
                .reservations()
                .forEach(reservation -> reservation.instances().forEach(i -> instances.add(toView(i))));
        return instances;
    }

    /** @return false when EC2 says an association exists already (one still being made is not yet described) */
    boolean associate(String instanceId, String profileArn) {
        try {
            ec2.associateIamInstanceProfile(request -> request
                    .instanceId(instanceId)
                    .iamInstanceProfile(profile -> profile.arn(profileArn)));
            return true;
        } catch (Ec2Exception e) {
            if (e.awsErrorDetails() != null && ASSOCIATION_EXISTS.equals(e.awsErrorDetails().errorCode())) {
                return false;
            }
            throw e;
        }
    }

    /** The named alarms that exist, by name; one call (at most 100 names). */
    Map<String, ExistingAlarm> alarms(List<String> names) {
        return cloudWatch.describeAlarms(request -> request.alarmNames(names).alarmTypes(AlarmType.METRIC_ALARM))
                .metricAlarms().stream()
                .map(DetectorAws::toExisting)
                .collect(Collectors.toMap(ExistingAlarm::name, alarm -> alarm, (a, b) -> a));
    }

    /** Every metric alarm whose name starts with the prefix, read in CloudWatch's largest pages. */
    List<ExistingAlarm> alarmsUnder(String prefix) {
        List<ExistingAlarm> alarms = new ArrayList<>();
        cloudWatch.describeAlarmsPaginator(request -> request
                        .alarmNamePrefix(prefix)
                        .alarmTypes(AlarmType.METRIC_ALARM)
                        .maxRecords(DESCRIBE_PAGE))
                .metricAlarms()
                .forEach(alarm -> alarms.add(toExisting(alarm)));
        return alarms;
    }

    void put(AlarmSpec spec) {
        alarmWrites.acquire();
        cloudWatch.putMetricAlarm(toRequest(spec));
    }

    /** One DeleteAlarms call: at most {@link #DELETE_BATCH} names. */
    void delete(List<String> names) {
        alarmWrites.acquire();
        cloudWatch.deleteAlarms(request -> request.alarmNames(names));
    }

    /**
     * For SnapStart's priming: reads a few of the account's instances, and sends {@code refused}, a write that
     * CloudWatch refuses, so that the request, its signing and the error's reading are primed.
     */
    void prime(AlarmSpec refused) {
        try {
            ec2.describeInstances(request -> request.maxResults(5)).reservations().forEach(Reservation::instances);
        } catch (SdkException e) {
            // Throttled or denied: priming goes on with what it has.
        }
        try {
            alarmWrites.acquire();
            cloudWatch.putMetricAlarm(toRequest(refused).toBuilder().period(7).build());
        } catch (SdkException e) {
            // Refused, as intended.
        }
    }

    private static InstanceView toView(Instance instance) {
        String group = instance.tags().stream()
                .filter(tag -> GROUP_TAG.equals(tag.key()))
                .map(software.amazon.awssdk.services.ec2.model.Tag::value)
                .findFirst()
                .orElse(null);
        return new InstanceView(instance.instanceId(), instance.state().nameAsString(), group,
                instance.iamInstanceProfile() == null ? null : instance.iamInstanceProfile().arn());
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
