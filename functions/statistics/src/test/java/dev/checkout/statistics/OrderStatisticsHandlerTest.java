package dev.checkout.statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.aws.lambda.Json;
import dev.checkout.aws.testing.ApiEvent;
import dev.checkout.aws.testing.ApiEvent.ApiResult;
import dev.checkout.aws.testing.LocalEnvironment;
import dev.checkout.aws.wiring.FunctionEnvironment;
import dev.checkout.local.services.Events;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Integration tier: the stream handler on DynamoDB Local, driven by events/statistics-stream.json (Lambda's
 * DynamoDB stream event: two orders placed on 2026-11-22, one paid with a card, one by Alipay and cancelled, the
 * card order partly refunded on 2026-11-23, and a stock item's change among them), read back through
 * GET /statistics (events/get-statistics.json).
 */
@Tag("integration")
class OrderStatisticsHandlerTest {
    private final FunctionEnvironment env = LocalEnvironment.of(Map.of());
    private final OrderStatisticsHandler handler = new OrderStatisticsHandler(env);
    private final StatisticsQueryHandler query = new StatisticsQueryHandler(env);

    private JsonNode deliver(String event) throws IOException {
        var output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output, null);
        return Json.parse(output.toString(StandardCharsets.UTF_8));
    }

    private JsonNode statistics() {
        ApiResult result = ApiEvent.from("get-statistics.json").invoke(query);
        assertEquals(200, result.status(), result.text());
        return result.body();
    }

    /** The fixture with its records' event ids made unique, so that each test counts it afresh. */
    private static String withFreshEventIds() {
        ObjectNode event = (ObjectNode) Json.parse(Events.read("statistics-stream.json"));
        String run = UUID.randomUUID().toString();
        event.path("Records").forEach(r -> ((ObjectNode) r).put("eventID", run + r.path("eventID").asText()));
        return event.toString();
    }

    private static long day(JsonNode report, int index, String field) {
        return report.path("days").get(index).path("all").path(field).asLong();
    }

    @Test
    void theRecordedStreamEvent_deliveredTwice_isCountedOnce() throws IOException {
        JsonNode before = statistics();

        JsonNode first = deliver(Events.read("statistics-stream.json"));
        JsonNode second = deliver(Events.read("statistics-stream.json"));
        JsonNode after = statistics();

        assertEquals(0, first.path("batchItemFailures").size(), first.toString());
        assertEquals(0, second.path("batchItemFailures").size(), second.toString());
        assertFixtureCountedOnce(before, after);
    }

    @Test
    void eachDay_isSplitPerPlatform_withRevenueAndRefundsPerCurrency() throws IOException {
        JsonNode before = statistics();

        deliver(withFreshEventIds());
        JsonNode after = statistics();

        JsonNode stripeBefore = before.path("days").get(0).path("platforms").path("stripe");
        JsonNode stripe = after.path("days").get(0).path("platforms").path("stripe");
        JsonNode alipay = after.path("days").get(0).path("platforms").path("alipay");
        JsonNode alipayBefore = before.path("days").get(0).path("platforms").path("alipay");
        assertEquals(1, stripe.path("ordersPaid").asLong() - stripeBefore.path("ordersPaid").asLong());
        assertEquals(1, alipay.path("ordersCancelled").asLong() - alipayBefore.path("ordersCancelled").asLong());
        assertEquals(amount(stripeBefore.path("revenue"), "USD") + 2500, amount(stripe.path("revenue"), "USD"));
        assertEquals(amount(before.path("days").get(1).path("all").path("refunds").path("amounts"), "USD") + 1000,
                amount(after.path("days").get(1).path("all").path("refunds").path("amounts"), "USD"));
        assertEquals(0, amount(alipay.path("revenue"), "CNY") - amount(alipayBefore.path("revenue"), "CNY"));
        assertEquals(1, after.path("byStatus").path("PARTIALLY_REFUNDED").path("platforms").path("stripe").asLong()
                - before.path("byStatus").path("PARTIALLY_REFUNDED").path("platforms").path("stripe").asLong());
        assertEquals(7, after.path("days").size());
    }

    @Test
    void aBatchOverlappingAnEarlierOne_countsItsNewRecordsOnly() throws IOException {
        ObjectNode event = (ObjectNode) Json.parse(withFreshEventIds());
        // An earlier batch ended after the card order was placed and paid (the stock change between them).
        ObjectNode firstPart = event.deepCopy();
        ArrayNode firstRecords = (ArrayNode) firstPart.path("Records");
        while (firstRecords.size() > 3) {
            firstRecords.remove(3);
        }
        JsonNode before = statistics();

        deliver(firstPart.toString());
        JsonNode response = deliver(event.toString());
        JsonNode after = statistics();

        assertEquals(0, response.path("batchItemFailures").size(), response.toString());
        assertFixtureCountedOnce(before, after);
    }

    @Test
    void batchesCountedOnTheirOwnShards_addUpInGetStatistics() throws IOException {
        JsonNode before = statistics();

        for (int i = 0; i < 12; i++) {
            deliver(withFreshEventIds());
        }
        JsonNode after = statistics();

        assertEquals(24, day(after, 0, "ordersPlaced") - day(before, 0, "ordersPlaced"));
        assertEquals(12, day(after, 0, "ordersPaid") - day(before, 0, "ordersPaid"));
        assertEquals(12, refunds(after, 1) - refunds(before, 1));
        assertEquals(12, after.path("byStatus").path("PARTIALLY_REFUNDED").path("orders").asLong()
                - before.path("byStatus").path("PARTIALLY_REFUNDED").path("orders").asLong());
    }

    @Test
    void aRecordThatFails_isReportedBySequenceNumber_andEndsTheBatch() throws IOException {
        ObjectNode event = (ObjectNode) Json.parse(withFreshEventIds());
        // An order image without its lines cannot be read: the third record fails, the ones after it are left.
        ((ObjectNode) event.path("Records").get(2).path("dynamodb").path("NewImage")).remove("lines");

        JsonNode response = deliver(event.toString());

        assertEquals(1, response.path("batchItemFailures").size(), response.toString());
        assertEquals(event.path("Records").get(2).path("dynamodb").path("SequenceNumber").asText(),
                response.path("batchItemFailures").get(0).path("itemIdentifier").asText());
    }

    /** The fixture's two orders placed, one paid, one cancelled, one refund, between {@code before} and {@code after}. */
    private static void assertFixtureCountedOnce(JsonNode before, JsonNode after) {
        assertEquals(2, day(after, 0, "ordersPlaced") - day(before, 0, "ordersPlaced"));
        assertEquals(1, day(after, 0, "ordersPaid") - day(before, 0, "ordersPaid"));
        assertEquals(1, day(after, 0, "ordersCancelled") - day(before, 0, "ordersCancelled"));
        assertEquals(1, refunds(after, 1) - refunds(before, 1));
    }

    private static long refunds(JsonNode report, int index) {
        return report.path("days").get(index).path("all").path("refunds").path("count").asLong();
    }

    private static long amount(JsonNode amounts, String currency) {
        for (JsonNode amount : amounts) {
            if (currency.equals(amount.path("currency").asText())) {
                return amount.path("amount").asLong();
            }
        }
        return 0;
    }
}
