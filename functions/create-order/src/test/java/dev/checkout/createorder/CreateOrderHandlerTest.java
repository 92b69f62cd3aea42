package dev.checkout.createorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.aws.lambda.Json;
import dev.checkout.aws.testing.ApiEvent;
import dev.checkout.aws.testing.ApiEvent.ApiResult;
import dev.checkout.aws.testing.InvalidUnicode;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.WorkflowUnavailableException;
import dev.checkout.local.services.LocalServices;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Integration tier: the handler over DynamoDB Local, driven by events/create-order.json. */
@Tag("integration")
class CreateOrderHandlerTest extends CreateOrderFixture {
    private static long items() {
        LocalServices services = LocalServices.shared();
        return services.dynamoDbClient().scan(r -> r.tableName(services.tableName("CheckoutTable")).select("COUNT")).count();
    }

    @Test
    void create_answers201_pendingPayment_pricedFromTheCatalog_andStartsTheCheckout() {
        ApiEvent event = order();
        ObjectNode body = event.bodyJson();
        ((ObjectNode) body.get("items").get(0)).put("unitPrice", 1);
        body.put("total", 1);

        ApiResult result = event.body(body).invoke(handler);

        assertEquals(201, result.status());
        assertEquals("PENDING_PAYMENT", result.body().path("status").asText());
        assertEquals("alice", result.body().path("userId").asText());
        assertEquals(2 * 1250 + 1999, result.body().path("total").path("amount").asLong());
        assertEquals(1250, result.body().path("items").get(0).path("unitPrice").path("amount").asLong());
        assertEquals(2500, result.body().path("items").get(0).path("lineTotal").path("amount").asLong());
        assertEquals(OrderId.of(result.body().path("orderId").asText()), workflow.started.get(0));
        assertEquals("/orders/" + result.body().path("orderId").asText(), result.headers().path("location").asText());
    }

    @Test
    void replay_ofTheSameKeyAndBody_returnsTheSameOrder_andWritesNothingMore() {
        ApiEvent event = order();
        ApiResult first = event.invoke(handler);
        long before = items();

        ApiResult second = event.invoke(handler);

        assertEquals(201, second.status());
        assertEquals(first.body().path("orderId"), second.body().path("orderId"));
        assertEquals("true", second.headers().path("idempotent-replayed").asText());
        assertEquals(before, items());
        assertEquals(100, adapters.catalog().find(mug).orElseThrow().available());
    }

    @Test
    void sameKey_withAnotherBody_is422() {
        ApiEvent event = order();
        event.invoke(handler);
        ObjectNode changed = event.bodyJson();
        ((ObjectNode) changed.get("items").get(0)).put("quantity", 3);

        ApiResult result = event.body(changed).invoke(handler);

        assertEquals(422, result.status());
        assertEquals("IDEMPOTENCY_KEY_REUSED", result.errorCode());
    }

    @Test
    void sameKey_fromAnotherUser_isAnotherOrder() {
        ApiEvent event = order();
        ApiResult alice = event.invoke(handler);
        ApiResult bob = event.caller("bob", false).invoke(handler);

        assertEquals(201, bob.status());
        assertTrue(!alice.body().path("orderId").equals(bob.body().path("orderId")));
    }

