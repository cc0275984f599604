package io.github.ec2monitoring.cpualert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the JSON that CloudWatch publishes to SNS for an alarm state change. Only a message that is not an alarm
 * notification at all is skipped; an alarm that lacks its time or its trigger is still posted, saying what it lacked.
 */
public final class AlarmMessageParser {

    /** CloudWatch writes e.g. {@code 2026-11-24T06:30:12.345+0000}: an offset without a colon. */
    private static final DateTimeFormatter STATE_CHANGE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS]Z");
    private static final Pattern ARN_REGION = Pattern.compile("arn:[\\w-]+:cloudwatch:([a-z0-9-]+):");
    /** "... datapoints [71.2 (24/11/26 06:29:00), ..." or "... datapoint [71.2 (24/11/26 06:29:00)] ...". */
    private static final Pattern FIRST_DATAPOINT = Pattern.compile("\\[(-?\\d+(?:\\.\\d+)?(?:E-?\\d+)?) \\(");
    private static final int MAX_MESSAGE_CHARS = 256 * 1024;
    private static final Pattern INSIGHTS_QUERY = Pattern.compile("\\s*SELECT\\s+\\w+\\(\\s*(\\w+)\\s*\\)",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> STATES = Set.of("ALARM", "OK", "INSUFFICIENT_DATA");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Either an alarm notification or why the message is not one. */
    public sealed interface Result permits Parsed, Skipped {}

    public record Parsed(AlarmNotification notification) implements Result {}

    public record Skipped(String reason) implements Result {}

    private AlarmMessageParser() {}

    /**
     * @param delivery the SNS delivery holding the message
     * @param receivedAt stands in for the state change time when neither the message nor SNS gives one
     */
    public static Result parse(SnsEvent.Delivery delivery, Instant receivedAt) {
        String message = delivery.message();
        if (message == null || message.isBlank()) {
            return new Skipped("SNS message is empty");
        }
        if (message.length() > MAX_MESSAGE_CHARS) {
            return new Skipped("SNS message is larger than any SNS message (" + message.length() + " characters)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(message);
        } catch (JsonProcessingException e) {
            return new Skipped("SNS message is not JSON");
        }
        if (root == null || !root.isObject()) {
            return new Skipped("SNS message is not a JSON object");
        }
        if (root.has("AutoScalingGroupName") && root.has("Event")) {
            return new Skipped("Auto Scaling notification '" + clip(root.path("Event").asText()) + "'");
        }
        JsonNode alarmName = root.path("AlarmName");
        JsonNode newState = root.path("NewStateValue");
        if (!alarmName.isTextual() || alarmName.asText().isBlank() || !newState.isTextual()) {
            return new Skipped("SNS message is not a CloudWatch alarm notification (no AlarmName/NewStateValue)");
        }
        String name = alarmName.asText();
        if (!STATES.contains(newState.asText())) {
            return new Skipped("alarm '" + clip(name) + "' has an unknown NewStateValue '" + clip(newState.asText())
                    + "'");
        }
        List<AlarmNotification.Gap> gaps = new ArrayList<>();
        Instant changedAt = stateChangeTime(root.path("StateChangeTime"));
        if (changedAt == null) {
            gaps.add(AlarmNotification.Gap.TIME_FROM_DELIVERY);
            changedAt = delivery.timestamp() != null ? delivery.timestamp() : receivedAt;
        }
        JsonNode trigger = root.path("Trigger");
        if (!trigger.isObject()) {
            gaps.add(AlarmNotification.Gap.NO_TRIGGER);
        }
        Map<String, String> dimensions = new LinkedHashMap<>();
        String namespace = trigger.path("Namespace").asText("");
        String metric = trigger.path("MetricName").asText("");
        readDimensions(trigger.path("Dimensions"), dimensions);
        if (metric.isEmpty() && trigger.path("Metrics").isArray()) {
            // A metric-math alarm: the returned expression names the metric; its inputs carry the dimensions.
            for (JsonNode query : trigger.path("Metrics")) {
                JsonNode stat = query.path("MetricStat").path("Metric");
                readDimensions(stat.path("Dimensions"), dimensions);
                if (namespace.isEmpty()) {
                    namespace = stat.path("Namespace").asText("");
                }
                if (query.path("ReturnData").asBoolean(false)) {
                    metric = query.has("Expression") ? queriedMetric(query.path("Expression").asText())
                            : stat.path("MetricName").asText("");
                }
            }
        }
        JsonNode threshold = trigger.path("Threshold");
        String reason = root.path("NewStateReason").asText("");
        String arn = root.path("AlarmArn").asText("");
        Matcher region = ARN_REGION.matcher(arn);
        return new Parsed(new AlarmNotification(
                name,
                root.path("AlarmDescription").asText(""),
                delivery.topicArn(),
                arn,
                root.path("Region").asText(""),
                region.lookingAt() ? region.group(1) : "",
                root.path("OldStateValue").asText(""),
                newState.asText(),
                reason,
                changedAt,
                namespace,
                metric,
                dimensions,
                threshold.isNumber() ? threshold.asDouble() : null,
                trigger.path("ComparisonOperator").asText(""),
                observedValue(reason),
                gaps,
                contributor(root),
                evaluation(trigger)));
    }

    /**
     * A fleet alarm's notification names its contributor: AlarmContributorId and AlarmContributorAttributes (the
     * GROUP BY keys). Either may be missing or malformed; what is readable is kept, the rest ignored.
     */
    private static AlarmNotification.Contributor contributor(JsonNode root) {
        JsonNode id = root.path("AlarmContributorId");
        JsonNode attributes = root.path("AlarmContributorAttributes");
        if (!id.isTextual() && !attributes.isObject()) {
            return null;
        }
        Map<String, String> read = new LinkedHashMap<>();
        attributes.properties().forEach(attribute -> {
            if (attribute.getValue().isTextual() && !attribute.getValue().asText().isEmpty()) {
                read.put(attribute.getKey(), attribute.getValue().asText());
            }
        });
        return new AlarmNotification.Contributor(id.isTextual() ? id.asText() : "", read);
    }

    /** A Metrics Insights query shows as the metric it aggregates; any other expression as it is. */
    private static String queriedMetric(String expression) {
        Matcher select = INSIGHTS_QUERY.matcher(expression);
        return select.lookingAt() ? select.group(1) : expression;
    }

    private static Instant stateChangeTime(JsonNode value) {
        if (!value.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.asText(), STATE_CHANGE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void readDimensions(JsonNode array, Map<String, String> into) {
        if (!array.isArray()) {
            return;
        }
        for (JsonNode dimension : array) {
            String name = dimension.path("name").asText(dimension.path("Name").asText(""));
            String value = dimension.path("value").asText(dimension.path("Value").asText(""));
            if (!name.isEmpty() && !value.isEmpty()) {
                into.putIfAbsent(name, value);
            }
        }
    }

    private static String clip(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }

    /** The trigger's period (its own, or the returned query's for a metric-math or Metrics Insights alarm). */
    private static AlarmNotification.Evaluation evaluation(JsonNode trigger) {
        int period = trigger.path("Period").asInt(0);
        for (JsonNode query : trigger.path("Metrics")) {
            if (period == 0 && query.path("ReturnData").asBoolean(false)) {
                period = query.path("Period").asInt(query.at("/MetricStat/Period").asInt(0));
            }
        }
        int periods = trigger.path("EvaluationPeriods").asInt(0);
        if (period <= 0 || periods <= 0) {
            return null;
        }
        return new AlarmNotification.Evaluation(period, periods, trigger.path("DatapointsToAlarm").asInt(periods));
    }

    /** The newest datapoint CloudWatch quotes in a state reason ("... [86.4 (24/11/26 06:30:00)] ..."), if any. */
    static Double observedValue(String reason) {
        Matcher datapoint = FIRST_DATAPOINT.matcher(reason == null ? "" : reason);
        return datapoint.find() ? Double.valueOf(datapoint.group(1)) : null;
    }
}
