package dev.checkout.aws.dynamodb;

import dev.checkout.domain.IdempotencyRecord;
import dev.checkout.port.Clock;
import dev.checkout.port.IdempotencyStore;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;

/** Reads idempotency records; TTL deletes lazily, so an expired record is treated as absent. */
public final class DynamoDbIdempotencyStore implements IdempotencyStore {
    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;

    public DynamoDbIdempotencyStore(DynamoDbClient client, String table, Clock clock) {
        this.client = client;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Optional<IdempotencyRecord> find(String key) {
        try {
            var response = client.getItem(r -> r.tableName(table).key(TableKeys.idempotency(key)).consistentRead(true));
            if (!response.hasItem() || response.item().isEmpty()) {
                return Optional.empty();
            }
            IdempotencyRecord record = IdempotencyItems.fromItem(response.item());
            return record.expiresAt().isAfter(clock.now()) ? Optional.of(record) : Optional.empty();
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
    }

    @Override
    public boolean store(IdempotencyRecord record) {
        try {
            Put put = IdempotencyItems.transactPut(table, record).put();
            client.putItem(r -> r.tableName(put.tableName()).item(put.item()).conditionExpression(put.conditionExpression()));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
    }
}
