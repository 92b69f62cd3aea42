package dev.checkout.reservestock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.application.PlaceOrder;
import dev.checkout.aws.lambda.Json;
import dev.checkout.aws.stepfunctions.CheckoutState;
import dev.checkout.aws.testing.LocalEnvironment;
import dev.checkout.aws.testing.RecordingWorkflow;
import dev.checkout.aws.wiring.CheckoutAdapters;
import dev.checkout.domain.Money;
import dev.checkout.domain.PaymentMethod;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.OutOfStockException;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentStatus;
import dev.checkout.domain.Sku;
import dev.checkout.domain.StateConflictException;
import dev.checkout.domain.UserId;
import dev.checkout.domain.ValidationException;
import dev.checkout.local.services.Events;
import dev.checkout.local.services.LocalServices;
import dev.checkout.port.IdGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Integration tier: the workflow's stock task over DynamoDB Local, driven by events/reserve-stock-*.json. */
@Tag("integration")
class ReserveStockHandlerTest {
    private static final String CHARGE_QUEUE = LocalServices.shared().sqsClient()
            .createQueue(r -> r.queueName("reserve-stock-charge-" + UUID.randomUUID())).queueUrl();
    private final CheckoutAdapters adapters = new CheckoutAdapters(LocalEnvironment.of(Map.of("CHARGE_QUEUE_URL", CHARGE_QUEUE)));
    private final ReserveStockHandler handler = new ReserveStockHandler(adapters.reserveStock(), adapters.releaseStock(), adapters.confirmOrder(), adapters.clock());
    private Sku sku;

    @BeforeEach
    void stock() {
        sku = Sku.of("MUG-" + UUID.randomUUID().toString().substring(0, 8));
        adapters.catalog().put(sku, "Enamel mug", Money.of(1250, "USD"), 3);
    }

    private Order placed(int quantity) {
        return new PlaceOrder(adapters.orders(), adapters.catalog(), adapters.idempotency(), new RecordingWorkflow(), IdGenerator.ulid(), adapters.clock(), Set.of(PaymentMethod.STRIPE))
                .place(new PlaceOrder.Command(UserId.of("alice"), List.of(new PlaceOrder.RequestedLine(sku, quantity)), PaymentMethod.card("pm_card_visa"), UUID.randomUUID().toString(), "h"))
                .order();
    }

    /** The sample task with the order's id, lines and (commit) succeeded payment, as the workflow passes them. */
    private JsonNode invoke(String event, Order order) throws IOException {
        ObjectNode task = (ObjectNode) Json.parse(Events.read(event));
        task.put("orderId", order.orderId().value());
        if (task.has("lines")) {
            task.set("lines", CheckoutState.input(order).get("lines"));
        }
        if (task.has("payment")) {
            ObjectNode payment = (ObjectNode) task.get("payment");
            payment.put("paymentId", PaymentId.of(order.orderId(), 1).value());
            payment.set("amount", CheckoutState.input(order).get("total"));
        }
        return invoke(task);
    }

