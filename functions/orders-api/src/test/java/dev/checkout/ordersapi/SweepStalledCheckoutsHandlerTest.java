package dev.checkout.ordersapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.application.ManageStock;
import dev.checkout.application.SweepStalledCheckouts;
import dev.checkout.aws.lambda.Json;
import dev.checkout.aws.sqs.SqsPendingPaymentCancellation;
import dev.checkout.domain.IdempotencyRecord;
import dev.checkout.domain.Money;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderLine;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.UserId;
import dev.checkout.local.services.Events;
import dev.checkout.local.services.LocalServices;
import dev.checkout.port.IdGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Integration tier: the scheduled sweep over DynamoDB Local, driven by events/sweep-stalled-checkouts.json. */
class SweepStalledCheckoutsHandlerTest extends OrdersApiFixture {
    private static final Instant NOW = Instant.parse("2003-06-01T12:00:00Z");

    private final SweepStalledCheckoutsHandler sweep = new SweepStalledCheckoutsHandler(new SweepStalledCheckouts(
            adapters.orders(), workflow, new ManageStock(adapters.orders(), adapters.stock(), () -> NOW),
            new SqsPendingPaymentCancellation(LocalServices.shared().sqsClient(), chargeQueue), () -> NOW,
            Duration.ofMinutes(2), Duration.ofMinutes(75)));

    private Order placedAgo(Duration ago) {
        Instant at = NOW.minus(ago);
        Order order = Order.place(IdGenerator.ulid().newOrderId(at), UserId.of(alice), List.of(new OrderLine(sku, 1, Money.of(1250, "USD"))), "pm_card_visa", at);
        adapters.orders().create(order, new IdempotencyRecord("sweep-test#" + order.orderId(), "h", order.orderId().value(), at, at.plusSeconds(60)));
        return order;
    }

    private JsonNode run() throws Exception {
        var out = new ByteArrayOutputStream();
        sweep.handleRequest(new ByteArrayInputStream(Events.read("sweep-stalled-checkouts.json").getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.parse(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void stalledOrders_areRestarted_andAbandonedOnesCancelled() throws Exception {
        Order stalled = placedAgo(Duration.ofMinutes(10));
        Order abandoned = placedAgo(Duration.ofHours(2));

        JsonNode result = run();

        assertTrue(result.path("restarted").asInt() >= 1);
        assertTrue(result.path("cancelled").asInt() >= 1);
        assertTrue(workflow.started.contains(stalled.orderId()));
        assertTrue(workflow.stopped.contains(abandoned.orderId()));
        Order closed = adapters.orders().find(abandoned.orderId()).orElseThrow();
        assertEquals(OrderStatus.CANCELLED, closed.status());
        assertEquals(SweepStalledCheckouts.STALLED, closed.statusReason().orElseThrow());
        assertEquals(OrderStatus.PENDING_PAYMENT, adapters.orders().find(stalled.orderId()).orElseThrow().status());
    }
}