    @Test
    void aFailedWorkflowStart_is503_andTheRetryWithTheSameKeyStartsTheSameOrder() {
        ApiEvent event = order();
        workflow.failStartsWith(new WorkflowUnavailableException("down", null));
        ApiResult failed = event.invoke(handler);
        workflow.failStartsWith(null);

        ApiResult retried = event.invoke(handler);

        assertEquals(503, failed.status());
        assertEquals(201, retried.status());
        assertEquals(1, workflow.started.size());
        assertEquals(retried.body().path("orderId").asText(), workflow.started.get(0).value());
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"items\": [", 400, "VALIDATION_FAILED"),
                Arguments.of("an array", "[]", 400, "VALIDATION_FAILED"),
                Arguments.of("a scalar", "42", 400, "VALIDATION_FAILED"),
                Arguments.of("an empty body", "", 400, "VALIDATION_FAILED"),
                Arguments.of("trailing garbage", "{\"items\":[{\"sku\":\"MUG\",\"quantity\":1}],\"paymentMethod\":\"pm_card_visa\"} x", 400, "VALIDATION_FAILED"),
                Arguments.of("no items", "{\"paymentMethod\":\"pm_card_visa\"}", 400, "VALIDATION_FAILED"),
                Arguments.of("items not an array", "{\"items\":{},\"paymentMethod\":\"pm_card_visa\"}", 400, "VALIDATION_FAILED"),
                Arguments.of("no lines", "{\"items\":[],\"paymentMethod\":\"pm_card_visa\"}", 400, "VALIDATION_FAILED"),
                Arguments.of("a line not an object", "{\"items\":[\"MUG\"],\"paymentMethod\":\"pm_card_visa\"}", 400, "VALIDATION_FAILED"),
                Arguments.of("a missing sku", "{\"items\":[{\"quantity\":1}],\"paymentMethod\":\"pm_card_visa\"}", 400, "VALIDATION_FAILED"),
                Arguments.of("a numeric sku", "{\"items\":[{\"sku\":7,\"quantity\":1}],\"paymentMethod\":\"pm_card_visa\"}", 400, "VALIDATION_FAILED"),
                Arguments.of("a malformed sku", "{\"items\":[{\"sku\":\"no spaces\",\"quantity\":1}],\"paymentMethod\":\"pm_card_visa\"}", 400, "VALIDATION_FAILED"),
                Arguments.of("a string quantity", "{\"items\":[{\"sku\":\"MUG\",\"quantity\":\"1\"}],\"paymentMethod\":\"pm_card_visa\"}", 400, "VALIDATION_FAILED"),
                Arguments.of("a zero quantity", "{\"items\":[{\"sku\":\"MUG\",\"quantity\":0}],\"paymentMethod\":\"pm_card_visa\"}", 400, "VALIDATION_FAILED"),
                Arguments.of("a negative quantity", "{\"items\":[{\"sku\":\"MUG\",\"quantity\":-1}],\"paymentMethod\":\"pm_card_visa\"}", 400, "VALIDATION_FAILED"),
                Arguments.of("a fractional quantity", "{\"items\":[{\"sku\":\"MUG\",\"quantity\":1.5}],\"paymentMethod\":\"pm_card_visa\"}", 400, "VALIDATION_FAILED"),
                Arguments.of("a huge quantity", "{\"items\":[{\"sku\":\"MUG\",\"quantity\":1001}],\"paymentMethod\":\"pm_card_visa\"}", 400, "VALIDATION_FAILED"),
                Arguments.of("an overflowing quantity", "{\"items\":[{\"sku\":\"MUG\",\"quantity\":99999999999999999999999}],\"paymentMethod\":\"pm_card_visa\"}", 400, "VALIDATION_FAILED"),
                Arguments.of("a boolean quantity", "{\"items\":[{\"sku\":\"MUG\",\"quantity\":true}],\"paymentMethod\":\"pm_card_visa\"}", 400, "VALIDATION_FAILED"),
                Arguments.of("no payment method", "{\"items\":[{\"sku\":\"MUG\",\"quantity\":1}]}", 400, "VALIDATION_FAILED"),
                Arguments.of("a payment method that is no token", "{\"items\":[{\"sku\":\"MUG\",\"quantity\":1}],\"paymentMethod\":\"4242424242424242\"}", 400, "VALIDATION_FAILED"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badBody_isRefusedWithAnErrorBody_andWritesNothing(String what, String body, int status, String code) {
        long before = items();

        ApiResult result = order().body(body).invoke(handler);

        assertEquals(status, result.status(), what);
        assertEquals(code, result.errorCode());
        assertNotNull(result.body().path("error").path("message").asText(null));
        assertEquals("Jx1Yk-sample-request-id", result.body().path("error").path("requestId").asText());
        assertEquals(before, items());
        assertTrue(workflow.started.isEmpty());
    }

    @Test
    void moreThanFiftyLines_orARepeatedSku_isRefused() {
        ApiEvent event = order();
        ObjectNode body = event.bodyJson();
        ArrayNode many = body.putArray("items");
        for (int i = 0; i < 51; i++) {
            many.addObject().put("sku", mug.value()).put("quantity", 1);
        }
        ObjectNode repeated = event.bodyJson();
        ((ObjectNode) repeated.get("items").get(1)).put("sku", mug.value());
        long before = items();

        assertEquals(400, order().body(body).invoke(handler).status());
        assertEquals(400, order().body(repeated).invoke(handler).status());
        assertEquals(before, items());
    }

    @Test
    void unknownSku_is422_andWritesNothing() {
        ApiEvent event = order();
        ObjectNode body = event.bodyJson();
        ((ObjectNode) body.get("items").get(1)).put("sku", "NO-SUCH-SKU-" + UUID.randomUUID().toString().substring(0, 6));
        long before = items();

        ApiResult result = event.body(body).invoke(handler);

        assertEquals(422, result.status());
        assertEquals("UNKNOWN_SKU", result.errorCode());
        assertEquals(before, items());
    }

    @Test
    void missingIdempotencyKey_is400_noToken_is401_andAnOversizeBody_is413() {
        long before = items();

        ApiResult noKey = order().withoutHeader("idempotency-key").invoke(handler);
        ApiResult noToken = order().anonymous().invoke(handler);
        ApiResult oversize = order().body("{\"pad\":\"" + "x".repeat(70 * 1024) + "\"}").invoke(handler);

        assertEquals(400, noKey.status());
        assertEquals(401, noToken.status());
        assertEquals("UNAUTHENTICATED", noToken.errorCode());
        assertEquals(413, oversize.status());
        assertEquals("PAYLOAD_TOO_LARGE", oversize.errorCode());
        assertEquals(before, items());
    }

    @ParameterizedTest(name = "Content-Type: {0}")
    @ValueSource(strings = {"text/plain", "application/octet-stream", "none", "application/json; charset=iso-8859-1"})
    void post_refuses415_whenTheBodyIsNotSentAsJson_andWritesNothing(String contentType) {
        long before = items();
        ApiEvent event = contentType.equals("none") ? order().withoutHeader("content-type") : order().header("content-type", contentType);

        ApiResult result = event.invoke(handler);

        assertEquals(415, result.status(), result.body().toString());
        assertEquals("UNSUPPORTED_MEDIA_TYPE", result.errorCode());
        assertEquals("Jx1Yk-sample-request-id", result.body().path("error").path("requestId").asText());
        assertEquals(before, items());
        assertTrue(workflow.started.isEmpty());
    }

    /** Each string of the body, and a new key, with each kind of text that is not valid Unicode. */
    static Stream<Arguments> invalidText() {
        return Stream.of(InvalidUnicode.values()).flatMap(how -> Stream.of(
                Arguments.of("/items/0/sku", how), Arguments.of("/items/1/sku", how), Arguments.of("/paymentMethod", how), Arguments.of("a new key", how)));
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("invalidText")
    void bodyText_thatIsNotValidUnicode_isRefused400_andWritesNothing(String where, InvalidUnicode how) {
        long before = items();
        ApiEvent event = order();
        byte[] body = where.startsWith("/") ? how.inValueAt(event.bodyJson(), where) : how.inNewKey(event.bodyJson());

        ApiResult result = event.base64Body(body).invoke(handler);

        assertEquals(400, result.status(), result.body().toString());
        assertEquals("VALIDATION_FAILED", result.errorCode());
        assertEquals(before, items());
        assertTrue(workflow.started.isEmpty());
    }

    @ParameterizedTest
    @EnumSource(InvalidUnicode.class)
    void idempotencyKey_thatIsNotValidUnicode_isRefused400_andWritesNothing(InvalidUnicode how) {
        long before = items();

        ApiResult result = order().header("idempotency-key", how.asHeaderValue()).invoke(handler);

        assertEquals(400, result.status(), result.body().toString());
        assertEquals(before, items());
    }

    @Test
    void base64EncodedBody_isDecoded() {
        ApiEvent event = order();
        byte[] body = Json.write(event.bodyJson()).getBytes(StandardCharsets.UTF_8);

        assertEquals(201, event.base64Body(body).invoke(handler).status());
    }
}
