package io.github.ec2monitoring.cpualert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;

/**
 * When a failed record comes back: after a backoff that doubles with each receive, rather than after the queue's
 * whole visibility timeout. Five receives span about five minutes of Slack being unreachable before the
 * dead-letter queue keeps the alert.
 */
final class Redelivery {

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(20);
    /** Below the queue's visibility timeout, which the backoff only ever shortens. */
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    /** ChangeMessageVisibilityBatch takes ten entries at most. */
    private static final int BATCH = 10;

    private final SqsClient sqs;
    private final String queueUrl;

    Redelivery(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** 20 s after the first receive, 40 s after the second, then 80 s and 160 s. */
    static Duration backoff(int receiveCount) {
        int doublings = Math.max(0, Math.min(receiveCount, 10) - 1);
        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << doublings);
        return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
    }

    /**
     * Sets each failed message to come back after its backoff.
     *
     * @return why some could not be set (they come back after the queue's visibility timeout); empty when all were
     */
    List<String> backOff(List<SnsEvent.QueueMessage> failed) {
        List<String> problems = new ArrayList<>();
        for (int from = 0; from < failed.size(); from += BATCH) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (SnsEvent.QueueMessage message : failed.subList(from, Math.min(failed.size(), from + BATCH))) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                        .id(Integer.toString(entries.size()))
                        .receiptHandle(message.receiptHandle())
                        .visibilityTimeout((int) backoff(message.receiveCount()).toSeconds())
                        .build());
            }
            try {
                for (BatchResultErrorEntry error : sqs.changeMessageVisibilityBatch(request -> request
                        .queueUrl(queueUrl).entries(entries)).failed()) {
                    problems.add(error.code());
                }
            } catch (SdkException e) {
                problems.add(e.getClass().getSimpleName());
            }
        }
        return problems;
    }
}
