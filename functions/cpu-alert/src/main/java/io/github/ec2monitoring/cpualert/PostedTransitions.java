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

/**
 * The record of alarm transitions posted to Slack, in a DynamoDB table the stack owns: a transition is claimed
 * before it is posted, marked posted after, released when the post failed. Each record expires after two days.
 * When the table cannot be reached the alert is posted all the same: a rare duplicate beats a lost alert.
 */
final class PostedTransitions {

    /** What a claim found. */
    enum Claim {
        /** Nobody posted it: post it now. */
        CLAIMED,
        /** Posted before: do not post again. */
        ALREADY_POSTED,
        /** Another invocation is posting it right now: try again later. */
        IN_FLIGHT,
        /** The record could not be read or written: post, and say so. */
        UNRECORDED
    }

    /** Longer than the function's timeout: a claim this old belongs to an invocation that died. */
    static final Duration STALE_CLAIM = Duration.ofSeconds(90);
    static final Duration KEPT = Duration.ofDays(2);
    private static final String POSTING = "posting";
    private static final String POSTED = "posted";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Supplier<Instant> clock;

    PostedTransitions(DynamoDbClient dynamo, String table, Supplier<Instant> clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    Claim claim(String key) {
        long now = clock.get().getEpochSecond();
        try {
            dynamo.putItem(request -> request.tableName(table)
                    .item(Map.of(TableItems.PARTITION_KEY, text(key), "state", text(POSTING), "claimedAt", number(now),
                            "expiresAt", number(now + KEPT.toSeconds())))
                    .conditionExpression("attribute_not_exists(#t) OR (#s = :posting AND claimedAt < :stale)")
                    .expressionAttributeNames(Map.of("#t", TableItems.PARTITION_KEY, "#s", "state"))
                    .expressionAttributeValues(Map.of(":posting", text(POSTING),
                            ":stale", number(now - STALE_CLAIM.toSeconds()))));
            return Claim.CLAIMED;
        } catch (ConditionalCheckFailedException taken) {
            return stateOf(key);
        } catch (SdkException e) {
            return Claim.UNRECORDED;
        }
    }

    void posted(String key) {
        long expires = clock.get().getEpochSecond() + KEPT.toSeconds();
        try {
            // An update may create the record (when the claim could not be written): it expires all the same.
            dynamo.updateItem(request -> request.tableName(table).key(key(key))
                    .updateExpression("SET #s = :posted, expiresAt = if_not_exists(expiresAt, :expires)")
                    .expressionAttributeNames(Map.of("#s", "state"))
                    .expressionAttributeValues(Map.of(":posted", text(POSTED), ":expires", number(expires))));
        } catch (SdkException e) {
            // The post happened; only a redelivery within the claim's 90 s could post it again.
        }
    }

    /** After a failed post: the transition may be posted by the next try. Never removes a posted record. */
    void release(String key) {
        try {
            dynamo.deleteItem(request -> request.tableName(table).key(key(key))
                    .conditionExpression("#s = :posting")
                    .expressionAttributeNames(Map.of("#s", "state"))
                    .expressionAttributeValues(Map.of(":posting", text(POSTING))));
        } catch (SdkException e) {
            // The claim goes stale in 90 s and the next try takes it over.
        }
    }

    /**
     * Before the snapshot: the three calls an alert makes, on a key no alarm has, the writes under a condition that
     * can never hold, so DynamoDB refuses them and nothing is written.
     */
    void prime() {
        Map<String, AttributeValue> key = key("snapstart-priming");
        String never = "attribute_exists(#t) AND attribute_not_exists(#t)";
        Map<String, String> names = Map.of("#t", TableItems.PARTITION_KEY);
        try {
            dynamo.getItem(request -> request.tableName(table).key(key));
            dynamo.putItem(request -> request.tableName(table).item(key).conditionExpression(never)
                    .expressionAttributeNames(names));
        } catch (SdkException refused) {
            // Refused, as intended (or no table yet): priming goes on.
        }
        try {
            dynamo.updateItem(request -> request.tableName(table).key(key).conditionExpression(never)
                    .updateExpression("SET claimedAt = :zero").expressionAttributeNames(names)
                    .expressionAttributeValues(Map.of(":zero", number(0))));
        } catch (SdkException refused) {
            // Refused, as intended.
        }
    }

    private Claim stateOf(String key) {
        try {
            Map<String, AttributeValue> item = dynamo.getItem(request -> request.tableName(table).consistentRead(true)
                    .key(key(key))).item();
            if (item == null || item.isEmpty()) {
                return Claim.IN_FLIGHT; // released a moment ago by a failed post: the next try claims it
            }
            return POSTED.equals(item.get("state").s()) ? Claim.ALREADY_POSTED : Claim.IN_FLIGHT;
        } catch (SdkException e) {
            return Claim.UNRECORDED;
        }
    }
}