    private JsonNode invoke(ObjectNode task) throws IOException {
        var out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.write(task).getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.parse(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void reserve_thenCommit_marksThePaidOrderAndSellsTheStock_evenWhenRepeated() throws IOException {
        Order order = placed(2);

        assertEquals("RESERVED", invoke("reserve-stock-reserve.json", order).path("outcome").asText());
        assertEquals("ALREADY_RESERVED", invoke("reserve-stock-reserve.json", order).path("outcome").asText());
        assertEquals("COMMITTED", invoke("reserve-stock-commit.json", order).path("outcome").asText());
        assertEquals("ALREADY_COMMITTED", invoke("reserve-stock-commit.json", order).path("outcome").asText());

        assertEquals(OrderStatus.PAID, adapters.orders().find(order.orderId()).orElseThrow().status());
        assertEquals(2, adapters.catalog().find(sku).orElseThrow().sold());
        assertEquals(1, adapters.catalog().find(sku).orElseThrow().available());
        Payment recorded = adapters.payments().find(PaymentId.of(order.orderId(), 1)).orElseThrow();
        assertEquals(PaymentStatus.SUCCEEDED, recorded.status());
        assertEquals(order.total(), recorded.amount());
        assertEquals("pi_3QexampleA1b2C3d4", recorded.providerReference());
        assertNull(recorded.taskToken());
    }

    @Test
    void reserve_withoutTheLinesOfTheWorkflowsInput_isRefused_andReservesNothing() {
        Order order = placed(2);
        ObjectNode reserve = (ObjectNode) Json.parse(Events.read("reserve-stock-reserve.json"));
        reserve.put("orderId", order.orderId().value()).remove("lines");

        assertThrows(ValidationException.class, () -> invoke(reserve));
        assertEquals(3, adapters.catalog().find(sku).orElseThrow().available());
    }

    @Test
    void commit_withoutLinesOrPayment_readsTheOrder_andPaysIt() throws IOException {
        Order order = placed(2);
        invoke("reserve-stock-reserve.json", order);
        ObjectNode commit = (ObjectNode) Json.parse(Events.read("reserve-stock-commit.json"));
        commit.put("orderId", order.orderId().value()).remove(List.of("lines", "payment"));

        assertEquals("COMMITTED", invoke(commit).path("outcome").asText());

        assertEquals(OrderStatus.PAID, adapters.orders().find(order.orderId()).orElseThrow().status());
        assertEquals(2, adapters.catalog().find(sku).orElseThrow().sold());
    }

    @Test
    void reserve_ofAnOrderNoLongerAwaitingPayment_isAStateConflict_andReservesNothing() throws IOException {
        Order order = placed(1);
        adapters.orders().update(order.cancel("CUSTOMER", adapters.clock().now()));

        assertThrows(StateConflictException.class, () -> invoke("reserve-stock-reserve.json", order));
        assertEquals(3, adapters.catalog().find(sku).orElseThrow().available());
    }

    @Test
    void release_cancelsTheOrderWithTheCaughtErrorAsReason_andGivesTheStockBack() throws IOException {
        Order order = placed(2);
        invoke("reserve-stock-reserve.json", order);

        assertEquals("RELEASED", invoke("reserve-stock-release.json", order).path("outcome").asText());
        assertEquals("ALREADY_RELEASED", invoke("reserve-stock-release.json", order).path("outcome").asText());

        var cancelled = adapters.orders().find(order.orderId()).orElseThrow();
        assertEquals(OrderStatus.CANCELLED, cancelled.status());
        assertEquals("PAYMENT_DECLINED", cancelled.statusReason().orElseThrow());
        assertEquals(3, adapters.catalog().find(sku).orElseThrow().available());
        // What the provider may still hold open for the order is queued for cancelling (each release queues; cancelling twice is harmless).
        var queued = LocalServices.shared().sqsClient().receiveMessage(r -> r.queueUrl(CHARGE_QUEUE).maxNumberOfMessages(10)).messages();
        assertTrue(queued.stream().anyMatch(m -> m.body().contains("\"cancel-payments\"") && m.body().contains(order.orderId().value())),
                queued.toString());
    }

    @Test
    void reserve_throwsTheNamedOutOfStockError_theWorkflowCatches() {
        Order order = placed(4);
        assertThrows(OutOfStockException.class, () -> invoke("reserve-stock-reserve.json", order));
        assertEquals(3, adapters.catalog().find(sku).orElseThrow().available());
    }

    @Test
    void commit_afterTheOrderWasCancelled_isAStateConflict_soTheWorkflowRefunds() throws IOException {
        Order order = placed(1);
        invoke("reserve-stock-reserve.json", order);
        invoke("reserve-stock-release.json", order);

        assertThrows(StateConflictException.class, () -> invoke("reserve-stock-commit.json", order));
    }
}
