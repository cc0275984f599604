package io.github.ec2monitoring.cpualert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the JSON that CloudWatch publishes to SNS for an alarm state change. */
public final class AlarmMessageParser {

    /** CloudWatch writes e.g. {@code 2026-11-24T06:30:12.345+0000}: an offset without a colon. */
    private static final DateTimeFormatter STATE_CHANGE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS]Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Either an alarm notification or why the message is not one. */
    public sealed interface Result permits Parsed, Skipped {}

    public record Parsed(AlarmNotification notification) implements Result {}

    public record Skipped(String reason) implements Result {}

    private AlarmMessageParser() {}

    public static Result parse(String message) {
        JsonNode root;
        try {
            root = message == null ? null : JSON.readTree(message);
        } catch (JsonProcessingException e) {
            return new Skipped("SNS message is not JSON");
        }
        if (root == null || !root.isObject()) {
            return new Skipped("SNS message is not a JSON object");
        }
        if (root.has("AutoScalingGroupName") && root.has("Event")) {
            return new Skipped("Auto Scaling notification '" + root.path("Event").asText() + "'");
        }
        String alarmName = root.path("AlarmName").asText("");
        String newState = root.path("NewStateValue").asText("");
        if (alarmName.isEmpty() || newState.isEmpty()) {
            return new Skipped("SNS message is not a CloudWatch alarm notification (no AlarmName/NewStateValue)");
        }
        Instant changedAt;
        try {
            changedAt = OffsetDateTime.parse(root.path("StateChangeTime").asText(""), STATE_CHANGE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return new Skipped("alarm '" + alarmName + "' has no valid StateChangeTime");
        }
        JsonNode trigger = root.path("Trigger");
        Map<String, String> dimensions = new LinkedHashMap<>();
        for (JsonNode dimension : trigger.path("Dimensions")) {
            String name = dimension.path("name").asText(dimension.path("Name").asText(""));
            String value = dimension.path("value").asText(dimension.path("Value").asText(""));
            if (!name.isEmpty()) {
                dimensions.put(name, value);
            }
        }
        JsonNode threshold = trigger.path("Threshold");
        return new Parsed(new AlarmNotification(
                alarmName,
                root.path("AlarmDescription").asText(""),
                root.path("AWSAccountId").asText(""),
                root.path("Region").asText(""),
                root.path("OldStateValue").asText(""),
                newState,
                root.path("NewStateReason").asText(""),
                changedAt,
                trigger.path("Namespace").asText(""),
                trigger.path("MetricName").asText(""),
                Map.copyOf(dimensions),
                threshold.isNumber() ? threshold.asDouble() : null,
                trigger.path("ComparisonOperator").asText("")));
    }
}
