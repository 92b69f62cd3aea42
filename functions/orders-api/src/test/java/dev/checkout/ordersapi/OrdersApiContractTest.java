package dev.checkout.ordersapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.aws.testing.ApiEvent;
import dev.checkout.aws.testing.ApiEvent.ApiResult;
import dev.checkout.aws.testing.OpenApiContract;
import dev.checkout.aws.testing.OpenApiContract.Exchange;
import dev.checkout.domain.Money;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentStatus;
import dev.checkout.domain.Refund;
import dev.checkout.domain.Sku;
import dev.checkout.port.IdGenerator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Integration tier: the orders and catalog routes as the handler answers them over DynamoDB Local
 * and ElasticMQ, checked against infrastructure/openapi.yaml, request and response, on success and
 * on every error they give.
 */
@Tag("integration")
class OrdersApiContractTest extends OrdersApiFixture {
    private final OpenApiContract contract = OpenApiContract.load();
    private Exchange call(ApiEvent event, int expectedStatus) {
        ApiResult result = event.invoke(handler);
        assertEquals(expectedStatus, result.status(), result.body().toString());
        return Exchange.of(event, result);
    }

    // GET /orders/{orderId}

    @Test
    void getOrder_byTheOwner_conforms() {
        contract.assertConforms(call(on("get-order.json", placedAndReserved(alice)).caller(alice, false), 200));
    }

    @Test
    void getOrder_withPaymentsAndRefunds_conforms() {
        OrderId id = placedAndReserved(alice);
        confirmOrder.confirm(id, null, null);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Order paid = adapters.orders().find(id).orElseThrow();
        Payment declined = Payment.pending(PaymentId.of(id, 1), "stripe", paid.total(), "pm_card_chargeDeclined", "token-1", now);
        adapters.payments().create(declined);
        adapters.payments().update(declined.withProviderReference("pi_1", now).fail("card_declined", now), PaymentStatus.PENDING);
        adapters.payments().create(Payment.pending(PaymentId.of(id, 2), "stripe", paid.total(), "pm_card_visa", "token-2", now));
        Refund refund = Refund.pending(IdGenerator.ulid().newRefundId(now), id, PaymentId.of(id, 2), "stripe", Money.of(1250, "USD"), "broken", now);
        adapters.refunds().create(refund, paid.reserveRefund(refund.amount(), now), null);

        Exchange read = call(on("get-order.json", id).caller(alice, false), 200);

        contract.assertConforms(read);
        assertTrue(read.responseBody().contains("card_declined") && read.responseBody().contains(refund.refundId().value()));
    }

    @Test
    void getOrder_ofAnotherCustomer_isA404ErrorPerContract() {
        contract.assertConforms(call(on("get-order.json", placedAndReserved(alice)).caller("bob", false), 404));
    }

    @Test
    void getOrder_withoutAToken_isA401ErrorPerContract_andTheContractRequiresTheToken() {
        Exchange refused = call(on("get-order.json", placedAndReserved(alice)).anonymous(), 401);

        contract.assertResponseConforms(refused);
        contract.assertRequestViolatesContract(refused);
    }

    @Test
    void getOrder_ofAnIdOfAnotherForm_isA404ErrorPerContract() {
        Exchange refused = call(ApiEvent.from("get-order.json").pathParameter("orderId", "12345").caller(alice, false), 404);

        contract.assertResponseConforms(refused);
        contract.assertRequestViolatesContract(refused);
    }

    // GET /orders

    @Test
    void listOrders_pagedAndFiltered_conforms_withATokenAndWithNull() {
        placedAndReserved(alice);
        placedAndReserved(alice);

        Exchange first = call(ApiEvent.from("list-orders.json").withoutQuery().query("limit", "1").caller(alice, false), 200);
        Exchange filtered = call(ApiEvent.from("list-orders.json").caller(alice, false), 200);
        Exchange ranged = call(ApiEvent.from("list-orders.json").withoutQuery().query("from", "2020-01-01T00:00:00Z")
                .query("to", "2100-01-01T00:00:00Z").query("status", "PENDING_PAYMENT").query("limit", "100").caller(alice, false), 200);

        assertTrue(first.responseBody().contains("\"nextToken\":\""), first.responseBody());
        assertTrue(ranged.responseBody().contains("\"nextToken\":null"), ranged.responseBody());
        contract.assertConforms(first);
        contract.assertConforms(filtered);
        contract.assertConforms(ranged);
    }

