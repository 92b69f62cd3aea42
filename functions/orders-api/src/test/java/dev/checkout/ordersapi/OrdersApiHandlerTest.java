package dev.checkout.ordersapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.aws.testing.ApiEvent;
import dev.checkout.aws.testing.ApiEvent.ApiResult;
import dev.checkout.aws.testing.InvalidUnicode;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.Sku;
import dev.checkout.domain.WorkflowUnavailableException;
import dev.checkout.local.services.LocalServices;
import dev.checkout.port.IdGenerator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sqs.model.Message;

/** Integration tier: the orders and catalog routes over DynamoDB Local and ElasticMQ, driven by events/. */
@Tag("integration")
class OrdersApiHandlerTest extends OrdersApiFixture {
    @Test
    void owner_readsTheOrder_withPaymentsAndRefunds() {
        OrderId id = placedAndReserved(alice);

        ApiResult result = on("get-order.json", id).caller(alice, false).invoke(handler);

        assertEquals(200, result.status());
        assertEquals(id.value(), result.body().path("orderId").asText());
        assertEquals("PENDING_PAYMENT", result.body().path("status").asText());
        assertTrue(result.body().path("payments").isArray());
        assertTrue(result.body().path("refunds").isArray());
    }

    @Test
    void anotherCustomer_canNeitherReadNorCancel_andLearnsNothing() {
        OrderId id = placedAndReserved(alice);

        ApiResult read = on("get-order.json", id).caller("bob", false).invoke(handler);
        ApiResult cancel = on("cancel-order.json", id).caller("bob", false).invoke(handler);
        ApiResult missing = on("get-order.json", IdGenerator.ulid().newOrderId(java.time.Instant.now())).caller("bob", false).invoke(handler);

        assertEquals(404, read.status());
        assertEquals(404, cancel.status());
        assertEquals(missing.body().path("error").path("code"), read.body().path("error").path("code"));
        assertEquals("PENDING_PAYMENT", adapters.orders().find(id).orElseThrow().status().name());
    }

    @Test
    void admin_readsAnyOrder() {
        OrderId id = placedAndReserved(alice);
        assertEquals(200, on("get-order.json", id).caller("admin", true).invoke(handler).status());
    }

    @Test
    void cancel_whilePending_releasesStock_stopsTheCheckout_andQueuesThePaymentCancellation() {
        OrderId id = placedAndReserved(alice);

        ApiResult first = on("cancel-order.json", id).caller(alice, false).invoke(handler);
        ApiResult again = on("cancel-order.json", id).caller(alice, false).invoke(handler);

        assertEquals(200, first.status());
        assertEquals("CANCELLED", first.body().path("status").asText());
        assertEquals(200, again.status());
        assertEquals(10, adapters.catalog().find(sku).orElseThrow().available());
        assertEquals(List.of(id, id), workflow.stopped);
        assertEquals(2, cancelPaymentMessages(id));
    }

    @Test
    void cancel_thatCouldNotStopTheCheckout_isFinishedByItsRetry() {
        OrderId id = placedAndReserved(alice);
        workflow.failStopsWith(new WorkflowUnavailableException("Step Functions is down", null));

        ApiResult failed = on("cancel-order.json", id).caller(alice, false).invoke(handler);
        workflow.failStopsWith(null);
        ApiResult retried = on("cancel-order.json", id).caller(alice, false).invoke(handler);

        assertEquals(503, failed.status());
        assertEquals(200, retried.status());
        assertEquals("CANCELLED", retried.body().path("status").asText());
        assertEquals(10, adapters.catalog().find(sku).orElseThrow().available());
        assertEquals(List.of(id), workflow.stopped);
        assertEquals(1, cancelPaymentMessages(id));
    }

    /** Cancellations queued for {@code id}; the queue is drained (other tests' messages included). */
    private long cancelPaymentMessages(OrderId id) {
        long count = 0;
        List<Message> batch;
        do {
            batch = LocalServices.shared().sqsClient().receiveMessage(r -> r.queueUrl(chargeQueue).maxNumberOfMessages(10)).messages();
            count += batch.stream().filter(m -> m.body().contains(id.value()) && m.body().contains("cancel-payments")).count();
        } while (!batch.isEmpty());
        return count;
    }

    @Test
    void cancel_ofAPaidOrder_is409() {
        OrderId id = placedAndReserved(alice);
        confirmOrder.confirm(id, null, null);

        ApiResult result = on("cancel-order.json", id).caller(alice, false).invoke(handler);

        assertEquals(409, result.status());
        assertEquals("STATE_CONFLICT", result.errorCode());
    }

