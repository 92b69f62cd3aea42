package dev.checkout.aws.dynamodb;

import dev.checkout.domain.StorageUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Reads items by key with BatchGetItem: at most 100 keys a request, and the keys DynamoDB hands back
 * unprocessed (an item past its read throughput: the rest of the batch is served) asked again after an
 * exponential backoff with full jitter, as AWS advises; asking again at once would meet the same empty
 * bucket. A request the SDK gave up on, or keys still unprocessed after {@value #MAX_ROUNDS} rounds, is a
 * {@link StorageUnavailableException}.
 */
final class BatchReads {
    static final int MAX_KEYS = 100;
    static final int MAX_ROUNDS = 8;
    private static final long BASE_NANOS = 25_000_000;
    private static final long CAP_NANOS = 1_000_000_000;

    private final DynamoDbClient client;
    private final Ticker ticker;

    BatchReads(DynamoDbClient client) {
        this(client, Ticker.SYSTEM);
    }

    BatchReads(DynamoDbClient client, Ticker ticker) {
        this.client = client;
        this.ticker = ticker;
    }

    /** The items of {@code keys} that exist, in no particular order. */
    List<Map<String, AttributeValue>> get(String table, List<Map<String, AttributeValue>> keys, boolean consistent) {
        var found = new ArrayList<Map<String, AttributeValue>>();
        for (int from = 0; from < keys.size(); from += MAX_KEYS) {
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder()
                    .keys(keys.subList(from, Math.min(keys.size(), from + MAX_KEYS)))
                    .consistentRead(consistent)
                    .build());
            for (int round = 0; !request.isEmpty(); round++) {
                if (round == MAX_ROUNDS) {
                    throw new StorageUnavailableException("the table kept leaving keys unprocessed");
                }
                if (round > 0) {
                    long ceiling = Math.min(CAP_NANOS, BASE_NANOS << Math.min(round - 1, 10));
                    ticker.pause(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
                }
                var batch = request;
                try {
                    var response = client.batchGetItem(r -> r.requestItems(batch));
                    found.addAll(response.responses().getOrDefault(table, List.of()));
                    request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
                } catch (SdkException e) {
                    throw DynamoDbErrors.translate(e);
                }
            }
        }
        return found;
    }
}