    @Test
    void listOrders_withFiltersTheContractRefuses_isA400ErrorPerContract() {
        for (String[] bad : new String[][] {{"limit", "0"}, {"limit", "101"}, {"limit", "ten"}, {"status", "LOST"}, {"from", "yesterday"}}) {
            Exchange refused = call(ApiEvent.from("list-orders.json").withoutQuery().query(bad[0], bad[1]).caller(alice, false), 400);

            contract.assertResponseConforms(refused);
            contract.assertRequestViolatesContract(refused);
        }
    }

    @Test
    void listOrders_withAForgedTokenOrAnInvertedRange_isA400ErrorPerContract() {
        contract.assertConforms(call(ApiEvent.from("list-orders.json").withoutQuery().query("nextToken", "forged").caller(alice, false), 400));
        contract.assertConforms(call(ApiEvent.from("list-orders.json").withoutQuery()
                .query("from", "2026-02-01T00:00:00Z").query("to", "2026-01-01T00:00:00Z").caller(alice, false), 400));
    }

    // POST /orders/{orderId}/cancel

    @Test
    void cancel_whilePending_conforms_andSoDoesItsRepeat() {
        OrderId id = placedAndReserved(alice);

        contract.assertConforms(call(on("cancel-order.json", id).caller(alice, false), 200));
        contract.assertConforms(call(on("cancel-order.json", id).caller(alice, false), 200));
    }

    @Test
    void cancel_ofAPaidOrder_isA409ErrorPerContract() {
        OrderId id = placedAndReserved(alice);
        confirmOrder.confirm(id, null, null);

        contract.assertConforms(call(on("cancel-order.json", id).caller(alice, false), 409));
    }

    @Test
    void cancel_ofAnotherCustomersOrder_isA404ErrorPerContract() {
        contract.assertConforms(call(on("cancel-order.json", placedAndReserved(alice)).caller("bob", false), 404));
    }

    // POST /orders/{orderId}/ship and /complete

    @Test
    void shipAndComplete_byAnAdmin_conform() {
        OrderId id = placedAndReserved(alice);
        confirmOrder.confirm(id, null, null);

        contract.assertConforms(call(on("ship-order.json", id), 200));
        contract.assertConforms(call(on("complete-order.json", id), 200));
    }

    @Test
    void ship_byACustomer_isA403ErrorPerContract() {
        contract.assertConforms(call(on("ship-order.json", placedAndReserved(alice)).caller(alice, false), 403));
    }

    @Test
    void shipOrComplete_outOfTurn_isA409ErrorPerContract() {
        OrderId id = placedAndReserved(alice);

        contract.assertConforms(call(on("ship-order.json", id), 409));
        contract.assertConforms(call(on("complete-order.json", id), 409));
    }

    @Test
    void ship_ofAnUnknownOrder_isA404ErrorPerContract() {
        contract.assertConforms(call(on("ship-order.json", IdGenerator.ulid().newOrderId(Instant.now())), 404));
    }

    // PUT /products/{sku}, GET /products, GET /products/{sku}

    @Test
    void putProduct_byAnAdmin_andThePublicReads_conform() {
        String newSku = "LAMP-" + UUID.randomUUID().toString().substring(0, 8);

        contract.assertConforms(call(ApiEvent.from("put-product.json").pathParameter("sku", newSku), 201));
        contract.assertConforms(call(ApiEvent.from("put-product.json").pathParameter("sku", newSku), 200));
        contract.assertConforms(call(ApiEvent.from("get-product.json").pathParameter("sku", newSku), 200));
        contract.assertConforms(call(ApiEvent.from("list-products.json"), 200));
        contract.assertConforms(call(ApiEvent.from("list-products.json").withoutQuery().query("limit", "100"), 200));
    }

