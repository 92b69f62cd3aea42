package dev.checkout.aws.dynamodb;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The sparse, time-ordered parts of GSI2: orders awaiting payment ({@code PENDING#<shard>}) and refunds
 * not yet sent ({@code UNSENT_REFUNDS}). An item is in a part only while it is in that state, and its
 * {@code GSI2SK} starts with the item's creation time, so "older than" is a key condition.
 */
final class SparseIndexParts {
    private SparseIndexParts() {
    }

    /** Up to {@code limit} items of {@code partition} created before {@code cutoff}, oldest first. SDK errors are the caller's to translate. */
    static Stream<Map<String, AttributeValue>> createdBefore(DynamoDbClient client, String table, String partition, Instant cutoff, int limit) {
        return client.queryPaginator(r -> r.tableName(table)
                        .indexName(TableKeys.GSI2)
                        .keyConditionExpression("GSI2PK = :pk AND GSI2SK < :cutoff")
                        .expressionAttributeValues(Map.of(":pk", ItemAttributes.s(partition), ":cutoff", ItemAttributes.s(ItemAttributes.format(cutoff))))
                        .limit(limit))
                .items().stream().limit(limit);
    }
}
