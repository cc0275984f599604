package io.github.ec2monitoring.standins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Lambda's event source mapping for an SQS queue, as the stack sets up cpu-alert's: batches of up to ten, gathered
 * for at most the batching window, one invocation at a time per container and as many at once as there are
 * containers. The records an invocation reports failed (all of them, when it throws) stay in the queue, to come
 * back when their visibility ends; the others are deleted.
 */
public final class QueueDrain implements AutoCloseable {

    /** One container of the function: the event JSON in, the function's answer out. */
    public interface Container {
        String invoke(byte[] event) throws Exception;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH_SIZE = 10;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final Duration batchingWindow;
    private final List<Thread> pollers = new ArrayList<>();
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicInteger invocations = new AtomicInteger();
    private final AtomicInteger failedRecords = new AtomicInteger();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    public QueueDrain(SqsClient sqs, String queueUrl, Duration batchingWindow, List<Container> containers) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        this.batchingWindow = batchingWindow;
        for (int i = 0; i < containers.size(); i++) {
            Container container = containers.get(i);
            Thread poller = new Thread(() -> poll(container), "event-source-" + i);
            poller.setDaemon(true);
            pollers.add(poller);
            poller.start();
        }
    }

    public int invocations() {
        return invocations.get();
    }

    /** Records reported failed, or in a batch whose invocation threw, counted each time. */
    public int failedRecords() {
        return failedRecords.get();
    }

    /** What went wrong in the mapping itself (an invocation that threw, an answer that was no JSON). */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** Waits until the queue holds nothing, waiting or in flight, and no invocation runs; false on timeout. */
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            Map<QueueAttributeName, String> depth = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            if (busy.get() == 0 && depth.values().stream().mapToInt(Integer::parseInt).sum() == 0) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private void poll(Container container) {
        while (running) {
            List<Message> batch = gather();
            if (batch.isEmpty()) {
                continue;
            }
            busy.incrementAndGet();
            try {
                invoke(container, batch);
            } finally {
                busy.decrementAndGet();
            }
        }
    }

    /** Up to ten messages: waits for the first, then gathers until the batch is full or the window has passed. */
    private List<Message> gather() {
        List<Message> batch = new ArrayList<>();
        long windowEnd = 0;
        while (running && batch.size() < BATCH_SIZE) {
            int wanted = BATCH_SIZE - batch.size();
            boolean first = batch.isEmpty();
            List<Message> received = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(wanted)
                    .waitTimeSeconds(first ? 1 : 0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (first && received.isEmpty()) {
                return batch;
            }
            if (first) {
                windowEnd = System.nanoTime() + batchingWindow.toNanos();
            }
            batch.addAll(received);
            if (System.nanoTime() - windowEnd >= 0) {
                break;
            }
            if (received.isEmpty()) {
                sleep(Duration.ofMillis(100));
            }
        }
        return batch;
    }

    private void invoke(Container container, List<Message> batch) {
        invocations.incrementAndGet();
        Set<String> failed = new HashSet<>();
        try {
            JsonNode answer = JSON.readTree(container.invoke(event(batch)));
            answer.path("batchItemFailures").forEach(item -> failed.add(item.path("itemIdentifier").asText()));
        } catch (Exception | AssertionError e) {
            // An invocation that failed (LambdaRuntimeSim reports the handler's exception as an AssertionError).
            errors.add(e.getClass().getSimpleName() + ": " + e.getMessage());
            batch.forEach(message -> failed.add(message.messageId()));
        }
        failedRecords.addAndGet(failed.size());
        for (Message message : batch) {
            if (!failed.contains(message.messageId())) {
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    /** The event as Lambda builds it from SQS messages. */
    private byte[] event(List<Message> batch) throws IOException {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message message : batch) {
            ObjectNode record = records.addObject().put("messageId", message.messageId())
                    .put("receiptHandle", message.receiptHandle()).put("body", message.body());
            ObjectNode attributes = record.putObject("attributes");
            message.attributesAsStrings().forEach(attributes::put);
            record.putObject("messageAttributes");
            record.put("md5OfBody", message.md5OfBody()).put("eventSource", "aws:sqs")
                    .put("eventSourceARN", queueArn).put("awsRegion", queueArn.split(":")[3]);
        }
        return JSON.writeValueAsBytes(event);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops polling; an invocation under way finishes first (up to 5 s per container). */
    @Override
    public void close() {
        running = false;
        try {
            for (Thread poller : pollers) {
                poller.join(Duration.ofSeconds(5).toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
