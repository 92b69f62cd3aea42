package dev.checkout.application;

import dev.checkout.domain.Order;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentEvent;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentStatus;
import dev.checkout.domain.Refund;
import dev.checkout.domain.StateConflictException;
import dev.checkout.port.CheckoutWorkflow;
import dev.checkout.port.Clock;
import dev.checkout.port.OrderRepository;
import dev.checkout.port.PaymentRepository;
import dev.checkout.port.RefundRepository;
import dev.checkout.port.WebhookInbox;
import java.util.Optional;

/**
 * Applies a provider's event to the payment or refund it is about, as a guarded transition: a final
 * status never moves, so duplicate and out-of-order deliveries end in the same state. An event is
 * applied once (the inbox remembers); applying it again after a crash midway is harmless.
 *
 * <ul>
 *   <li>payment succeeded: the payment becomes SUCCEEDED and the waiting workflow step resumes; if the
 *       order was closed meanwhile, the capture is recorded on it and refunded.</li>
 *   <li>payment failed / canceled: the payment becomes FAILED / CANCELLED and the step fails with
 *       {@link RequestCharge#DECLINED}. After a success, it is ignored.</li>
 *   <li>refund succeeded / failed: the refund settles and the order's refund totals follow.</li>
 * </ul>
 */
public final class ApplyPaymentEvent {
    private static final System.Logger LOG = System.getLogger(ApplyPaymentEvent.class.getName());

    private final OrderRepository orders;
    private final PaymentRepository payments;
    private final RefundRepository refunds;
    private final WebhookInbox inbox;
    private final CheckoutWorkflow workflow;
    private final RefundOrder refundOrder;
    private final SuccessReport successes;
    private final PaymentTransitions transitions;
    private final Clock clock;

    public ApplyPaymentEvent(OrderRepository orders, PaymentRepository payments, RefundRepository refunds, WebhookInbox inbox,
                             CheckoutWorkflow workflow, RefundOrder refundOrder, Clock clock) {
        this.orders = orders;
        this.payments = payments;
        this.refunds = refunds;
        this.inbox = inbox;
        this.workflow = workflow;
        this.refundOrder = refundOrder;
        this.successes = new SuccessReport(orders, workflow, refundOrder);
        this.transitions = new PaymentTransitions(payments);
        this.clock = clock;
    }

    public enum Outcome {
        APPLIED,
        /** This event was applied before. */
        DUPLICATE,
        /** The event changed nothing: the checkout knew its outcome already, or it came after a final status (e.g. failed after succeeded). */
        STALE,
        /** A payment succeeded after its order was closed; it is being refunded. */
        LATE_CAPTURE_REFUNDED,
        /** Not an event the checkout acts on, or about a payment or refund it does not know. */
        IGNORED
    }

    public Outcome apply(PaymentEvent event) {
        Optional<Payment> checked = Optional.empty();
        if (event.kind() == PaymentEvent.Kind.PAYMENT_SUCCEEDED && event.paymentIdIfKnown().isPresent()) {
            var check = inbox.markAppliedIfSettled(event.provider(), event.eventId(), event.paymentIdIfKnown().get());
            switch (check.outcome()) {
                case APPLIED -> {
                    return Outcome.STALE;
                }
                case DUPLICATE -> {
                    return Outcome.DUPLICATE;
                }
                case NOT_SETTLED -> checked = check.payment();
            }
        } else {
            var entry = inbox.find(event.provider(), event.eventId());
            if (entry.isPresent() && entry.get().state() == WebhookInbox.State.APPLIED) {
                return Outcome.DUPLICATE;
            }
        }
        Outcome outcome = switch (event.kind()) {
            case PAYMENT_SUCCEEDED, PAYMENT_FAILED, PAYMENT_CANCELED -> checked.or(() -> payment(event))
                    .map(p -> applyToPayment(event, p))
                    .orElseGet(() -> unrecorded(event));
            case REFUND_SUCCEEDED, REFUND_FAILED -> refund(event).map(r -> applyToRefund(event, r)).orElse(Outcome.IGNORED);
            case IGNORED -> Outcome.IGNORED;
        };
        if (!inbox.markApplied(event.provider(), event.eventId())) {
            return Outcome.DUPLICATE;
        }
        return outcome;
    }