    @Test
    void putProduct_withShards_spreadsTheStock_andReadsSumIt_perContract() {
        String newSku = "FLASH-" + UUID.randomUUID().toString().substring(0, 8);

        contract.assertConforms(call(ApiEvent.from("put-product-sharded.json").pathParameter("sku", newSku), 201));
        Exchange read = call(ApiEvent.from("get-product.json").pathParameter("sku", newSku), 200);

        contract.assertConforms(read);
        assertTrue(read.responseBody().contains("\"available\":10000"), read.responseBody());
    }

    @Test
    void putProduct_withFewerShardsThanTheProductHas_isA400ErrorPerContract() {
        String newSku = "FLASH-" + UUID.randomUUID().toString().substring(0, 8);
        call(ApiEvent.from("put-product-sharded.json").pathParameter("sku", newSku), 201);
        var fewer = ApiEvent.from("put-product-sharded.json").bodyJson().put("shards", 4);

        contract.assertConforms(call(ApiEvent.from("put-product-sharded.json").pathParameter("sku", newSku).body(fewer), 400));
    }

    @Test
    void listProducts_pagesWithAToken_thatConforms() {
        adapters.catalog().put(Sku.of(sku.value() + "-B"), "Second mug", Money.of(1300, "USD"), 1);
        Exchange first = call(ApiEvent.from("list-products.json").withoutQuery().query("limit", "1"), 200);

        contract.assertConforms(first);
        assertTrue(first.responseBody().contains("\"nextToken\":\""), first.responseBody());
    }

    @Test
    void putProduct_byACustomer_isA403ErrorPerContract() {
        String newSku = "LAMP-" + UUID.randomUUID().toString().substring(0, 8);

        contract.assertConforms(call(ApiEvent.from("put-product.json").pathParameter("sku", newSku).caller(alice, false), 403));
    }

    @Test
    void putProduct_withBodiesTheContractRefuses_isA400ErrorPerContract() {
        String newSku = "LAMP-" + UUID.randomUUID().toString().substring(0, 8);
        for (String bad : badProductBodies()) {
            Exchange refused = call(ApiEvent.from("put-product.json").pathParameter("sku", newSku).body(bad), 400);

            contract.assertResponseConforms(refused);
            contract.assertRequestViolatesContract(refused);
        }
    }

    @Test
    void putProduct_withABodyNotSentAsJson_isA415ErrorPerContract_andTheContractRefusesTheRequestToo() {
        Exchange refused = call(ApiEvent.from("put-product.json").pathParameter("sku", sku.value()).header("content-type", "text/plain"), 415);

        contract.assertResponseConforms(refused);
        contract.assertRequestViolatesContract(refused);
    }

    @Test
    void getOrder_withAnOrderIdThatIsNotValidUnicode_isA400ErrorPerContract() {
        contract.assertResponseConforms(call(ApiEvent.from("get-order.json").pathParameter("orderId", "ord_\uD800").caller(alice, false), 400));
    }

    @Test
    void putProduct_overTheBodyLimit_isA413ErrorPerContract() {
        String newSku = "LAMP-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode body = ApiEvent.from("put-product.json").bodyJson().put("pad", "x".repeat(70 * 1024));

        contract.assertConforms(call(ApiEvent.from("put-product.json").pathParameter("sku", newSku).body(body), 413));
    }

    @Test
    void putProduct_withoutAToken_isA401ErrorPerContract() {
        Exchange refused = call(ApiEvent.from("put-product.json").pathParameter("sku", sku.value()).anonymous(), 401);

        contract.assertResponseConforms(refused);
        contract.assertRequestViolatesContract(refused);
    }

    @Test
    void getProduct_unknown_isA404ErrorPerContract_andMalformed_isA400() {
        contract.assertConforms(call(ApiEvent.from("get-product.json").pathParameter("sku", "NOPE-" + UUID.randomUUID().toString().substring(0, 6)), 404));

        Exchange malformed = call(ApiEvent.from("get-product.json").pathParameter("sku", "-no"), 400);
        contract.assertResponseConforms(malformed);
        contract.assertRequestViolatesContract(malformed);
    }
}
