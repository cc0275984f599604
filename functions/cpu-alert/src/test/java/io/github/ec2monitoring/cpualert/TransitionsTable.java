package io.github.ec2monitoring.cpualert;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The posted-transitions table as the stack declares it (CpuAlert construct), made empty in the emulator. */
final class TransitionsTable {

    private TransitionsTable() {}

    static void recreate(DynamoDbClient dynamo, String name) {
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