    private Outcome applyToPayment(PaymentEvent event, Payment payment) {
        switch (event.kind()) {
            case PAYMENT_SUCCEEDED -> {
                var moved = transitions.apply(payment, p -> RequestCharge.withReference(p, event.reference()).succeed(clock.now()));
                if (moved.payment().status() != PaymentStatus.SUCCEEDED) {
                    // The provider took money for a payment recorded as failed or cancelled: only a person can tell why.
                    LOG.log(System.Logger.Level.WARNING, "provider event {0} reports success for payment {1}, recorded as {2}; needs reconciliation",
                            event.eventId(), payment.paymentId(), moved.payment().status());
                    return Outcome.STALE;
                }
                var reported = successes.report(moved.payment(), moved.payment().taskToken(), moved.changed());
                return reported == SuccessReport.Result.LATE_CAPTURE_REFUNDED ? Outcome.LATE_CAPTURE_REFUNDED : Outcome.APPLIED;
            }
            case PAYMENT_FAILED, PAYMENT_CANCELED -> {
                boolean canceled = event.kind() == PaymentEvent.Kind.PAYMENT_CANCELED;
                String code = canceled ? "canceled" : (event.code() == null ? "declined" : event.code());
                var moved = transitions.apply(payment, p -> {
                    Payment referenced = RequestCharge.withReference(p, event.reference());
                    return canceled ? referenced.cancel(clock.now()) : referenced.fail(code, clock.now());
                });
                if (!moved.changed()) {
                    return Outcome.STALE;
                }
                if (payment.taskToken() != null) {
                    workflow.paymentFailed(payment.taskToken(), RequestCharge.DECLINED, code);
                }
                return Outcome.APPLIED;
            }
            default -> throw new IllegalArgumentException("not a payment event: " + event.kind());
        }
    }

    /**
     * An event about a payment the checkout has no record of. If its metadata names one of our orders, the
     * provider got ahead of the checkout: a success is retried until the checkout records it, or, when the
     * order was closed meanwhile, recorded here and refunded.
     */
    private Outcome unrecorded(PaymentEvent event) {
        if (event.kind() != PaymentEvent.Kind.PAYMENT_SUCCEEDED || event.paymentIdIfKnown().isEmpty() || event.orderIdIfKnown().isEmpty()
                || !event.paymentIdIfKnown().get().orderId().equals(event.orderIdIfKnown().get())) {
            return Outcome.IGNORED;
        }
        PaymentId paymentId = event.paymentIdIfKnown().get();
        Order order = orders.find(paymentId.orderId()).orElse(null);
        if (order == null) {
            return Outcome.IGNORED;
        }
        if (order.status() == OrderStatus.PENDING_PAYMENT) {
            throw new StateConflictException("payment " + paymentId + " succeeded at the provider before the checkout recorded it; retry later");
        }
        if (!SuccessReport.isClosed(order) || event.amountIfKnown().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "provider event {0} reports success for payment {1}, which has no record while order {2} is {3}; "
                    + "needs reconciliation", event.eventId(), paymentId, order.orderId(), order.status());
            return Outcome.STALE;
        }
        Payment captured = Payment.pending(paymentId, event.provider(), event.amountIfKnown().get(), order.paymentMethod().orElse(null), null, clock.now())
                .withProviderReference(event.reference(), clock.now())
                .succeed(clock.now());
        if (!payments.create(captured)) {
            return payment(event).map(p -> applyToPayment(event, p)).orElse(Outcome.IGNORED);
        }
        refundOrder.compensate(order.orderId(), paymentId);
        return Outcome.LATE_CAPTURE_REFUNDED;
    }

    private Outcome applyToRefund(PaymentEvent event, Refund refund) {
        if (refund.status().isFinal()) {
            return Outcome.STALE;
        }
        Refund referenced = refund.providerReference() == null && event.reference() != null
                ? refund.withProviderReference(event.reference(), clock.now())
                : refund;
        Refund settled = refundOrder.settle(referenced, event.kind() == PaymentEvent.Kind.REFUND_SUCCEEDED);
        return settled.status() == refund.status() ? Outcome.STALE : Outcome.APPLIED;
    }

    private Optional<Payment> payment(PaymentEvent event) {
        Optional<Payment> byId = event.paymentIdIfKnown().flatMap(payments::find);
        if (byId.isPresent() || event.reference() == null) {
            return byId;
        }
        return payments.findByProviderReference(event.provider(), event.reference());
    }

    private Optional<Refund> refund(PaymentEvent event) {
        Optional<Refund> byId = event.refundIdIfKnown().flatMap(id -> event.orderIdIfKnown().flatMap(order -> refunds.find(order, id)));
        if (byId.isPresent() || event.reference() == null) {
            return byId;
        }
        return refunds.findByProviderReference(event.provider(), event.reference());
    }
}
