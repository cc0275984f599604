package io.github.ec2monitoring.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ec2monitoring.standins.MotoServer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/**
 * The two messages AWS would make on the way from an alarm to cpu-alert: the JSON CloudWatch publishes to SNS, and
 * the event the Lambda service builds from SNS's delivery.
 */
final class Notifications {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** CloudWatch writes {@code +0000}, not {@code Z}. */
    private static final DateTimeFormatter CLOUDWATCH_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter DATAPOINT_TIME =
            DateTimeFormatter.ofPattern("dd/MM/yy HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Notifications() {}

    /**
     * The message CloudWatch publishes when {@code alarm} changes state.
     *
     * @param regionName the long name CloudWatch puts in {@code Region}, e.g. "US East (N. Virginia)"
     */
    static String alarmMessage(MetricAlarm alarm, String accountId, String regionName, String oldState) {
        ObjectNode message = JSON.createObjectNode();
        message.put("AlarmName", alarm.alarmName());
        message.put("AlarmDescription", alarm.alarmDescription());
        message.put("AWSAccountId", accountId);
        message.put("AlarmConfigurationUpdatedTimestamp", time(alarm.alarmConfigurationUpdatedTimestamp()));
        message.put("NewStateValue", alarm.stateValueAsString());
        message.put("NewStateReason", alarm.stateReason());
        message.put("StateChangeTime", time(alarm.stateUpdatedTimestamp()));
        message.put("Region", regionName);
        message.put("AlarmArn", alarm.alarmArn());
        message.put("OldStateValue", oldState);
        strings(message.putArray("OKActions"), alarm.okActions());
        strings(message.putArray("AlarmActions"), alarm.alarmActions());
        strings(message.putArray("InsufficientDataActions"), alarm.insufficientDataActions());
        ObjectNode trigger = message.putObject("Trigger");
        if (alarm.hasMetrics() && !alarm.metrics().isEmpty()) {
            // A Metrics Insights (or metric math) alarm: its queries stand where a single metric would.
            ArrayNode metrics = trigger.putArray("Metrics");
            alarm.metrics().forEach(query -> metrics.addObject().put("Id", query.id())
                    .put("Expression", query.expression()).put("Period", query.period())
                    .put("ReturnData", Boolean.TRUE.equals(query.returnData())));
            trigger.put("Period", alarm.metrics().get(0).period());
        } else {
            trigger.put("MetricName", alarm.metricName());
            trigger.put("Namespace", alarm.namespace());
            trigger.put("StatisticType", "Statistic");
            trigger.put("Statistic", alarm.statisticAsString().toUpperCase(Locale.ROOT));
            trigger.putNull("Unit");
            ArrayNode dimensions = trigger.putArray("Dimensions");
            alarm.dimensions().forEach(d -> dimensions.addObject().put("value", d.value()).put("name", d.name()));
            trigger.put("Period", alarm.period());
        }
        trigger.put("EvaluationPeriods", alarm.evaluationPeriods());
        if (alarm.datapointsToAlarm() != null) {
            trigger.put("DatapointsToAlarm", alarm.datapointsToAlarm());
        }
        trigger.put("ComparisonOperator", alarm.comparisonOperatorAsString());
        trigger.put("Threshold", alarm.threshold());
        trigger.put("TreatMissingData", alarm.treatMissingData());
        trigger.put("EvaluateLowSampleCountPercentile", "");
        return message.toString();
    }

    /**
     * What CloudWatch publishes when one contributor of a Metrics Insights alarm changes state: the alarm's fields,
     * its query as the Trigger, and the contributor's id and GROUP BY keys.
     */
    static String contributorMessage(MetricAlarm alarm, String accountId, String regionName, String oldState,
            Map<String, String> attributes) {
        ObjectNode message = (ObjectNode) read(alarmMessage(alarm, accountId, regionName, oldState));
        message.put("AlarmContributorId", String.format("%016x", attributes.hashCode() & 0xffffffffL));
        ObjectNode contributor = message.putObject("AlarmContributorAttributes");
        attributes.forEach(contributor::put);
        return message.toString();
    }

    /** The subject CloudWatch gives its notifications. */
    static String subject(String state, String alarmName, String regionName) {
        String subject = state + ": \"" + alarmName + "\" in " + regionName;
        return subject.length() <= 100 ? subject : subject.substring(0, 100);
    }

    /** What the Lambda service hands cpu-alert from the stack's queue: one SQS record whose body is SNS's envelope. */
    static String sqsEvent(String snsEnvelope) {
        ObjectNode event = JSON.createObjectNode();
        ObjectNode record = event.putArray("Records").addObject();
        record.put("messageId", UUID.randomUUID().toString());
        record.put("receiptHandle", UUID.randomUUID().toString());
        record.put("body", snsEnvelope);
        record.put("eventSource", "aws:sqs");
        record.put("eventSourceARN", "arn:aws:sqs:" + MotoServer.REGION.id() + ":" + MotoServer.ACCOUNT_ID
                + ":cpu-alert-alarms");
        record.put("awsRegion", MotoServer.REGION.id());
        return event.toString();
    }

    /** CloudWatch's reason text for {@code datapoints} (newest first) that crossed {@code threshold}. */
    static String thresholdCrossed(List<Double> datapoints, List<Instant> times, double threshold, int evaluationPeriods) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < datapoints.size(); i++) {
            if (i > 0) {
                points.append(", ");
            }
            points.append(String.format(Locale.ROOT, "%.1f (%s)", datapoints.get(i), DATAPOINT_TIME.format(times.get(i))));
        }
        return String.format(Locale.ROOT, "Threshold Crossed: %d out of the last %d datapoints [%s] were greater than "
                        + "or equal to the threshold (%.1f) (minimum %d datapoints for OK -> ALARM transition).",
                datapoints.size(), evaluationPeriods, points, threshold, datapoints.size());
    }

    private static String time(Instant instant) {
        return CLOUDWATCH_TIME.format(instant == null ? Instant.now() : instant);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("SNS delivered something that is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
