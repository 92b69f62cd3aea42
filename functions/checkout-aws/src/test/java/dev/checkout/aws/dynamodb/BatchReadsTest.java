package dev.checkout.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.checkout.domain.StorageUnavailableException;
import dev.checkout.local.services.DynamoDbLocal;
import dev.checkout.local.services.ItemLimits;
import dev.checkout.local.services.LocalServices;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Batch reads against DynamoDB Local with DynamoDB's per-item read throughput enforced, so that keys come back unprocessed. */
@Tag("integration")
class BatchReadsTest {
    private static final String TABLE = "BatchReadsTable";
    private static DynamoDbLocal dynamoDb;
    /** The SDK's default retries for DynamoDB, as the functions have them. */
    private static DynamoDbClient client;
    private static DynamoDbClient noRetries;

    @BeforeAll
    static void start() {
        dynamoDb = DynamoDbLocal.start(0);
        client = client(true);
        noRetries = client(false);
        client.createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("PK").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("SK").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("PK").keyType(KeyType.HASH), k -> k.attributeName("SK").keyType(KeyType.RANGE)));
        for (String pk : List.of("a", "b", "c")) {
            client.putItem(r -> r.tableName(TABLE).item(Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS("1"))));
        }
    }

    private static DynamoDbClient client(boolean sdkRetries) {
        var builder = DynamoDbClient.builder()
                .endpointOverride(dynamoDb.endpoint())
                .region(LocalServices.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        if (!sdkRetries) {
            builder.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        }
        return builder.build();
    }

    @AfterAll
    static void stop() {
        noRetries.close();
        client.close();
        dynamoDb.close();
    }

    @Test
    void keysHandedBackUnprocessed_areAskedAgainAfterABackoff_untilEveryItemIsRead() {
        var pauses = new ArrayList<Long>();
        var reads = new BatchReads(client, sleepingAndRecording(pauses));
        dynamoDb.itemLimits().limits(new ItemLimits(10, 10)); // a burst of one read unit per item
        try {
            List<Map<String, AttributeValue>> found = List.of();
            for (int attempt = 0; attempt < 20 && pauses.isEmpty(); attempt++) {
                dynamoDb.itemLimits().limits(new ItemLimits(10, 10)); // full bursts again
                client.getItem(r -> r.tableName(TABLE).key(key("a")).consistentRead(true)); // a's burst spent
                found = reads.get(TABLE, List.of(key("a"), key("b"), key("c")), true);
            }

            assertEquals(Set.of("a", "b", "c"), found.stream().map(item -> item.get("PK").s()).collect(Collectors.toSet()));
            assertFalse(pauses.isEmpty(), "a was handed back unprocessed and asked again after a pause");
        } finally {
            dynamoDb.itemLimits().limits(null);
        }
    }

    @Test
    void keysThatStayThrottled_areStorageUnavailable() {
        var reads = new BatchReads(noRetries, new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void pause(long nanos) {
                // no time passes: the item's units never come back
            }
        });
        dynamoDb.itemLimits().limits(new ItemLimits(0.001, 0.001));
        try {
            client.getItem(r -> r.tableName(TABLE).key(key("a")).consistentRead(true));

            assertThrows(StorageUnavailableException.class, () -> reads.get(TABLE, List.of(key("a"), key("b")), true));
        } finally {
            dynamoDb.itemLimits().limits(null);
        }
    }

    private static Ticker sleepingAndRecording(List<Long> pauses) {
        return new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void pause(long nanos) {
                pauses.add(nanos);
                Ticker.SYSTEM.pause(nanos);
            }
        };
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS("1"));
    }
}