    @Test
    void shipAndComplete_needAdmin_andAPaidOrder() {
        OrderId id = placedAndReserved(alice);

        ApiResult asCustomer = on("ship-order.json", id).caller(alice, false).invoke(handler);
        ApiResult beforePayment = on("ship-order.json", id).invoke(handler);
        confirmOrder.confirm(id, null, null);
        ApiResult shipped = on("ship-order.json", id).invoke(handler);
        ApiResult completed = on("complete-order.json", id).invoke(handler);

        assertEquals(403, asCustomer.status());
        assertEquals(409, beforePayment.status());
        assertEquals("ILLEGAL_TRANSITION", beforePayment.errorCode());
        assertEquals("SHIPPED", shipped.body().path("status").asText());
        assertEquals("COMPLETED", completed.body().path("status").asText());
    }

    @Test
    void list_returnsOnlyTheCallersOrders_filteredAndPaged() {
        OrderId first = placedAndReserved(alice);
        OrderId second = placedAndReserved(alice);
        placedAndReserved("bob-" + UUID.randomUUID());
        confirmOrder.confirm(second, null, null);

        ApiResult paid = ApiEvent.from("list-orders.json").caller(alice, false).invoke(handler);
        ApiResult page = ApiEvent.from("list-orders.json").withoutQuery().query("limit", "1").caller(alice, false).invoke(handler);
        ApiResult next = ApiEvent.from("list-orders.json").withoutQuery().query("limit", "1")
                .query("nextToken", page.body().path("nextToken").asText()).caller(alice, false).invoke(handler);

        assertEquals(List.of(second.value()), ids(paid.body()));
        assertEquals(List.of(second.value()), ids(page.body()));
        assertEquals(List.of(first.value()), ids(next.body()));
    }

    private static List<String> ids(JsonNode body) {
        return java.util.stream.StreamSupport.stream(body.path("orders").spliterator(), false).map(o -> o.path("orderId").asText()).toList();
    }

    @Test
    void list_refusesBadFilters() {
        for (String[] bad : new String[][] {{"limit", "0"}, {"limit", "101"}, {"limit", "ten"}, {"status", "LOST"},
                {"from", "yesterday"}, {"nextToken", "forged"}}) {
            ApiResult result = ApiEvent.from("list-orders.json").withoutQuery().query(bad[0], bad[1]).caller(alice, false).invoke(handler);
            assertEquals(400, result.status(), bad[0] + "=" + bad[1]);
        }
    }

    @Test
    void putProduct_byAdmin_setsNamePriceAndStock_andIsPubliclyReadable() {
        String newSku = "LAMP-" + UUID.randomUUID().toString().substring(0, 8);
        ApiEvent put = ApiEvent.from("put-product.json").pathParameter("sku", newSku);

        ApiResult created = put.invoke(handler);
        ApiResult replaced = put.invoke(handler);
        ApiResult read = ApiEvent.from("get-product.json").pathParameter("sku", newSku).invoke(handler);
        ApiResult list = ApiEvent.from("list-products.json").withoutQuery().query("limit", "100").invoke(handler);

        assertEquals(201, created.status());
        assertEquals(200, replaced.status());
        assertEquals(100, read.body().path("available").asLong());
        assertEquals(1250, read.body().path("price").path("amount").asLong());
        assertTrue(list.body().path("products").isArray());
    }

    @Test
    void putProduct_byACustomer_is403_andWritesNothing() {
        String newSku = "LAMP-" + UUID.randomUUID().toString().substring(0, 8);

        ApiResult result = ApiEvent.from("put-product.json").pathParameter("sku", newSku).caller(alice, false).invoke(handler);

        assertEquals(403, result.status());
        assertEquals("FORBIDDEN", result.errorCode());
        assertFalse(adapters.catalog().find(Sku.of(newSku)).isPresent());
    }

    @Test
    void putProduct_refusesBadBodies() {
        String newSku = "LAMP-" + UUID.randomUUID().toString().substring(0, 8);
        for (String bad : badProductBodies()) {
            ApiResult result = ApiEvent.from("put-product.json").pathParameter("sku", newSku).body(bad).invoke(handler);
            assertEquals(400, result.status(), bad);
        }
        assertFalse(adapters.catalog().find(Sku.of(newSku)).isPresent());
    }

