package dev.checkout.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.checkout.local.services.LocalServices;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Integration tier: the local cloud's DynamoDB event source on DynamoDB Local's stream of the template's table,
 * with {@link RecordingStreamHandler} as the function. Each test filters the stream to its own keys
 * ({@code FilterCriteria} with a prefix), since the table is shared.
 */
@Tag("integration")
class DynamoDbStreamEventSourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalServices services = LocalServices.shared();
    private final String table = services.tableName("CheckoutTable");
    private final String streamArn = services.streamArn("CheckoutTable").orElseThrow();
    private final String scope = "STREAMTEST#" + UUID.randomUUID() + "#";
    private final List<String> givenUp = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<DynamoDbStreamEventSource> sources = new ArrayList<>();

    @AfterEach
    void stopSources() throws InterruptedException {
        sources.forEach(DynamoDbStreamEventSource::stop);
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private void start(String mode, int maximumRetryAttempts) {
        start(mode, maximumRetryAttempts, Duration.ZERO);
    }

    private void start(String mode, int maximumRetryAttempts, Duration batchingWindow) {
        LocalFunction function = LocalFunction.load("RecordingStreamFunction", RecordingStreamHandler.class.getName(), 10,
                Map.of("SCOPE", scope, "MODE", mode));
        EventFilters filters = EventFilters.of(Map.of("Filters", List.of(Map.of("Pattern",
                "{\"dynamodb\": {\"Keys\": {\"PK\": {\"S\": [{\"prefix\": \"" + scope + "\"}]}}}}"))));
        var source = new DynamoDbStreamEventSource(services.dynamoDbStreamsClient(), streamArn, function,
                new DynamoDbStreamEventSource.Settings(10, true, maximumRetryAttempts, true, false, filters, givenUp::add, batchingWindow));
        Thread thread = new Thread(source, "stream-test");
        thread.setDaemon(true);
        thread.start();
        sources.add(source);
        threads.add(thread);
    }

    private Map<String, AttributeValue> item(String name, boolean poison) {
        var item = new HashMap<String, AttributeValue>();
        item.put("PK", AttributeValue.fromS(scope + name));
        item.put("SK", AttributeValue.fromS("ITEM"));
        item.put("step", AttributeValue.fromN("1"));
        if (poison) {
            item.put("poison", AttributeValue.fromBool(true));
        }
        return item;
    }

    /** The items in one transaction, so that their records reach the stream together. */
    private void writeTogether(List<Map<String, AttributeValue>> items) {
        services.dynamoDbClient().transactWriteItems(r -> r.transactItems(items.stream()
                .map(item -> TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build()).toList()));
    }

    private List<JsonNode> records() {
        var records = new ArrayList<JsonNode>();
        RecordingStreamHandler.batches(scope).forEach(batch -> batch.path("Records").forEach(records::add));
        return records;
    }

    private long deliveries(String name) {
        return records().stream().filter(r -> (scope + name).equals(r.path("dynamodb").path("Keys").path("PK").path("S").asText())).count();
    }

    @Test
    void changes_reachTheFunction_inOrder_asLambdasDynamoDbEvent_andOtherKeysAreFilteredOut() {
        start("report", 2);

        services.dynamoDbClient().putItem(r -> r.tableName(table).item(item("a", false)));
        services.dynamoDbClient().updateItem(r -> r.tableName(table).key(Map.of("PK", AttributeValue.fromS(scope + "a"), "SK", AttributeValue.fromS("ITEM")))
                .updateExpression("SET step = :two").expressionAttributeValues(Map.of(":two", AttributeValue.fromN("2"))));
        services.dynamoDbClient().putItem(r -> r.tableName(table).item(Map.of("PK", AttributeValue.fromS("OTHER#" + scope), "SK", AttributeValue.fromS("ITEM"))));

        Awaitility.await("two records of the test's item").atMost(Duration.ofSeconds(30)).until(() -> records().size() >= 2);
        List<JsonNode> records = records();
        assertEquals(2, records.size(), records::toString);
        JsonNode insert = records.get(0);
        JsonNode modify = records.get(1);
        assertEquals("INSERT", insert.path("eventName").asText());
        assertEquals("aws:dynamodb", insert.path("eventSource").asText());
        assertEquals(streamArn, insert.path("eventSourceARN").asText());
        assertEquals(scope + "a", insert.path("dynamodb").path("Keys").path("PK").path("S").asText());
        assertEquals("1", insert.path("dynamodb").path("NewImage").path("step").path("N").asText());
        assertFalse(insert.path("dynamodb").has("OldImage"));
        assertEquals("MODIFY", modify.path("eventName").asText());
        assertEquals("1", modify.path("dynamodb").path("OldImage").path("step").path("N").asText());
        assertEquals("2", modify.path("dynamodb").path("NewImage").path("step").path("N").asText());
        assertEquals("NEW_AND_OLD_IMAGES", modify.path("dynamodb").path("StreamViewType").asText());
        assertTrue(new BigInteger(modify.path("dynamodb").path("SequenceNumber").asText())
                .compareTo(new BigInteger(insert.path("dynamodb").path("SequenceNumber").asText())) > 0);
        assertFalse(insert.path("eventID").asText().isEmpty());
    }

    @Test
    void aReportedFailure_isRetriedFromThatRecord_thenGivenUpToTheOnFailureDestination_andTheShardGoesOn() throws Exception {
        start("report", 2);

        writeTogether(List.of(item("a", false), item("b", true), item("c", false)));
        Awaitility.await("the poisoned records given up").atMost(Duration.ofSeconds(30)).until(() -> !givenUp.isEmpty());
        services.dynamoDbClient().putItem(r -> r.tableName(table).item(item("d", false)));
        Awaitility.await("the record after them").atMost(Duration.ofSeconds(30)).until(() -> deliveries("d") == 1);

        assertEquals(1, deliveries("a"));
        assertEquals(3, deliveries("b"));
        JsonNode info = JSON.readTree(givenUp.get(0)).path("DDBStreamBatchInfo");
        assertEquals(2, info.path("batchSize").asInt(), givenUp::toString);
        assertEquals(streamArn, info.path("streamArn").asText());
        assertEquals(sequenceOf("b"), info.path("startSequenceNumber").asText());
        assertEquals(sequenceOf("c"), info.path("endSequenceNumber").asText());
        assertEquals(1, givenUp.size());
    }

    @Test
    void aFunctionError_bisectsTheBatch_soOnlyTheFailingRecordIsGivenUp() throws Exception {
        start("throw", 1);

        writeTogether(List.of(item("a", false), item("b", true)));
        Awaitility.await("the poisoned record given up").atMost(Duration.ofSeconds(30)).until(() -> !givenUp.isEmpty());

        JsonNode info = JSON.readTree(givenUp.get(0)).path("DDBStreamBatchInfo");
        assertEquals(1, info.path("batchSize").asInt(), givenUp::toString);
        assertEquals(sequenceOf("b"), info.path("startSequenceNumber").asText());
        assertEquals(2, deliveries("a"));
        assertEquals(1, givenUp.size());
    }

    @Test
    void aBatchingWindow_holdsABatchThatIsNotFull_soLaterChangesJoinIt() {
        start("report", 2, Duration.ofSeconds(3));

        services.dynamoDbClient().putItem(r -> r.tableName(table).item(item("a", false)));
        Awaitility.await("the first change held in its batch").during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2))
                .until(() -> RecordingStreamHandler.batches(scope).isEmpty());
        services.dynamoDbClient().putItem(r -> r.tableName(table).item(item("b", false)));
        Awaitility.await("the batch").atMost(Duration.ofSeconds(30)).until(() -> !RecordingStreamHandler.batches(scope).isEmpty());

        List<JsonNode> batches = new ArrayList<>(RecordingStreamHandler.batches(scope));
        assertEquals(1, batches.size(), batches::toString);
        assertEquals(2, batches.get(0).path("Records").size(), batches::toString);
    }

    private String sequenceOf(String name) {
        return records().stream().filter(r -> (scope + name).equals(r.path("dynamodb").path("Keys").path("PK").path("S").asText()))
                .findFirst().orElseThrow().path("dynamodb").path("SequenceNumber").asText();
    }
}
