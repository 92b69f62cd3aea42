package dev.checkout.refund;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.aws.lambda.Json;
import dev.checkout.aws.stepfunctions.CheckoutState;
import dev.checkout.aws.testing.ApiEvent;
import dev.checkout.aws.testing.ApiEvent.ApiResult;
import dev.checkout.aws.testing.InvalidUnicode;
import dev.checkout.aws.testing.LocalPayments;
import dev.checkout.aws.testing.OpenApiContract;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.PaymentId;
import dev.checkout.local.payments.PaymentSimulator;
import dev.checkout.local.payments.SimulatedEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Integration tier: refunds through the admin route and the workflow's compensation task, over DynamoDB
 * Local and the payment simulator; the simulator's refund events are applied as the notification
 * consumer applies them.
 */
@Tag("integration")
class RefundHandlerTest {
    private final LocalPayments local = new LocalPayments();
    private final PaymentSimulator simulator = LocalPayments.simulator();
    private final RefundHandler handler = new RefundHandler(local.env);
    private final Set<String> appliedEvents = new HashSet<>();

    private Order paidOrder() {
        Order order = local.placeOrder("alice-" + UUID.randomUUID(), "pm_card_visa");
        return local.pay(order, "token-" + order.orderId());
    }

    private ApiResult refund(Order order, String key, String body, boolean admin) {
        return ApiEvent.from("refund-order.json")
                .pathParameter("orderId", order.orderId().value())
                .caller(admin ? "admin-1" : order.userId().value(), admin)
                .header("idempotency-key", key)
                .body(body)
                .invoke(handler);
    }

    private ApiResult refund(Order order, String key, String body) {
        return refund(order, key, body, true);
    }

    /** Applies the simulator's refund events (once settled) as the notification consumer does. */
    private void applyRefundEvents() {
        simulator.awaitQuiet(Duration.ofSeconds(20));
        var reader = local.adapters.eventParsers().named("stripe");
        var apply = local.adapters.applyPaymentEvent();
        for (SimulatedEvent event : simulator.events()) {
            if (event.type().startsWith("refund.") && appliedEvents.add(event.id())) {
                apply.apply(reader.read(event.payload()));
            }
        }
    }

    private Order stored(Order order) {
        return local.adapters.checkout().orders().find(order.orderId()).orElseThrow();
    }

    private String paymentReference(Order order) {
        return local.adapters.checkout().payments().find(PaymentId.of(order.orderId(), 1)).orElseThrow().providerReference();
    }

    private long refundsAtProvider(Order order) {
        String reference = paymentReference(order);
        return simulator.refunds().stream().filter(r -> r.paymentIntent().equals(reference)).count();
    }

    @Test
    void thousandThenTheRest_refundsTheOrder_afterTheRefundEvents() {
        Order order = paidOrder();

        ApiResult first = refund(order, "k1-" + order.orderId(), "{\"amount\":1000,\"reason\":\"damaged in transit\"}");
        ApiResult rest = refund(order, "k2-" + order.orderId(), "{\"reason\":\"returned\"}");
        assertEquals(OrderStatus.PAID, stored(order).status());
        applyRefundEvents();

        assertEquals(202, first.status());
        assertEquals("PENDING", first.body().path("status").asText());
        assertEquals(1000, first.body().path("amount").path("amount").asLong());
        assertEquals("USD", first.body().path("amount").path("currency").asText());
        assertEquals("damaged in transit", first.body().path("reason").asText());
        assertEquals(order.orderId().value(), first.body().path("orderId").asText());
        assertEquals(4000, rest.body().path("amount").path("amount").asLong());
        Order refunded = stored(order);
        assertEquals(OrderStatus.REFUNDED, refunded.status());
        assertEquals(order.total(), refunded.refunded());
        assertEquals(2, refundsAtProvider(order));
    }