    @ParameterizedTest(name = "Content-Type: {0}")
    @ValueSource(strings = {"text/plain", "application/octet-stream", "none", "application/json; charset=iso-8859-1"})
    void putProduct_refuses415_whenTheBodyIsNotSentAsJson_andStoresNothing(String contentType) {
        String newSku = "LAMP-" + UUID.randomUUID().toString().substring(0, 8);
        ApiEvent put = ApiEvent.from("put-product.json").pathParameter("sku", newSku);

        ApiResult result = (contentType.equals("none") ? put.withoutHeader("content-type") : put.header("content-type", contentType)).invoke(handler);

        assertEquals(415, result.status(), result.body().toString());
        assertEquals("UNSUPPORTED_MEDIA_TYPE", result.errorCode());
        assertFalse(adapters.catalog().find(Sku.of(newSku)).isPresent());
    }

    static Stream<Arguments> invalidProductText() {
        return Stream.of(InvalidUnicode.values()).flatMap(how -> Stream.of(
                Arguments.of("/name", how), Arguments.of("/price/currency", how), Arguments.of("a new key", how)));
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("invalidProductText")
    void putProduct_withTextThatIsNotValidUnicode_isRefused400_andStoresNothing(String where, InvalidUnicode how) {
        String newSku = "LAMP-" + UUID.randomUUID().toString().substring(0, 8);
        ApiEvent put = ApiEvent.from("put-product.json").pathParameter("sku", newSku);
        byte[] body = where.startsWith("/") ? how.inValueAt(put.bodyJson(), where) : how.inNewKey(put.bodyJson());

        ApiResult result = put.base64Body(body).invoke(handler);

        assertEquals(400, result.status(), result.body().toString());
        assertEquals("VALIDATION_FAILED", result.errorCode());
        assertFalse(adapters.catalog().find(Sku.of(newSku)).isPresent());
    }

    /** Every route of the function, with each of its path parameters holding an unpaired surrogate. */
    static Stream<Arguments> pathParameters() {
        return Stream.of(
                Arguments.of("get-order.json", "orderId"), Arguments.of("cancel-order.json", "orderId"),
                Arguments.of("ship-order.json", "orderId"), Arguments.of("complete-order.json", "orderId"),
                Arguments.of("get-product.json", "sku"), Arguments.of("put-product.json", "sku"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("pathParameters")
    void everyRoute_refuses400_aPathParameterThatIsNotValidUnicode(String event, String parameter) {
        ApiResult result = ApiEvent.from(event).pathParameter(parameter, "ord_\uD800").invoke(handler);

        assertEquals(400, result.status(), result.body().toString());
        assertEquals("VALIDATION_FAILED", result.errorCode());
        assertTrue(dev.checkout.domain.Text.isValid(result.body().toString()), "the answer does not echo the surrogate");
    }

    static Stream<Arguments> queryParameters() {
        return Stream.of(
                Arguments.of("list-orders.json", "from"), Arguments.of("list-orders.json", "to"), Arguments.of("list-orders.json", "status"),
                Arguments.of("list-orders.json", "limit"), Arguments.of("list-orders.json", "nextToken"),
                Arguments.of("list-products.json", "limit"), Arguments.of("list-products.json", "nextToken"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("queryParameters")
    void everyListRoute_refuses400_aQueryParameterThatIsNotValidUnicode(String event, String parameter) {
        ApiResult result = ApiEvent.from(event).caller(alice, false).query(parameter, "\uDC00").invoke(handler);

        assertEquals(400, result.status(), result.body().toString());
        assertEquals("VALIDATION_FAILED", result.errorCode());
    }

    @Test
    void routesWithoutABody_areUnaffected_whenNeitherABodyNorAContentTypeIsSent() {
        OrderId order = placedAndReserved(alice);

        ApiResult cancel = on("cancel-order.json", order).caller(alice, false).withoutHeader("content-type").withoutBody().invoke(handler);
        ApiResult read = on("get-order.json", order).caller(alice, false).withoutHeader("content-type").withoutBody().invoke(handler);
        ApiResult catalog = ApiEvent.from("list-products.json").withoutHeader("content-type").withoutBody().invoke(handler);

        assertEquals(200, cancel.status(), cancel.body().toString());
        assertEquals("CANCELLED", cancel.body().path("status").asText());
        assertEquals(200, read.status());
        assertEquals(200, catalog.status());
    }

    @Test
    void unknownProduct_is404() {
        assertEquals(404, ApiEvent.from("get-product.json").pathParameter("sku", "NOPE-" + UUID.randomUUID().toString().substring(0, 6)).invoke(handler).status());
    }
}
