package dev.checkout.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.application.ReleaseStock;
import dev.checkout.application.ResendUnsentRefunds;
import dev.checkout.application.SweepStalledCheckouts;
import dev.checkout.aws.lambda.Json;
import dev.checkout.aws.sqs.SqsChargeQueueRequests;
import dev.checkout.aws.testing.LocalEnvironment;
import dev.checkout.aws.testing.RecordingWorkflow;
import dev.checkout.aws.wiring.CheckoutAdapters;
import dev.checkout.domain.IdempotencyRecord;
import dev.checkout.domain.Money;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderLine;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.Refund;
import dev.checkout.domain.Sku;
import dev.checkout.domain.UserId;
import dev.checkout.local.services.Events;
import dev.checkout.local.services.LocalServices;
import dev.checkout.port.IdGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** Integration tier: the scheduled sweep over DynamoDB Local, driven by events/sweep-stalled-checkouts.json. */
@Tag("integration")
class SweepStalledCheckoutsHandlerTest {
    private static final Instant NOW = Instant.parse("2003-06-01T12:00:00Z");

    private final CheckoutAdapters adapters = LocalEnvironment.adapters();
    private final RecordingWorkflow workflow = new RecordingWorkflow();
    private final String chargeQueue = LocalServices.shared().sqsClient().createQueue(r -> r.queueName("charge-sweep-test")).queueUrl();
    private final Sku sku = Sku.of("MUG-" + UUID.randomUUID().toString().substring(0, 8));
    private final String alice = "alice-" + UUID.randomUUID();
    private final SqsChargeQueueRequests chargeQueueRequests = new SqsChargeQueueRequests(LocalServices.shared().sqsClient(), chargeQueue);
    private final SweepStalledCheckoutsHandler sweep = new SweepStalledCheckoutsHandler(
            new SweepStalledCheckouts(adapters.orders(), workflow, new ReleaseStock(adapters.orders(), adapters.stockReservations(), chargeQueueRequests, () -> NOW),
                    () -> NOW, Duration.ofMinutes(2), Duration.ofMinutes(75)),
            new ResendUnsentRefunds(adapters.refunds(), chargeQueueRequests, () -> NOW, Duration.ofMinutes(5)));

    @BeforeEach
    void stockTheSku() {
        adapters.catalog().put(sku, "Enamel mug", Money.of(1250, "USD"), 10);
    }

    private Order placedAgo(Duration ago) {
        Instant at = NOW.minus(ago);
        Order order = Order.place(IdGenerator.ulid().newOrderId(at), UserId.of(alice), List.of(new OrderLine(sku, 1, Money.of(1250, "USD"))), "pm_card_visa", at);
        adapters.orders().create(order, new IdempotencyRecord("sweep-test#" + order.orderId(), "h", order.orderId().value(), at, at.plusSeconds(60)));
        return order;
    }

    /** A paid order of alice's with a refund of 500 stored {@code ago}, never sent (no provider reference). */
    private Refund unsentRefundStoredAgo(Duration ago) {
        Instant at = NOW.minus(ago);
        Order paid = placedAgo(ago.plusMinutes(1)).markPaid(at);
        adapters.orders().update(paid);
        Refund refund = Refund.pending(IdGenerator.ulid().newRefundId(at), paid.orderId(), PaymentId.of(paid.orderId(), 1), "stripe", Money.of(500, "USD"),
                "damaged", at);
        adapters.refunds().create(refund, paid.reserveRefund(refund.amount(), at), null);
        return refund;
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

    @Test
    void refundsStoredButNeverSent_areQueuedToTheChargeFunction_andFreshOnesLeftToTheirSender() throws Exception {
        Refund stale = unsentRefundStoredAgo(Duration.ofMinutes(30));
        Refund fresh = unsentRefundStoredAgo(Duration.ofMinutes(1));
        Refund sent = unsentRefundStoredAgo(Duration.ofMinutes(40));
        adapters.refunds().update(sent.withProviderReference("re_sent", NOW));

        JsonNode result = run();

        assertTrue(result.path("refundsResent").asInt() >= 1);
        List<String> bodies = drainChargeQueue();
        assertTrue(bodies.contains("{\"type\":\"send-refund\",\"orderId\":\"" + stale.orderId().value() + "\",\"refundId\":\""
                + stale.refundId().value() + "\"}"), bodies::toString);
        assertTrue(bodies.stream().noneMatch(b -> b.contains(fresh.refundId().value()) || b.contains(sent.refundId().value())), bodies::toString);
    }

    private List<String> drainChargeQueue() {
        var bodies = new ArrayList<String>();
        List<Message> batch;
        do {
            batch = LocalServices.shared().sqsClient().receiveMessage(r -> r.queueUrl(chargeQueue).maxNumberOfMessages(10)).messages();
            batch.forEach(m -> bodies.add(m.body()));
        } while (!batch.isEmpty());
        return bodies;
    }
}
