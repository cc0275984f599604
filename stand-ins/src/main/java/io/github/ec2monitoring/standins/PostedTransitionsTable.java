package io.github.ec2monitoring.standins;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** cpu-alert's posted-transitions table as the CpuAlert construct declares it, made in the emulator. */
public final class PostedTransitionsTable {

    private PostedTransitionsTable() {}

    /** Makes the table, empty: drops a table of that name left from before. */
    public static void create(DynamoDbClient dynamo, String name) {
        try {
            dynamo.deleteTable(request -> request.tableName(name));
        } catch (ResourceNotFoundException absent) {
            // First use in this emulator.
        }
        dynamo.createTable(request -> request.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("transition").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("transition").keyType(KeyType.HASH)));
    }
}