    @Test
    void overRefund_is422_andRefundsNothing() {
        Order order = paidOrder();

        ApiResult result = refund(order, "k-" + order.orderId(), "{\"amount\":5001,\"reason\":\"too much\"}");

        assertEquals(422, result.status());
        assertEquals("REFUND_EXCEEDS_CAPTURED", result.errorCode());
        assertEquals(0, refundsAtProvider(order));
        assertEquals(0, stored(order).refundCommitted().amount());
    }

    @Test
    void neverPaidOrder_is409StateConflict_withOrWithoutAnAmount_andHoldsNothing() {
        Order unpaid = local.placeOrder("alice-" + UUID.randomUUID(), "pm_card_visa");
        var contract = OpenApiContract.load();

        for (String body : new String[] {"{\"amount\":1000,\"reason\":\"damaged\"}", "{\"reason\":\"returned\"}"}) {
            ApiEvent request = ApiEvent.from("refund-order.json").pathParameter("orderId", unpaid.orderId().value())
                    .caller("admin-1", true).header("idempotency-key", "k-" + UUID.randomUUID()).body(body);
            ApiResult result = request.invoke(handler);

            assertEquals(409, result.status(), body);
            assertEquals("STATE_CONFLICT", result.errorCode(), body);
            contract.assertConforms(OpenApiContract.Exchange.of(request, result));
        }
        assertEquals(0, stored(unpaid).refundCommitted().amount());
        assertTrue(local.adapters.checkout().refunds().findByOrder(unpaid.orderId()).isEmpty());
    }

    @Test
    void sameKeyTwice_refundsOnceAtTheProvider_andAnswersTheSameRefund() {
        Order order = paidOrder();
        String body = "{\"amount\":1000,\"reason\":\"damaged in transit\"}";

        ApiResult first = refund(order, "k-" + order.orderId(), body);
        ApiResult second = refund(order, "k-" + order.orderId(), body);

        assertEquals(202, second.status());
        assertEquals(first.body().path("refundId").asText(), second.body().path("refundId").asText());
        assertEquals(1, refundsAtProvider(order));
        assertEquals(1000, stored(order).refundCommitted().amount());
    }

    @Test
    void sameKeyWithAnotherBody_is422() {
        Order order = paidOrder();
        refund(order, "k-" + order.orderId(), "{\"amount\":1000,\"reason\":\"damaged\"}");

        ApiResult reused = refund(order, "k-" + order.orderId(), "{\"amount\":2000,\"reason\":\"damaged\"}");

        assertEquals(422, reused.status());
        assertEquals("IDEMPOTENCY_KEY_REUSED", reused.errorCode());
        assertEquals(1, refundsAtProvider(order));
    }

    @Test
    void customers_mayNotRefund_andBadInputIs400() {
        Order order = paidOrder();

        assertEquals(403, refund(order, "k1", "{\"reason\":\"mine\"}", false).status());
        assertEquals(400, refund(order, "k2", "{\"amount\":-5,\"reason\":\"x\"}").status());
        assertEquals(400, refund(order, "k3", "{\"amount\":10}").status());
        assertEquals(400, ApiEvent.from("refund-order.json").pathParameter("orderId", order.orderId().value())
                .caller("admin-1", true).withoutHeader("idempotency-key").invoke(handler).status());
        assertEquals(0, refundsAtProvider(order));
    }

    @ParameterizedTest(name = "Content-Type: {0}")
    @ValueSource(strings = {"text/plain", "application/octet-stream", "none", "application/json; charset=iso-8859-1"})
    void refund_refuses415_whenTheBodyIsNotSentAsJson_andRefundsNothing(String contentType) {
        Order order = paidOrder();
        ApiEvent event = ApiEvent.from("refund-order.json").pathParameter("orderId", order.orderId().value()).caller("admin-1", true)
                .header("idempotency-key", "k-" + order.orderId());

        ApiResult result = (contentType.equals("none") ? event.withoutHeader("content-type") : event.header("content-type", contentType)).invoke(handler);

        assertEquals(415, result.status(), result.body().toString());
        assertEquals("UNSUPPORTED_MEDIA_TYPE", result.errorCode());
        assertEquals(0, refundsAtProvider(order));
        assertEquals(0, stored(order).refundCommitted().amount());
    }

