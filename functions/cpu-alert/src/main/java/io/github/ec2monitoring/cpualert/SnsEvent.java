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
 * Reads the event the Lambda service hands the function: SNS deliveries, either directly (a function subscribed to a
 * topic) or through the SQS queue the stack subscribes to the topics, whose message bodies are SNS's own envelopes.
 * The function parses it itself (a stream handler) rather than through the runtime's serializer: any shape reaches
 * this code and gets one clear line, and no reflection-heavy mapping runs on the first invocation.
 */
public final class SnsEvent {

    /** Lambda's limit for an invocation's event: an SQS batch of ten 256-KiB SNS messages stays below it. */
    static final int MAX_EVENT_BYTES = 6 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record of the event: a delivery, or why it is not one. */
    public sealed interface Record permits Delivery, Unreadable {
        /** The SQS message it came in; null in an SNS event. */
        QueueMessage queueMessage();

        /** The SQS message id, to report a failed record for SQS to deliver again; null in an SNS event. */
        default String queueMessageId() {
            return queueMessage() == null ? null : queueMessage().id();
        }
    }

    /**
     * The SQS message a record came in.
     *
     * @param receiptHandle what changes its visibility, so that a failed record comes back after a backoff
     * @param receiveCount how often SQS has handed it out, this time included
     */
    public record QueueMessage(String id, String receiptHandle, int receiveCount) {}

    /**
     * @param topicArn the topic the message was published to
     * @param timestamp when SNS accepted the message; null when the record has no valid one
     */
    public record Delivery(String topicArn, String messageId, Instant timestamp, String message,
            QueueMessage queueMessage) implements Record {

        public Delivery(String topicArn, String messageId, Instant timestamp, String message) {
            this(topicArn, messageId, timestamp, message, null);
        }
    }

    public record Unreadable(String reason, QueueMessage queueMessage) implements Record {

        public Unreadable(String reason) {
            this(reason, null);
        }
    }

    /** Whether the event came through the SQS queue, whose failed records are reported one by one. */
    public static boolean fromQueue(List<Record> records) {
        return records.stream().anyMatch(record -> record.queueMessageId() != null);
    }

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
            QueueMessage queueMessage = null;
            JsonNode sns = record.path("Sns");
            if ("aws:sqs".equals(record.path("eventSource").asText())) {
                queueMessage = new QueueMessage(record.path("messageId").asText(""),
                        record.path("receiptHandle").asText(""),
                        record.path("attributes").path("ApproximateReceiveCount").asInt(1));
                sns = envelope(record.path("body").asText(""));
            }
            if (!sns.isObject()) {
                result.add(new Unreadable("record holds no SNS delivery", queueMessage));
            } else if (!sns.path("Message").isTextual()) {
                result.add(new Unreadable("SNS message is empty", queueMessage));
            } else {
                result.add(new Delivery(sns.path("TopicArn").asText(""), sns.path("MessageId").asText(""),
                        instant(sns.path("Timestamp").asText("")), sns.path("Message").asText(), queueMessage));
            }
        }
        return result;
    }

    /** An SQS body as SNS writes it: its envelope, whose keys are those of a Lambda SNS record. */
    private static JsonNode envelope(String body) {
        try {
            JsonNode envelope = JSON.readTree(body);
            return envelope == null ? JSON.missingNode() : envelope;
        } catch (JsonProcessingException e) {
            return JSON.missingNode();
        }
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
