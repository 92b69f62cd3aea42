package dev.checkout.application;

import dev.checkout.domain.Money;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OrderLine;
import dev.checkout.domain.PaymentEvent;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.Sku;
import dev.checkout.domain.UserId;
import dev.checkout.fakes.RecordingWorkflow;
import dev.checkout.port.Clock;
import dev.checkout.port.IdGenerator;
import java.time.Instant;
import java.util.List;

/** The payment use cases wired to in-memory fakes. */
final class PaymentsFixture {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    final InMemoryStore store = new InMemoryStore();
    final ScriptedPaymentProvider provider = new ScriptedPaymentProvider();
    final RecordingWorkflow workflow = new RecordingWorkflow();
    final Clock clock = () -> NOW;
    final IdGenerator ids = IdGenerator.ulid();
    final RefundOrder refundOrder = new RefundOrder(store.orderRepository, store.paymentRepository, store.refundRepository,
            store.idempotencyStore, provider, ids, clock);
    final RequestCharge requestCharge = new RequestCharge(store.orderRepository, store.paymentRepository, provider, workflow, refundOrder, clock);
    final ApplyPaymentEvent applyEvent = new ApplyPaymentEvent(store.orderRepository, store.paymentRepository, store.refundRepository,
            store.webhookInbox, workflow, refundOrder, clock);
    final CancelPayment cancelPayment = new CancelPayment(store.paymentRepository, provider, refundOrder, clock);
    private int events;

    /** A 2 x 2500 USD order awaiting payment with {@code paymentMethod}. */
    Order placeOrder(String paymentMethod) {
        Order order = Order.place(ids.newOrderId(NOW), UserId.of("alice"),
                List.of(new OrderLine(Sku.of("MUG-01"), 2, Money.of(2500, "USD"))), paymentMethod, NOW);
        store.orders.put(order.orderId(), order);
        return order;
    }

    RequestCharge.Command charge(OrderId orderId, String token) {
        return new RequestCharge.Command(orderId, 1, token, 1, 5);
    }

    /** Pays an order through the charge use case and the workflow's confirmation. */
    Order paidOrder() {
        Order order = placeOrder("pm_card_visa");
        requestCharge.charge(charge(order.orderId(), "token-" + order.orderId()));
        Order paid = store.order(order.orderId()).markPaid(NOW);
        store.orders.put(paid.orderId(), paid);
        return paid;
    }

    PaymentEvent paymentEvent(PaymentEvent.Kind kind, PaymentId paymentId, String code) {
        String reference = store.payments.get(paymentId).providerReference();
        return new PaymentEvent("stripe", "evt_" + (++events), kind, kind.name().toLowerCase(), reference, reference,
                paymentId.orderId().value(), paymentId.value(), null, code);
    }

    PaymentEvent refundEvent(PaymentEvent.Kind kind, dev.checkout.domain.Refund refund) {
        return new PaymentEvent("stripe", "evt_" + (++events), kind, kind.name().toLowerCase(), refund.providerReference(), null,
                refund.orderId().value(), refund.paymentId().value(), refund.refundId().value(), null);
    }
}
