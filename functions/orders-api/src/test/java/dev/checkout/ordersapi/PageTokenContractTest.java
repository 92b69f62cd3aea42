package dev.checkout.ordersapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.aws.testing.ApiEvent;
import dev.checkout.aws.testing.ApiEvent.ApiResult;
import dev.checkout.aws.testing.OpenApiContract;
import dev.checkout.aws.testing.OpenApiContract.Exchange;
import dev.checkout.domain.Money;
import dev.checkout.domain.Sku;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Integration tier: the page tokens of the paged routes ({@code GET /orders}, {@code GET /products}) as the
 * handler answers them over DynamoDB Local, checked against infrastructure/openapi.yaml. A genuine next page is a
 * 200; a token that was crafted, altered, truncated, issued to another caller, for other filters or by the other
 * route is a 400 {@code VALIDATION_FAILED}, never a 500 and never a page.
 */
@Tag("integration")
class PageTokenContractTest extends OrdersApiFixture {
    private final OpenApiContract contract = OpenApiContract.load();
    private String orderToken;
    private String productToken;

    @BeforeEach
    void issueATokenOfEachRoute() {
        for (int i = 0; i < 3; i++) {
            placedAndReserved(alice);
        }
        adapters.catalog().put(Sku.of(sku.value() + "-B"), "Second mug", Money.of(1300, "USD"), 1);
        orderToken = call(listOrders(alice).query("limit", "1"), 200).body().path("nextToken").asText();
        productToken = call(listProducts().query("limit", "1"), 200).body().path("nextToken").asText();
    }

    @Test
    void listOrders_withItsNextToken_andTheSameFilters_answersTheNextPage() {
        ApiResult first = call(listOrders(alice).query("limit", "1").query("status", "PENDING_PAYMENT"), 200);

        Exchange next = exchange(listOrders(alice).query("limit", "1").query("status", "PENDING_PAYMENT")
                .query("nextToken", first.body().path("nextToken").asText()), 200);

        contract.assertConforms(next);
        assertNotEquals(first.body().path("orders").path(0).path("orderId"), json(next).path("orders").path(0).path("orderId"));
    }

    @Test
    void listOrders_withItsNextToken_andAnotherLimit_answersTheNextPage() {
        contract.assertConforms(exchange(listOrders(alice).query("limit", "2").query("nextToken", orderToken), 200));
    }

    @Test
    void listProducts_withItsNextToken_answersTheNextPage() {
        contract.assertConforms(exchange(listProducts().query("limit", "1").query("nextToken", productToken), 200));
    }

    @Test
    void listOrders_refusesEveryTokenItDidNotIssueForThisCallerAndTheseFilters_with400() {
        var refused = new LinkedHashMap<String, ApiEvent>();
        refused.put("another status filter", listOrders(alice).query("limit", "1").query("status", "PAID").query("nextToken", orderToken));
        refused.put("a from filter added", listOrders(alice).query("limit", "1").query("from", "2020-01-01T00:00:00Z").query("nextToken", orderToken));
        refused.put("a to filter added", listOrders(alice).query("limit", "1").query("to", "2100-01-01T00:00:00Z").query("nextToken", orderToken));
        refused.put("another caller", listOrders("bob-" + UUID.randomUUID()).query("limit", "1").query("nextToken", orderToken));
        refused.put("the catalog's token", listOrders(alice).query("limit", "1").query("nextToken", productToken));
        for (var crafted : craftedTokens(orderToken, "USER#" + alice, "ORDER#ord_01JDZ8Q4K3M5N7P9R2T4V6X8Y0", "ORDER",
                "2026-11-22T10:00:00.000Z#ord_01JDZ8Q4K3M5N7P9R2T4V6X8Y0").entrySet()) {
            refused.put(crafted.getKey(), listOrders(alice).query("limit", "1").query("nextToken", crafted.getValue()));
        }

        assertEveryOneRefused(refused);
    }

    @Test
    void listProducts_refusesEveryTokenItDidNotIssue_with400() {
        var refused = new LinkedHashMap<String, ApiEvent>();
        refused.put("a token of GET /orders", listProducts().query("limit", "1").query("nextToken", orderToken));
        for (var crafted : craftedTokens(productToken, "CATALOG", "PRODUCT#ZZZ-1", "PRODUCT", "ZZZ-1").entrySet()) {
            refused.put(crafted.getKey(), listProducts().query("limit", "1").query("nextToken", crafted.getValue()));
        }

        assertEveryOneRefused(refused);
    }

    /**
     * Tokens no caller could have been given: the page's genuine token truncated or altered, and valid base64 of
     * the key fields of the route's partition in the unsigned form the API once issued, with empty or made-up values.
     */
    private static Map<String, String> craftedTokens(String genuine, String partition, String pk, String sk, String indexSk) {
        var tokens = new LinkedHashMap<String, String>();
        tokens.put("the genuine token truncated", genuine.substring(0, genuine.length() - 8));
        tokens.put("the genuine token, its first half only", genuine.substring(0, genuine.length() / 2));
        tokens.put("the genuine token with a character changed", changedAt(genuine, genuine.length() / 3));
        tokens.put("the genuine token with its signature changed", changedAt(genuine, genuine.length() - 10));
        tokens.put("the genuine token with a character appended", genuine + "A");
        tokens.put("empty key fields of the route's partition", base64("\n\n" + partition + "\n"));
        tokens.put("made-up key fields of the route's partition", base64(pk + "\n" + sk + "\n" + partition + "\n" + indexSk));
        tokens.put("three of the four key fields", base64(pk + "\n" + sk + "\n" + partition));
        tokens.put("not base64", "*not~a;token*");
        tokens.put("standard base64 with padding", Base64.getEncoder().encodeToString(new byte[] {(byte) 0xfb, (byte) 0xff}));
        tokens.put("over 2 KB", "A".repeat(4096));
        return tokens;
    }

    private void assertEveryOneRefused(Map<String, ApiEvent> refused) {
        var problems = new ArrayList<String>();
        refused.forEach((what, event) -> {
            ApiResult result = event.invoke(handler);
            if (result.status() != 400 || !"VALIDATION_FAILED".equals(result.errorCode())) {
                problems.add(what + " -> " + result.status() + " " + result.body());
                return;
            }
            Exchange exchange = Exchange.of(event, result);
            List<String> violations = contract.responseViolations(exchange);
            if (!violations.isEmpty()) {
                problems.add(what + " -> response violates the contract: " + violations);
            }
        });
        assertEquals(List.of(), problems);
        assertTrue(refused.size() >= 12, "the table is not empty");
    }

    private static String changedAt(String token, int index) {
        char replacement = token.charAt(index) == 'A' ? 'B' : 'A';
        return token.substring(0, index) + replacement + token.substring(index + 1);
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ApiEvent listOrders(String caller) {
        return ApiEvent.from("list-orders.json").withoutQuery().caller(caller, false);
    }

    private static ApiEvent listProducts() {
        return ApiEvent.from("list-products.json").withoutQuery();
    }

    private ApiResult call(ApiEvent event, int expectedStatus) {
        ApiResult result = event.invoke(handler);
        assertEquals(expectedStatus, result.status(), result.body().toString());
        return result;
    }

    private Exchange exchange(ApiEvent event, int expectedStatus) {
        return Exchange.of(event, call(event, expectedStatus));
    }

    private static com.fasterxml.jackson.databind.JsonNode json(Exchange exchange) {
        return dev.checkout.aws.lambda.Json.parse(exchange.responseBody());
    }
}
