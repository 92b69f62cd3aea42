package dev.checkout.local.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** DynamoDB Local behind the limiter, as the SDK sees it: throttles shaped like AWS's, per item key. */
@Tag("integration")
class ItemThroughputLimiterTest {
    private static final String TABLE = "LimitedTable";
    private static DynamoDbLocal dynamoDb;
    private static DynamoDbClient noRetries;
    private static DynamoDbClient sdkRetries;

    @BeforeAll
    static void start() {
        dynamoDb = DynamoDbLocal.start(0);
        noRetries = client(false);
        sdkRetries = client(true);
        noRetries.createTable(r -> r.tableName(TABLE)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("PK"), attribute("SK"), attribute("G"))
                .keySchema(key("PK", KeyType.HASH), key("SK", KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("ByG")
                        .keySchema(key("G", KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.ALL))
                        .build()));
    }

    @AfterEach
    void limitsOff() {
        dynamoDb.itemLimits().limits(null);
    }

    @AfterAll
    static void stop() {
        noRetries.close();
        sdkRetries.close();
        dynamoDb.close();
    }

    @Test
    void putsPastOneItemsWriteUnits_areRefusedAsAwsRefusesThem_whileAnotherItemIsServed() {
        dynamoDb.itemLimits().limits(new ItemLimits(10, 30)); // a burst of 1 unit

        var refused = assertThrows(ProvisionedThroughputExceededException.class, () -> {
            for (int i = 0; i < 200; i++) {
                noRetries.putItem(r -> r.tableName(TABLE).item(item("hot", "1")));
            }
        });
        noRetries.putItem(r -> r.tableName(TABLE).item(item("cold", "1")));

        assertEquals(400, refused.statusCode());
        assertEquals("ProvisionedThroughputExceededException", refused.awsErrorDetails().errorCode());
        assertEquals("TableWriteKeyRangeThroughputExceeded", refused.throttlingReasons().get(0).reason());
        assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/" + TABLE, refused.throttlingReasons().get(0).resource());
        assertTrue(refused.isThrottlingException(), "the SDK retries it as a throttle");
    }