    static Stream<Arguments> invalidText() {
        return Stream.of(InvalidUnicode.values()).flatMap(how -> Stream.of(Arguments.of("/reason", how), Arguments.of("a new key", how)));
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("invalidText")
    void refund_withTextThatIsNotValidUnicode_isRefused400_storesNothing_andSendsNothingToTheProvider(String where, InvalidUnicode how) {
        Order order = paidOrder();
        ApiEvent event = ApiEvent.from("refund-order.json").pathParameter("orderId", order.orderId().value()).caller("admin-1", true)
                .header("idempotency-key", "k-" + order.orderId());
        byte[] body = where.startsWith("/") ? how.inValueAt(event.bodyJson(), where) : how.inNewKey(event.bodyJson());

        ApiResult result = event.base64Body(body).invoke(handler);

        assertEquals(400, result.status(), result.body().toString());
        assertEquals("VALIDATION_FAILED", result.errorCode());
        assertEquals(0, refundsAtProvider(order));
        assertEquals(0, stored(order).refundCommitted().amount());
    }

    @ParameterizedTest
    @EnumSource(InvalidUnicode.class)
    void refund_withAnIdempotencyKeyThatIsNotValidUnicode_isRefused400_andRefundsNothing(InvalidUnicode how) {
        Order order = paidOrder();

        ApiResult result = refund(order, how.asHeaderValue(), "{\"reason\":\"damaged\"}");

        assertEquals(400, result.status(), result.body().toString());
        assertEquals(0, refundsAtProvider(order));
    }

    @Test
    void compensation_refundsACaptureOnceAndIsHarmlessWhenRepeated() throws IOException {
        Order order = local.placeOrder("alice-" + UUID.randomUUID(), "pm_card_visa");
        local.adapters.requestCharge().charge(LocalPayments.chargeMessage(order, "token-c"));
        var orders = local.adapters.checkout().orders();
        orders.update(stored(order).cancel("CONFIRMATION_FAILED", Instant.now()));
        var task = (ObjectNode) Json.parse(dev.checkout.local.services.Events.read("refund-payment-task.json"));
        task.put("orderId", order.orderId().value());
        task.put("paymentId", PaymentId.of(order.orderId(), 1).value());
        // ConfirmOrder failed as a whole, so the payment is known from the workflow's state only.
        task.set("payment", CheckoutState.paymentResult(local.workflow.resumedWith("token-c")));
        var compensation = new CompensatingRefundHandler(local.env);

        JsonNode first = invoke(compensation, task);
        JsonNode second = invoke(compensation, task);
        applyRefundEvents();

        assertEquals(first.path("refundId").asText(), second.path("refundId").asText());
        assertEquals(1, refundsAtProvider(order));
        Order closed = stored(order);
        assertEquals(OrderStatus.CANCELLED, closed.status());
        assertEquals(order.total(), closed.refunded());
    }

    @Test
    void compensation_withNothingCaptured_refundsNothing() throws IOException {
        Order order = local.placeOrder("alice-" + UUID.randomUUID(), "pm_card_chargeDeclined");
        local.adapters.requestCharge().charge(LocalPayments.chargeMessage(order, "token-d"));
        var task = Json.object().put("orderId", order.orderId().value()).put("paymentId", PaymentId.of(order.orderId(), 1).value());

        JsonNode result = invoke(new CompensatingRefundHandler(local.env), task);

        assertFalse(result.path("refunded").asBoolean());
    }

    private static JsonNode invoke(CompensatingRefundHandler handler, JsonNode task) throws IOException {
        var out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.write(task).getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.parse(out.toString(StandardCharsets.UTF_8));
    }
}
