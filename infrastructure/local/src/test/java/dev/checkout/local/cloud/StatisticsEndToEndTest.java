package dev.checkout.local.cloud;

import static dev.checkout.local.cloud.ApiClient.status;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.local.cloud.ApiClient.Response;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * End-to-end tier: the statistics in the local cloud. Orders placed, paid, declined, rejected and refunded
 * through the HTTP API change the table; its stream, read by the local cloud's DynamoDB event source as Lambda
 * reads it, reaches the statistics function, and GET /statistics shows the change.
 */
@Tag("end-to-end")
class StatisticsEndToEndTest extends LocalCloudEndToEnd {
    private static final long PRICE = 1250;

    /** Yesterday to tomorrow (UTC), so that a run across midnight still finds its orders in the totals. */
    private static String range() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return "from=" + today.minusDays(1) + "&to=" + today.plusDays(1);
    }

    private static JsonNode statistics() {
        Response response = api.get("/statistics?" + range(), admin);
        assertEquals(200, response.status(), response.body().toString());
        return response.body();
    }

    private static String product(long available) {
        String sku = "STATS-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, api.putProduct(admin, sku, PRICE, available).status());
        return sku;
    }

    private static String placed(String sku, int quantity, String paymentMethod) {
        Response created = api.order(alice, sku, quantity, paymentMethod);
        assertEquals(201, created.status(), created.body().toString());
        return created.body().path("orderId").asText();
    }

    private static long total(JsonNode report, String field) {
        return report.path("totals").path("all").path(field).asLong();
    }

    private static long usd(JsonNode amounts) {
        for (JsonNode amount : amounts) {
            if ("USD".equals(amount.path("currency").asText())) {
                return amount.path("amount").asLong();
            }
        }
        return 0;
    }

    private static long inStatus(JsonNode report, String status) {
        return report.path("byStatus").path(status).path("platforms").path("stripe").asLong();
    }

    @Test
    void ordersPaidDeclinedRejectedAndRefunded_throughTheApi_moveTheStatistics() {
        JsonNode before = statistics();
        String sku = product(10);
        String paid = placed(sku, 1, "pm_card_visa");
        String refunded = placed(sku, 2, "pm_card_visa");
        String declined = placed(sku, 1, "pm_card_chargeDeclined");
        String rejected = placed(product(0), 1, "pm_card_visa");

        api.awaitOrder(alice, paid, status("PAID"));
        api.awaitOrder(alice, declined, status("CANCELLED"));
        api.awaitOrder(alice, rejected, status("REJECTED"));
        api.awaitOrder(alice, refunded, status("PAID"));
        assertEquals(202, api.post("/orders/" + refunded + "/refunds", admin, "{\"amount\":1000,\"reason\":\"damaged\"}").status());
        api.awaitOrder(alice, refunded, status("PARTIALLY_REFUNDED"));

        JsonNode after = Awaitility.await("the statistics counting the four orders").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(StatisticsEndToEndTest::statistics, report -> total(report, "ordersPlaced") - total(before, "ordersPlaced") == 4
                        && report.path("totals").path("all").path("refunds").path("count").asLong()
                        - before.path("totals").path("all").path("refunds").path("count").asLong() == 1
                        && total(report, "ordersRejected") - total(before, "ordersRejected") == 1
                        && total(report, "ordersCancelled") - total(before, "ordersCancelled") == 1
                        && total(report, "ordersPaid") - total(before, "ordersPaid") == 2);

        JsonNode stripe = after.path("totals").path("platforms").path("stripe");
        JsonNode stripeBefore = before.path("totals").path("platforms").path("stripe");
        assertEquals(4, stripe.path("ordersPlaced").asLong() - stripeBefore.path("ordersPlaced").asLong());
        assertEquals(3 * PRICE, usd(stripe.path("revenue")) - usd(stripeBefore.path("revenue")));
        assertEquals(1000, usd(stripe.path("refunds").path("amounts")) - usd(stripeBefore.path("refunds").path("amounts")));
        assertEquals(1, inStatus(after, "PAID") - inStatus(before, "PAID"));
        assertEquals(1, inStatus(after, "PARTIALLY_REFUNDED") - inStatus(before, "PARTIALLY_REFUNDED"));
        assertEquals(1, inStatus(after, "CANCELLED") - inStatus(before, "CANCELLED"));
        assertEquals(0, inStatus(after, "PENDING_PAYMENT") - inStatus(before, "PENDING_PAYMENT"));
        assertEquals(3, after.path("days").size());
    }

    @Test
    void aCustomer_isForbidden() {
        Response response = api.get("/statistics?" + range(), alice);

        assertEquals(403, response.status());
        assertEquals("FORBIDDEN", response.body().path("error").path("code").asText());
    }

    @Test
    void backwardsTooLongOrMalformedRanges_are400() {
        for (String query : new String[] {"from=2026-11-28&to=2026-11-22", "from=2026-01-01&to=2026-04-03", "from=2026-11-22", "from=yesterday&to=today"}) {
            Response response = api.get("/statistics?" + query, admin);

            assertEquals(400, response.status(), query + ": " + response.body());
            assertEquals("VALIDATION_FAILED", response.body().path("error").path("code").asText());
        }
    }
}
