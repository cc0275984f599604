package io.github.ec2monitoring.cpualert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the event the Lambda service hands a function subscribed to an SNS topic. The function parses it itself
 * (a stream handler) rather than through the runtime's serializer: any shape reaches this code and gets one clear
 * line, and no reflection-heavy mapping runs on the first invocation.
 */
public final class SnsEvent {

    /** SNS messages are at most 256 KiB; with the envelope and JSON escaping an event stays well below this. */
    static final int MAX_EVENT_BYTES = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record of the event: a delivery, or why it is not one. */
    public sealed interface Record permits Delivery, Unreadable {}

    /**
     * @param topicArn the topic the message was published to
     * @param timestamp when SNS accepted the message; null when the record has no valid one
     */
    public record Delivery(String topicArn, String messageId, Instant timestamp, String message) implements Record {}

    public record Unreadable(String reason) implements Record {}

    private SnsEvent() {}

    public static List<Record> records(byte[] event) {
        if (event.length > MAX_EVENT_BYTES) {
            return List.of(new Unreadable("event is larger than any SNS event (" + event.length + " bytes)"));
        }
        JsonNode root;
        try {
            root = JSON.readTree(event);
        } catch (JsonProcessingException e) {
            return List.of(new Unreadable("event is not JSON"));
        } catch (IOException e) {
            return List.of(new Unreadable("event could not be read"));
        }
        JsonNode records = root == null ? null : root.path("Records");
        if (records == null || !records.isArray() || records.isEmpty()) {
            return List.of(new Unreadable("event holds no SNS records"));
        }
        List<Record> result = new ArrayList<>();
        for (JsonNode record : records) {
            JsonNode sns = record.path("Sns");
            if (!sns.isObject()) {
                result.add(new Unreadable("record holds no SNS delivery"));
            } else if (!sns.path("Message").isTextual()) {
                result.add(new Unreadable("SNS message is empty"));
            } else {
                result.add(new Delivery(sns.path("TopicArn").asText(""), sns.path("MessageId").asText(""),
                        instant(sns.path("Timestamp").asText("")), sns.path("Message").asText()));
            }
        }
        return result;
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
