package dev.checkout.ordersapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.aws.testing.ApiEvent;
import dev.checkout.aws.testing.ApiEvent.ApiResult;
import dev.checkout.aws.testing.OpenApiContract;
import dev.checkout.aws.testing.OpenApiContract.Exchange;
import dev.checkout.domain.OrderId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Integration tier: {@code GET /admin/orders} (events/list-all-orders.json) over DynamoDB Local, checked against
 * infrastructure/openapi.yaml: every customer's orders for an admin, newest first, by status, paged with its signed
 * token; 403 for a customer; a token of another list or other filters refused with 400.
 */
@Tag("integration")
class AdminOrderListTest extends OrdersApiFixture {
    private final OpenApiContract contract = OpenApiContract.load();
    private final List<OrderId> placedOldestFirst = new ArrayList<>();
    private String bob;
    private String from;
    private String to;

    /** Five orders of two customers, two of them paid, all placed within [from, to] and nothing else is. */
    @BeforeEach
    void placeOrdersOfTwoCustomers() {
        bob = "bob-" + UUID.randomUUID();
        from = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        for (int i = 0; i < 5; i++) {
            OrderId id = placedAndReserved(i % 2 == 0 ? alice : bob);
            if (i == 1 || i == 4) {
                confirmOrder.confirm(id, null, null);
            }
            placedOldestFirst.add(id);
        }
        to = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusMillis(1).toString();
    }

    @Test
    void listAll_byAnAdmin_pagesEveryCustomersOrders_newestFirst() {
        List<String> listed = new ArrayList<>();
        ApiEvent page = listAll().query("limit", "2");
        while (true) {
            JsonNode body = call(page, 200).body();
            listed.addAll(ids(body));
            if (body.path("nextToken").isNull()) {
                break;
            }
            page = listAll().query("limit", "2").query("nextToken", body.path("nextToken").asText());
        }

        assertEquals(newestFirst(placedOldestFirst), listed);
    }

    @Test
    void listAll_withAStatus_listsOnlyOrdersInIt() {
        ApiResult paid = call(listAll().query("status", "PAID"), 200);
        ApiResult pending = call(listAll().query("status", "PENDING_PAYMENT"), 200);

        assertEquals(List.of(placedOldestFirst.get(4).value(), placedOldestFirst.get(1).value()), ids(paid.body()));
        assertEquals(List.of(placedOldestFirst.get(3).value(), placedOldestFirst.get(2).value(), placedOldestFirst.get(0).value()), ids(pending.body()));
    }

    @Test
    void listAll_byACustomer_is403_andTheCustomersOwnListIsUnchanged() {
        ApiResult refused = call(listAll().caller(alice, false), 403);
        ApiResult own = ApiEvent.from("list-orders.json").withoutQuery().caller(alice, false).invoke(handler);

        assertEquals("FORBIDDEN", refused.errorCode());
        assertEquals(newestFirst(List.of(placedOldestFirst.get(0), placedOldestFirst.get(2), placedOldestFirst.get(4))), ids(own.body()));
    }

    @Test
    void getOrder_byAnAdmin_readsAnyCustomersOrder() {
        ApiResult read = on("get-order.json", placedOldestFirst.get(1)).caller("ops-" + UUID.randomUUID(), true).invoke(handler);

        assertEquals(200, read.status(), read.body().toString());
        assertEquals(bob, read.body().path("userId").asText());
    }

    @Test
    void listAll_refusesTokensNotIssuedForItAndTheseFilters_with400() {
        String token = call(listAll().query("limit", "1"), 200).body().path("nextToken").asText();
        String customerToken = ApiEvent.from("list-orders.json").withoutQuery().query("limit", "1").caller(alice, false)
                .invoke(handler).body().path("nextToken").asText();
        var refused = new LinkedHashMap<String, ApiEvent>();
        refused.put("another status", listAll().query("limit", "1").query("status", "PAID").query("nextToken", token));
        refused.put("another from", listAll().query("limit", "1").query("from", to).query("nextToken", token));
        refused.put("to left out", listAll().withoutQuery().query("from", from).query("limit", "1").query("nextToken", token));
        refused.put("the customer list's token", listAll().query("limit", "1").query("nextToken", customerToken));
        refused.put("altered", listAll().query("limit", "1").query("nextToken", token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA")));
        refused.put("made up", listAll().query("limit", "1").query("nextToken", "bm90LWEtdG9rZW4"));
        ApiResult onTheCustomerList = ApiEvent.from("list-orders.json").withoutQuery().query("limit", "1").query("nextToken", token)
                .caller(alice, false).invoke(handler);

        var problems = new ArrayList<String>();
        refused.forEach((what, event) -> {
            ApiResult result = event.invoke(handler);
            if (result.status() != 400 || !"VALIDATION_FAILED".equals(result.errorCode()) || !contract.responseViolations(Exchange.of(event, result)).isEmpty()) {
                problems.add(what + " -> " + result.status() + " " + result.body());
            }
        });
        assertEquals(List.of(), problems);
        assertEquals(400, onTheCustomerList.status());
    }

    @Test
    void listAll_refusesABadWindow_with400() {
        for (String[] window : new String[][] {{"2026-01-01T00:00:00Z", "2026-02-01T00:00:01Z"}, {"2026-02-01T00:00:00Z", "2026-01-01T00:00:00Z"}}) {
            ApiResult result = call(listAll().withoutQuery().query("from", window[0]).query("to", window[1]), 400);

            assertEquals("VALIDATION_FAILED", result.errorCode());
        }
        assertEquals(400, listAll().withoutQuery().query("from", "2000-01-01T00:00:00Z").invoke(handler).status(), "to defaults to now: more than 31 days");
    }

    @Test
    void listAll_asTheFixtureAsksIt_conforms() {
        assertTrue(call(ApiEvent.from("list-all-orders.json"), 200).body().path("orders").isArray());
    }

    private ApiEvent listAll() {
        return ApiEvent.from("list-all-orders.json").withoutQuery().query("from", from).query("to", to);
    }

    /** The handler's answer to {@code event}, of {@code expectedStatus} and conforming to the contract. */
    private ApiResult call(ApiEvent event, int expectedStatus) {
        ApiResult result = event.invoke(handler);
        assertEquals(expectedStatus, result.status(), result.body().toString());
        contract.assertConforms(Exchange.of(event, result));
        return result;
    }

    private static List<String> newestFirst(List<OrderId> oldestFirst) {
        var ids = new ArrayList<>(oldestFirst.stream().map(OrderId::value).toList());
        java.util.Collections.reverse(ids);
        return ids;
    }

    private static List<String> ids(JsonNode body) {
        return StreamSupport.stream(body.path("orders").spliterator(), false).map(o -> o.path("orderId").asText()).toList();
    }
}
