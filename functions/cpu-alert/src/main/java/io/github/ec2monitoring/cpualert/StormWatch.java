package io.github.ec2monitoring.cpualert;

import static io.github.ec2monitoring.cpualert.TableItems.key;
import static io.github.ec2monitoring.cpualert.TableItems.number;
import static io.github.ec2monitoring.cpualert.TableItems.text;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Tells a storm from a calm period, and lets the containers agree on one summary per storm. A storm is the queue
 * holding at least the threshold of alarms at once (waiting, in flight, or back after a failure): more than Slack
 * can show one by one as they come. Its record in the posted-transitions table says who posts the summary and
 * whether it is out; a storm ends when none of its batches was seen for {@link #QUIET}.
 */
final class StormWatch {

    /** What a batch found. */
    record Look(boolean storm, int waiting, String unknownBecause) {}

    /** This batch's part in the storm. */
    enum Part {
        /** The storm is new: this container posts the summary. */
        OPENED,
        /** The storm's summary is out: post the details. */
        SUMMARY_OUT,
        /** Another container is still trying to post the summary: this batch comes back after it. */
        SUMMARY_LATE,
        /** The storm's record cannot be used: no one can agree on a summary, the details go without it. */
        UNRECORDED
    }

    static final String STORM_KEY = "storm";
    /** A storm with no batch for this long is over; the next one gets a new summary. */
    static final Duration QUIET = Duration.ofMinutes(2);
    /** The wait for more of a burst, while the queue fills but is still below the threshold. */
    static final Duration SETTLE = Duration.ofSeconds(1);
    static final int MAX_SETTLES = 5;
    /** The longest one post of the summary may take; a claim older than {@link #STALE_CLAIM} was given up. */
    static final Duration SUMMARY_BUDGET = Duration.ofSeconds(15);
    static final Duration STALE_CLAIM = Duration.ofSeconds(25);
    /** The longest the details wait for the summary: long enough to take over a stale claim, within the timeout. */
    static final Duration SUMMARY_WAIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final String OPEN = "open";
    private static final String OUT = "out";

    private final SqsClient sqs;
    private final String queueUrl;
    private final DynamoDbClient dynamo;
    private final String table;
    private final int threshold;
    private final Supplier<Instant> clock;
    private final PostPacer.Sleeper sleeper;

    StormWatch(SqsClient sqs, String queueUrl, DynamoDbClient dynamo, String table, int threshold,
            Supplier<Instant> clock, PostPacer.Sleeper sleeper) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.dynamo = dynamo;
        this.table = table;
        this.threshold = threshold;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * A storm lasts until it has been quiet for {@link #QUIET}: its tail, below the threshold, is still posted per
     * instance. While the queue holds more than this batch's one alarm but fewer than the threshold, and keeps
     * filling, the batch looks again each {@link #SETTLE}, up to {@link #MAX_SETTLES} times: a burst fills the queue
     * within seconds, and its summary must come before any detail. A lone alarm in a calm queue goes at once; a calm
     * pair waits one second, three or more two.
     */
    Look look(int alarmsInBatch) throws InterruptedException {
        try {
            int waiting = Math.max(alarmsInBatch, depth());
            if (waiting < threshold && ongoing()) {
                return new Look(true, waiting, null);
            }
            int still = 0;
            for (int settle = 0; settle < MAX_SETTLES && waiting > 1 && waiting < threshold; settle++) {
                sleeper.sleep(SETTLE);
                int now = Math.max(waiting, depth());
                still = now > waiting ? 0 : still + 1;
                waiting = now;
                // A pair is calm after one still second; more alarms at once get a second look.
                if (still >= (waiting > 2 ? 2 : 1)) {
                    break;
                }
            }
            return new Look(waiting >= threshold, waiting, null);
        } catch (SdkException e) {
            return new Look(alarmsInBatch >= threshold, alarmsInBatch,
                    "the queue's depth could not be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Joins the storm, or opens it. A container that joins waits until the summary is out, and takes the summary over
     * when its poster released it after a failed post or fell silent for {@link #STALE_CLAIM}.
     */
    Part join() throws InterruptedException {
        long now = clock.get().getEpochSecond();
        try {
            dynamo.putItem(request -> request.tableName(table)
                    .item(Map.of(TableItems.PARTITION_KEY, text(STORM_KEY), "state", text(OPEN), "startedAt", number(now),
                            "claimedAt", number(now), "lastSeenAt", number(now),
                            "expiresAt", number(now + Duration.ofDays(1).toSeconds())))
                    .conditionExpression("attribute_not_exists(#t) OR lastSeenAt < :quiet")
                    .expressionAttributeNames(Map.of("#t", TableItems.PARTITION_KEY))
                    .expressionAttributeValues(Map.of(":quiet", number(now - QUIET.toSeconds()))));
            return Part.OPENED;
        } catch (ConditionalCheckFailedException ongoing) {
            touch(now);
        } catch (SdkException e) {
            return Part.UNRECORDED;
        }
        Instant deadline = clock.get().plus(SUMMARY_WAIT);
        while (clock.get().isBefore(deadline)) {
            Part part = summaryState();
            if (part != null) {
                return part;
            }
            sleeper.sleep(POLL);
        }
        return Part.SUMMARY_LATE;
    }

    /** The summary was posted: the details need not wait for it. */
    void summaryOut() {
        try {
            dynamo.updateItem(request -> request.tableName(table).key(key(STORM_KEY)).updateExpression("SET #s = :out")
                    .expressionAttributeNames(Map.of("#s", "state"))
                    .expressionAttributeValues(Map.of(":out", text(OUT))));
        } catch (SdkException e) {
            // Those waiting for the summary wait out SUMMARY_WAIT, then post their details.
        }
    }

    /** The summary could not be posted now: the next batch takes it over at once. */
    void summaryFailed() {
        try {
            dynamo.updateItem(request -> request.tableName(table).key(key(STORM_KEY)).updateExpression("SET claimedAt = :none")
                    .expressionAttributeValues(Map.of(":none", number(0))));
        } catch (SdkException e) {
            // The claim goes stale in STALE_CLAIM, and the next batch takes the summary over then.
        }
    }

    /** OUT, or OPENED when this container took the summary over; null while someone else is posting it. */
    private Part summaryState() {
        try {
            Map<String, AttributeValue> item = record();
            if (item.isEmpty() || OUT.equals(item.get("state").s())) {
                return Part.SUMMARY_OUT;
            }
            AttributeValue claimed = item.get("claimedAt");
            long now = clock.get().getEpochSecond();
            if (Long.parseLong(claimed.n()) >= now - STALE_CLAIM.toSeconds()) {
                return null;
            }
            dynamo.updateItem(request -> request.tableName(table).key(key(STORM_KEY))
                    .updateExpression("SET claimedAt = :now").conditionExpression("claimedAt = :seen AND #s = :open")
                    .expressionAttributeNames(Map.of("#s", "state"))
                    .expressionAttributeValues(Map.of(":now", number(now), ":seen", claimed, ":open", text(OPEN))));
            return Part.OPENED;
        } catch (ConditionalCheckFailedException taken) {
            return null;
        } catch (SdkException e) {
            return null;
        }
    }

    /**
     * Whether a storm began and its summary is not out yet: a calm batch still posting (its alarms came alone, a
     * moment before the burst) holds its remaining messages back, so nothing lands before the summary.
     */
    boolean summaryPending() {
        try {
            Map<String, AttributeValue> item = record();
            return item.containsKey("state") && OPEN.equals(item.get("state").s()) && seenWithinQuiet(item);
        } catch (SdkException e) {
            return false;
        }
    }

    /** Whether a storm was seen within {@link #QUIET}. */
    private boolean ongoing() {
        try {
            return seenWithinQuiet(record());
        } catch (SdkException e) {
            return false;
        }
    }

    /** The storm's record, read consistently; empty when there is none. */
    private Map<String, AttributeValue> record() {
        Map<String, AttributeValue> item = dynamo.getItem(request -> request.tableName(table).key(key(STORM_KEY))
                .consistentRead(true)).item();
        return item == null ? Map.of() : item;
    }

    private boolean seenWithinQuiet(Map<String, AttributeValue> item) {
        return item.containsKey("lastSeenAt")
                && Long.parseLong(item.get("lastSeenAt").n()) >= clock.get().getEpochSecond() - QUIET.toSeconds();
    }

    private void touch(long now) {
        try {
            dynamo.updateItem(request -> request.tableName(table).key(key(STORM_KEY))
                    .updateExpression("SET lastSeenAt = :now").expressionAttributeValues(Map.of(":now", number(now))));
        } catch (SdkException e) {
            // The storm may end a little early; the next batch opens a new one with its own summary.
        }
    }

    /** Before the snapshot: the queue's depth is read (a read, nothing changes), and the storm's record is not. */
    void prime() {
        try {
            depth();
        } catch (SdkException e) {
            // No queue reachable while priming: the first batch pays for it.
        }
    }

    private int depth() {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(request -> request.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }
}
