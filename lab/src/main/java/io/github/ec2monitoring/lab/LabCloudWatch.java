package io.github.ec2monitoring.lab;

import io.github.ec2monitoring.contract.AlarmResolution;
import io.github.ec2monitoring.standins.MotoServer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * CloudWatch's part of the flow, which the emulator does not play: it evaluates no alarm, so the lab puts the
 * datapoints, sets the alarm's state and publishes the notification CloudWatch would send, then catches SNS's
 * delivery in a queue, as the Lambda service would receive it.
 */
final class LabCloudWatch {

    static final String REGION_NAME = "US East (N. Virginia)";
    static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Narrator say;
    private final LabSettings settings;
    private final String prefix;
    private final String group;
    private final CloudWatchClient cloudWatch = MotoServer.client(CloudWatchClient.builder());
    private final SnsClient sns = MotoServer.client(SnsClient.builder());
    private final SqsClient sqs = MotoServer.client(SqsClient.builder());
    private String deliveries;

    LabCloudWatch(Narrator say, LabSettings settings, String prefix, String group) {
        this.say = say;
        this.settings = settings;
        this.prefix = prefix;
        this.group = group;
    }

    /** A queue subscribed to the topic catches SNS's deliveries. */
    void catchDeliveriesOf(String topicArn) {
        String url = sqs.createQueue(r -> r.queueName("lab-critical-deliveries")).queueUrl();
        String arn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(arn));
        deliveries = url;
    }

    List<MetricAlarm> alarms() {
        return cloudWatch.describeAlarmsPaginator(r -> r.alarmNamePrefix(prefix + "-")).metricAlarms().stream()
                .sorted(Comparator.comparing(MetricAlarm::alarmName)).toList();
    }

    String threshold(String instance, String kind) {
        return cloudWatch.describeAlarms(r -> r.alarmNames(prefix + "-" + instance + "-" + kind)).metricAlarms()
                .stream().map(a -> String.format(Locale.ROOT, "%.0f", a.threshold())).findFirst().orElse("?");
    }

    static String topicName(List<String> arns) {
        return arns.isEmpty() ? "no action" : arns.get(0).substring(arns.get(0).lastIndexOf(':') + 1);
    }

    /** As FleetAlarms declares them in the template: one Metrics Insights query per metric, grouped by instance. */
    void putFleetAlarms(String fleetPrefix, String warningTopic, String criticalTopic) {
        Map<String, String[]> watched = new LinkedHashMap<>();
        watched.put("cpu", new String[] {"cpu_usage_active", "AutoScalingGroupName, InstanceId, cpu",
            " AND cpu = 'cpu-total'", settings.cpuWarning(), settings.cpuCritical()});
        watched.put("memory", new String[] {"mem_used_percent", "AutoScalingGroupName, InstanceId", "",
            settings.memoryWarning(), settings.memoryCritical()});
        watched.put("disk", new String[] {"disk_used_percent", "AutoScalingGroupName, InstanceId, fstype, path",
            " AND path = '/'", settings.diskWarning(), settings.diskCritical()});
        watched.forEach((key, metric) -> {
            String query = "SELECT AVG(" + metric[0] + ") FROM SCHEMA(CWAgent, " + metric[1] + ") WHERE "
                    + "AutoScalingGroupName = '" + group + "'" + metric[2] + " GROUP BY InstanceId ORDER BY AVG() DESC "
                    + "LIMIT 500";
            for (String severity : List.of("warning", "critical")) {
                String topic = severity.equals("warning") ? warningTopic : criticalTopic;
                double threshold = Double.parseDouble(severity.equals("warning") ? metric[3] : metric[4]);
                cloudWatch.putMetricAlarm(r -> r.alarmName(fleetPrefix + key + "-" + severity)
                        .alarmDescription(severity.toUpperCase(Locale.ROOT) + " " + key + " on any instance of the "
                                + "group. Fleet alarm, managed by the stack. Auto Scaling group: " + group + ".")
                        .metrics(q -> q.id("q").expression(query).period(60).returnData(true))
                        .evaluationPeriods(5).datapointsToAlarm(3).threshold(threshold)
                        .comparisonOperator("GreaterThanOrEqualToThreshold").treatMissingData("missing")
                        .alarmActions(topic).okActions(topic));
            }
        });
    }

    /** What CloudWatch sends when a new alarm's metric first arrives: INSUFFICIENT_DATA -> OK, to its OK action. */
    String firstData(String alarmName) {
        cloudWatch.setAlarmState(r -> r.alarmName(alarmName).stateValue(StateValue.OK)
                .stateReason("Threshold Crossed: 1 datapoint [3.1] was not greater than or equal to the threshold."));
        MetricAlarm alarm = describe(alarmName);
        say.say("%s: INSUFFICIENT_DATA -> %s", alarmName, alarm.stateValueAsString());
        String message = Notifications.alarmMessage(alarm, MotoServer.ACCOUNT_ID, REGION_NAME, "INSUFFICIENT_DATA");
        String topic = alarm.okActions().get(0);
        sns.publish(r -> r.topicArn(topic).message(message).subject(Notifications.subject("OK", alarmName,
                REGION_NAME)));
        Message delivered = delivered(topic);
        sqs.deleteMessage(r -> r.queueUrl(deliveries).receiptHandle(delivered.receiptHandle()));
        return delivered.body();
    }

    /**
     * The instance's CPU breaches (EC2's metric each minute, or the agent's every 10 s at high resolution), its
     * per-instance alarm enters ALARM; returns what SNS delivered.
     */
    String fireAlarm(String instance, String alarmName, Instant alarmAt, AlarmResolution resolution) {
        boolean high = resolution == AlarmResolution.HIGH;
        Breach breach = breach(alarmAt, resolution.periodSeconds(), (time, value) -> cloudWatch.putMetricData(r -> r
                .namespace(high ? "CWAgent" : "AWS/EC2")
                .metricData(d -> d.metricName(high ? "cpu_usage_active" : "CPUUtilization")
                        .dimensions(x -> x.name("InstanceId").value(instance))
                        .storageResolution(high ? 1 : 60)
                        .timestamp(time).value(value).unit(StandardUnit.PERCENT))));
        MetricAlarm before = describe(alarmName);
        MetricAlarm alarm = enterAlarm(alarmName, breach, before);
        say.say("%s: %s -> %s at %s", alarmName, before.stateValueAsString(), alarm.stateValueAsString(),
                CLOCK.format(alarm.stateUpdatedTimestamp()));
        say.say("reason: %s", alarm.stateReason());
        return publishAlarm(alarm, Notifications.alarmMessage(alarm, MotoServer.ACCOUNT_ID, REGION_NAME,
                before.stateValueAsString()));
    }

    /**
     * One alarm of a storm: it enters ALARM with {@code over} its threshold in its reason, and CloudWatch publishes its
     * notification to its topic (which delivers into cpu-alert's queue).
     */
    void fireInStorm(MetricAlarm alarm, double over, Instant at) {
        double value = alarm.threshold() + over;
        List<Instant> times = List.of(at.minusSeconds(60), at.minusSeconds(120), at.minusSeconds(180));
        String reason = Notifications.thresholdCrossed(List.of(value, value - over / 2, value - over / 2), times,
                alarm.threshold(), alarm.evaluationPeriods());
        cloudWatch.setAlarmState(r -> r.alarmName(alarm.alarmName()).stateValue(StateValue.ALARM).stateReason(reason));
        MetricAlarm fired = describe(alarm.alarmName());
        String message = Notifications.alarmMessage(fired, MotoServer.ACCOUNT_ID, REGION_NAME, "OK");
        sns.publish(r -> r.topicArn(fired.alarmActions().get(0)).message(message)
                .subject(Notifications.subject("ALARM", fired.alarmName(), REGION_NAME)));
    }

    /** The stack's subscriptions of cpu-alert's queue to both alert topics. */
    void deliverInto(String queueUrl, String... topicArns) {
        String arn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        for (String topic : topicArns) {
            sns.subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint(arn));
        }
    }

    /** The instance's agent CPU breaches, it enters ALARM as a contributor of the fleet alarm; returns the delivery. */
    String fireContributor(String instance, String alarmName, Instant alarmAt) {
        Breach breach = breach(alarmAt, 60, (time, value) -> cloudWatch.putMetricData(r -> r.namespace("CWAgent")
                .metricData(d -> d.metricName("cpu_usage_active")
                        .dimensions(x -> x.name("AutoScalingGroupName").value(group),
                                x -> x.name("InstanceId").value(instance), x -> x.name("cpu").value("cpu-total"))
                        .timestamp(time).value(value).unit(StandardUnit.PERCENT))));
        MetricAlarm alarm = enterAlarm(alarmName, breach, describe(alarmName));
        say.say("the emulator evaluates no alarm: the lab sets %s to ALARM and publishes the notification "
                + "CloudWatch sends for its contributor %s", alarmName, instance);
        say.say("reason: %s", alarm.stateReason());
        String delivered = publishAlarm(alarm, Notifications.contributorMessage(alarm, MotoServer.ACCOUNT_ID,
                REGION_NAME, "OK", Map.of("InstanceId", instance)));
        say.say("DescribeAlarmContributors, which the emulator lacks, is answered by a stand-in with the one "
                + "contributor in ALARM, as CloudWatch would");
        return delivered;
    }

    private record Breach(List<Double> values, List<Instant> times) {}

    /** Three datapoints a period apart above the critical threshold, the newest a period before the alarm. */
    private Breach breach(Instant alarmAt, int periodSeconds, BiConsumer<Instant, Double> put) {
        double threshold = Double.parseDouble(settings.cpuCritical());
        List<Double> values = List.of(Math.min(100, threshold + 6.4), Math.min(100, threshold + 4.0),
                Math.min(100, threshold + 1.9));
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Instant time = alarmAt.truncatedTo(ChronoUnit.MINUTES).minusSeconds((i + 1L) * periodSeconds);
            times.add(time);
            put.accept(time, values.get(i));
        }
        return new Breach(values, times);
    }

    private MetricAlarm enterAlarm(String alarmName, Breach breach, MetricAlarm before) {
        String reason = Notifications.thresholdCrossed(breach.values(), breach.times(), before.threshold(),
                before.evaluationPeriods());
        cloudWatch.setAlarmState(r -> r.alarmName(alarmName).stateValue(StateValue.ALARM).stateReason(reason));
        return describe(alarmName);
    }

    private String publishAlarm(MetricAlarm alarm, String message) {
        String topic = alarm.alarmActions().get(0);
        String messageId = sns.publish(r -> r.topicArn(topic).message(message)
                .subject(Notifications.subject("ALARM", alarm.alarmName(), REGION_NAME))).messageId();
        say.say("CloudWatch published message %s to %s", messageId, topicName(List.of(topic)));
        return delivered(topic).body();
    }

    private MetricAlarm describe(String alarmName) {
        return cloudWatch.describeAlarms(r -> r.alarmNames(alarmName)).metricAlarms().get(0);
    }

    private Message delivered(String topic) {
        List<Message> delivered = sqs.receiveMessage(r -> r.queueUrl(deliveries).maxNumberOfMessages(1)
                .waitTimeSeconds(5)).messages();
        if (delivered.isEmpty()) {
            throw new IllegalStateException("SNS delivered nothing from " + topic);
        }
        return delivered.get(0);
    }
}
