package dev.checkout.aws.dynamodb;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The sparse, time-ordered parts of GSI2: orders awaiting payment ({@code PENDING#<shard>}) and refunds
 * not yet sent ({@code UNSENT_REFUNDS}); and of GSI1: refunds sent but not settled
 * ({@code UNSETTLED_REFUNDS}). An item is in a part only while it is in that state, and its sort key
 * starts with a time (creation, or for the sent refunds, sending), so "older than" is a key condition.
 */
final class SparseIndexParts {
    private SparseIndexParts() {
    }

    /** Up to {@code limit} items of {@code partition} created before {@code cutoff}, oldest first. SDK errors are the caller's to translate. */
    static Stream<Map<String, AttributeValue>> createdBefore(DynamoDbClient client, String table, String partition, Instant cutoff, int limit) {
        return before(client, table, TableKeys.GSI2, partition, cutoff, limit);
    }

    /** The same, for a sparse part of {@code index} ({@code GSI1} or {@code GSI2}) whose sort keys start with a time. */
    static Stream<Map<String, AttributeValue>> before(DynamoDbClient client, String table, String index, String partition, Instant cutoff, int limit) {
        return client.queryPaginator(r -> r.tableName(table)
                        .indexName(index)
                        .keyConditionExpression(index + "PK = :pk AND " + index + "SK < :cutoff")
                        .expressionAttributeValues(Map.of(":pk", ItemAttributes.s(partition), ":cutoff", ItemAttributes.s(ItemAttributes.format(cutoff))))
                        .limit(limit))
                .items().stream().limit(limit);
    }
}