    @Test
    void theSdksDefaultRetries_carryWritesToAHotItemThrough_atTheItemsRate() {
        dynamoDb.itemLimits().limits(new ItemLimits(20, 60));

        for (int i = 0; i < 8; i++) {
            sdkRetries.updateItem(r -> r.tableName(TABLE).key(key("counter", "1"))
                    .updateExpression("ADD n :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
        }

        assertEquals("8", sdkRetries.getItem(r -> r.tableName(TABLE).key(key("counter", "1")).consistentRead(true)).item().get("n").n());
        assertTrue(dynamoDb.itemLimits().throttled() > 0, "some of the updates were throttled and retried: " + dynamoDb.itemLimits().throttles());
    }

    @Test
    void aTransactionTouchingAThrottledItem_isCancelledWithThrottlingError_andWritesNothing() {
        noRetries.putItem(r -> r.tableName(TABLE).item(item("stock", "1")));
        dynamoDb.itemLimits().limits(new ItemLimits(20, 60)); // 2 units of burst: one transactional write of a small item
        var orders = new ArrayList<String>();

        var cancelled = assertThrows(TransactionCanceledException.class, () -> {
            for (int i = 0; i < 200; i++) {
                String order = "order-" + i;
                orders.add(order);
                noRetries.transactWriteItems(r -> r.transactItems(
                        TransactWriteItem.builder().put(p -> p.tableName(TABLE).item(item(order, "1"))).build(),
                        update("stock", "1")));
            }
        });

        assertEquals(List.of("None", "ThrottlingError"), cancelled.cancellationReasons().stream().map(CancellationReason::code).toList());
        assertFalse(cancelled.isThrottlingException(), "the SDK does not retry a cancelled transaction");
        String refusedOrder = orders.get(orders.size() - 1);
        assertFalse(noRetries.getItem(r -> r.tableName(TABLE).key(key(refusedOrder, "1")).consistentRead(true)).hasItem());
        assertEquals(String.valueOf(orders.size() - 1),
                noRetries.getItem(r -> r.tableName(TABLE).key(key("stock", "1")).consistentRead(true)).item().get("n").n());
    }

    @Test
    void aBatchRead_servesTheKeysWithUnits_andHandsTheThrottledOnesBackUnprocessed() {
        noRetries.putItem(r -> r.tableName(TABLE).item(item("a", "1")));
        noRetries.putItem(r -> r.tableName(TABLE).item(item("b", "1")));
        dynamoDb.itemLimits().limits(new ItemLimits(10, 10)); // a burst of 1 read unit

        BatchGetItemResponse response;
        int tries = 0;
        do {
            dynamoDb.itemLimits().limits(new ItemLimits(10, 10)); // every item's burst full again
            noRetries.getItem(r -> r.tableName(TABLE).key(key("a", "1")).consistentRead(true)); // a's burst spent
            response = noRetries.batchGetItem(r -> r.requestItems(Map.of(TABLE, KeysAndAttributes.builder()
                    .keys(key("a", "1"), key("b", "1")).consistentRead(true).build())));
        } while (response.unprocessedKeys().isEmpty() && ++tries < 100);

        assertEquals(List.of("b"), response.responses().get(TABLE).stream().map(i -> i.get("PK").s()).toList());
        assertEquals(List.of(key("a", "1")), response.unprocessedKeys().get(TABLE).keys());
    }

    @Test
    void aQueryOnAHotIndexPartition_isRefusedAsAnIndexRead() {
        noRetries.putItem(r -> r.tableName(TABLE).item(withG(item("x", "1"), "popular")));
        dynamoDb.itemLimits().limits(new ItemLimits(10, 10));

        // Eventually consistent: half a unit each, so the burst of 1 unit serves two and then some as it refills.
        var refused = assertThrows(ProvisionedThroughputExceededException.class, () -> {
            for (int i = 0; i < 200; i++) {
                noRetries.query(r -> r.tableName(TABLE).indexName("ByG").keyConditionExpression("#g = :g")
                        .expressionAttributeNames(Map.of("#g", "G")).expressionAttributeValues(Map.of(":g", AttributeValue.fromS("popular"))));
            }
        });
        assertEquals("IndexReadKeyRangeThroughputExceeded", refused.throttlingReasons().get(0).reason());
        assertTrue(refused.throttlingReasons().get(0).resource().endsWith("/index/ByG"));
    }

    @Test
    void theMeter_countsUnitsByAwsRules_aKbAWrite_twiceInATransaction_half4KbAnEventuallyConsistentRead() {
        dynamoDb.itemLimits().meter(true);
        try {
            noRetries.putItem(r -> r.tableName(TABLE).item(item("metered", "1")));                      // 1 unit: under 1 KB
            noRetries.putItem(r -> r.tableName(TABLE).item(Map.of("PK", AttributeValue.fromS("large"), "SK", AttributeValue.fromS("1"),
                    "payload", AttributeValue.fromS("x".repeat(3000)))));                                  // 3 units: about 3 KB
            noRetries.updateItem(r -> r.tableName(TABLE).key(key("large", "1"))
                    .updateExpression("SET flag = :t").expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true)))); // 3: its size as put
            noRetries.transactWriteItems(r -> r.transactItems(update("metered", "1"), update("metered", "2")));  // 2 x 2
            noRetries.getItem(r -> r.tableName(TABLE).key(key("metered", "1")).consistentRead(true));   // 1
            noRetries.getItem(r -> r.tableName(TABLE).key(key("metered", "1")));                        // 0.5

            assertEquals(11, dynamoDb.itemLimits().consumedWriteUnits());
            assertEquals(1.5, dynamoDb.itemLimits().consumedReadUnits());
        } finally {
            dynamoDb.itemLimits().meter(false);
        }
    }

    @Test
    void withTheLimitsOff_nothingIsThrottled() {
        long throttledBefore = dynamoDb.itemLimits().throttled();
        var writes = new ArrayList<Integer>();
        for (int i = 0; i < 50; i++) {
            noRetries.putItem(r -> r.tableName(TABLE).item(item("free", "1")));
            writes.add(i);
        }

        assertEquals(50, writes.size());
        assertEquals(throttledBefore, dynamoDb.itemLimits().throttled());
    }

    /** A client with the SDK's default retries for DynamoDB, as the functions' clients have, or none. */
    private static DynamoDbClient client(boolean retries) {
        var builder = DynamoDbClient.builder()
                .endpointOverride(dynamoDb.endpoint())
                .region(LocalServices.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        if (!retries) {
            builder.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        }
        return builder.build();
    }

    private static Map<String, AttributeValue> item(String pk, String sk) {
        return Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk), "payload", AttributeValue.fromS("x".repeat(100)));
    }

    private static Map<String, AttributeValue> withG(Map<String, AttributeValue> item, String g) {
        var copy = new java.util.HashMap<>(item);
        copy.put("G", AttributeValue.fromS(g));
        return copy;
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk));
    }

    private static TransactWriteItem update(String pk, String sk) {
        return TransactWriteItem.builder().update(u -> u.tableName(TABLE).key(key(pk, sk))
                .updateExpression("ADD n :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))).build();
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
