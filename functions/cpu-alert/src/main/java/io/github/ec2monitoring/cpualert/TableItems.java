package io.github.ec2monitoring.cpualert;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items of the posted-transitions table: each alarm transition under its key, and beside them the shared Slack
 * pace and the storm's record, under keys no transition has (a transition's key holds '|').
 */
final class TableItems {

    /** The table's partition key, as the CpuAlert construct declares it. */
    static final String PARTITION_KEY = "transition";

    private TableItems() {}

    static Map<String, AttributeValue> key(String value) {
        return Map.of(PARTITION_KEY, text(value));
    }

    static AttributeValue text(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
