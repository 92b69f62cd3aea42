package dev.checkout.application;

import dev.checkout.domain.Money;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OrderLine;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentEvent;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.Sku;
import dev.checkout.domain.UserId;
import dev.checkout.fakes.RecordingWorkflow;
import dev.checkout.port.Clock;
import dev.checkout.port.IdGenerator;
import dev.checkout.port.PaymentProviders;
import java.time.Instant;
import java.util.List;

/** The payment use cases wired to in-memory fakes. */
final class PaymentsFixture {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    final InMemoryStore store = new InMemoryStore();
    final ScriptedPaymentProvider provider = new ScriptedPaymentProvider();
    final PaymentProviders providers = PaymentProviders.of(provider);
    final RecordingWorkflow workflow = new RecordingWorkflow();
    final Clock clock = () -> NOW;
    final IdGenerator ids = IdGenerator.ulid();
    final SettleRefund settleRefund = new SettleRefund(store.orderRepository, store.refundRepository, clock);
    final SendRefund sendRefund = new SendRefund(store.paymentRepository, store.refundRepository, providers, settleRefund, clock);
    final RefundOrder refundOrder = new RefundOrder(store.orderRepository, store.paymentRepository, store.refundRepository,
            store.idempotencyStore, sendRefund, ids, clock);
    final CompensatePayment compensatePayment = new CompensatePayment(store.orderRepository, store.paymentRepository, refundOrder, clock);
    final PaymentTransitions transitions = new PaymentTransitions(store.paymentRepository);
    final ReportPaymentSuccess successes = new ReportPaymentSuccess(store.orderRepository, workflow, compensatePayment);
    final RequestCharge requestCharge = new RequestCharge(store.paymentRepository, providers, workflow, successes,
            transitions, clock);
    final ApplyPaymentEvent applyEvent = new ApplyPaymentEvent(store.orderRepository, store.paymentRepository, store.refundRepository,
            store.webhookInbox, workflow, providers, successes, transitions, compensatePayment, settleRefund, clock);
    final ReserveStock reserveStock = new ReserveStock(store.stockReservations);
    final ConfirmOrder confirmOrder = new ConfirmOrder(store.orderRepository, store.stockReservations, store.orderConfirmation, clock);
    final CancelPayment cancelPayment = new CancelPayment(store.paymentRepository, providers, workflow, transitions, compensatePayment, clock);
    private int events;

    /** A 2 x 2500 USD order awaiting payment with {@code paymentMethod}. */
    Order placeOrder(String paymentMethod) {
        Order order = Order.place(ids.newOrderId(NOW), UserId.of("alice"),
                List.of(new OrderLine(Sku.of("MUG-01"), 2, Money.of(2500, "USD"))), paymentMethod, NOW);
        store.orders.put(order.orderId(), order);
        return order;
    }

    /** The charge message the workflow sends for the stored order. */
    RequestCharge.Command charge(OrderId orderId, String token) {
        Order order = store.order(orderId);
        return new RequestCharge.Command(orderId, 1, token, order.total(), order.paymentMethod().orElse(null), 1, 5);
    }

    /** Runs the workflow's confirming step with the payment the charge resumed it with. */
    void confirm(OrderId orderId, String token) {
        confirmOrder.confirm(orderId, store.order(orderId).stockLines(), workflow.resumedWith(token));
    }

    /** A success the provider reported and that was recorded without confirming the order (a late capture). */
    Payment recordedSuccess(Order order, String token) {
        requestCharge.charge(charge(order.orderId(), token));
        Payment succeeded = workflow.resumedWith(token);
        store.payments.put(succeeded.paymentId(), succeeded);
        return succeeded;
    }

    /** Pays an order the way the checkout does: reserve, charge, confirm. */
    Order paidOrder() {
        Order order = placeOrder("pm_card_visa");
        String token = "token-" + order.orderId();
        reserveStock.reserve(order.orderId(), order.stockLines());
        requestCharge.charge(charge(order.orderId(), token));
        confirm(order.orderId(), token);
        return store.order(order.orderId());
    }

    /** The provider's event about a recorded payment, stating its amount and reference as a genuine one does. */
    PaymentEvent paymentEvent(PaymentEvent.Kind kind, PaymentId paymentId, String code) {
        Payment payment = store.payments.get(paymentId);
        return paymentEvent(kind, paymentId, code, payment.amount(), payment.providerReference());
    }

    /** The provider's event about a payment, stating {@code amount} and {@code reference}, whatever was recorded. */
    PaymentEvent paymentEvent(PaymentEvent.Kind kind, PaymentId paymentId, String code, Money amount, String reference) {
        return new PaymentEvent("stripe", "evt_" + (++events), kind, kind.name().toLowerCase(), reference, reference,
                paymentId.orderId().value(), paymentId.value(), null, code, amount);
    }

    /** The provider's success event for a payment the checkout has not recorded (it states the amount). */
    PaymentEvent unrecordedSuccess(Payment payment) {
        return new PaymentEvent("stripe", "evt_" + (++events), PaymentEvent.Kind.PAYMENT_SUCCEEDED, "payment_intent.succeeded",
                payment.providerReference(), payment.providerReference(), payment.orderId().value(), payment.paymentId().value(), null, null,
                payment.amount());
    }

    /** The provider's event about a refund, stating its amount and references as a genuine one does. */
    PaymentEvent refundEvent(PaymentEvent.Kind kind, dev.checkout.domain.Refund refund) {
        return refundEvent(kind, refund, refund.amount(), refund.providerReference());
    }

    PaymentEvent refundEvent(PaymentEvent.Kind kind, dev.checkout.domain.Refund refund, Money amount, String reference) {
        return new PaymentEvent("stripe", "evt_" + (++events), kind, kind.name().toLowerCase(), reference,
                store.payments.get(refund.paymentId()).providerReference(),
                refund.orderId().value(), refund.paymentId().value(), refund.refundId().value(), null, amount);
    }
}
