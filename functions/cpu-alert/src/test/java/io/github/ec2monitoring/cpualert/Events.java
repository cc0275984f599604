package io.github.ec2monitoring.cpualert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.UnaryOperator;
import com.amazonaws.services.lambda.runtime.Context;

/** The SNS event fixtures under src/test/resources/sns, as bytes the Lambda runtime would hand the handler. */
final class Events {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The topics the fixtures' notifications come through, as the stack passes them to the function. */
    static final String WARNING_TOPIC = "arn:aws:sns:ap-northeast-2:123456789012:warning";
    static final String CRITICAL_TOPIC = "arn:aws:sns:ap-northeast-2:123456789012:critical";

    private Events() {}

    static byte[] fixture(String name) {
        try (InputStream in = Events.class.getResourceAsStream("/sns/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture sns/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture with its alarm message changed. */
    static byte[] withMessage(String name, UnaryOperator<ObjectNode> change) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(fixture(name));
            ObjectNode sns = (ObjectNode) event.at("/Records/0/Sns");
            ObjectNode message = (ObjectNode) JSON.readTree(sns.get("Message").asText());
            sns.put("Message", change.apply(message).toString());
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first record's delivery, as the handler reads it. */
    static SnsEvent.Delivery delivery(String name) {
        return (SnsEvent.Delivery) SnsEvent.records(fixture(name)).get(0);
    }

    /** Invokes the handler as the runtime does; returns what it wrote. */
    /**
     * SNS events as the stack's queue delivers them: each SQS body is SNS's envelope of one fixture, with the SQS
     * message ids m-0, m-1, ...
     */
    static byte[] sqsBatch(byte[]... snsEvents) {
        try {
            ObjectNode batch = JSON.createObjectNode();
            var records = batch.putArray("Records");
            for (int i = 0; i < snsEvents.length; i++) {
                JsonNode sns = JSON.readTree(snsEvents[i]).at("/Records/0/Sns");
                records.addObject().put("messageId", "m-" + i).put("receiptHandle", "r-" + i)
                        .put("body", sns.toString()).put("eventSource", "aws:sqs")
                        .put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:cpu-alert-alarms")
                        .put("awsRegion", "us-east-1");
            }
            return JSON.writeValueAsBytes(batch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode invoke(CpuAlertHandler handler, byte[] event, Context context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, context);
            return JSON.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode posted(int posted, int records) {
        return JSON.createObjectNode().put("posted", posted).put("records", records);
    }
}
