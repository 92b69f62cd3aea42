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
import dev.checkout.port.PaymentProvider;
import dev.checkout.port.PaymentProviders;
import dev.checkout.port.PaymentProvider.ProviderPayment;
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
 *       {@link CheckoutWorkflow#PAYMENT_DECLINED}. After a success, it is ignored.</li>
 *   <li>refund succeeded / failed: the refund settles and the order's refund totals follow.</li>
 * </ul>
 *
 * <p>A signed event moves nothing unless it matches what it names: amount, currency and provider
 * reference must equal the recorded payment's or refund's ({@link PaymentEvent#mismatchWith}). One that
 * does not is logged as a warning, kept in the inbox as MISMATCHED, and answered by asking the provider
 * for its own view of the payment or refund, which is applied when it matches the record (the
 * provider's view wins; the event's content never counts).
 */
public final class ApplyPaymentEvent {
    private static final System.Logger LOG = System.getLogger(ApplyPaymentEvent.class.getName());

    private final OrderRepository orders;
    private final PaymentRepository payments;
    private final RefundRepository refunds;
    private final WebhookInbox inbox;
    private final CheckoutWorkflow workflow;
    private final CompensatePayment compensatePayment;
    private final SettleRefund settleRefund;
    private final PaymentProviders providers;
    private final ReportPaymentSuccess successes;
    private final PaymentTransitions transitions;
    private final Clock clock;

    /** The collaborators: stores, the workflow, the provider (asked when an event does not match), and the payment use cases it hands over to. */
    public ApplyPaymentEvent(OrderRepository orders, PaymentRepository payments, RefundRepository refunds, WebhookInbox inbox,
                             CheckoutWorkflow workflow, PaymentProviders providers, ReportPaymentSuccess successes, PaymentTransitions transitions,
                             CompensatePayment compensatePayment, SettleRefund settleRefund, Clock clock) {
        this.orders = orders;
        this.payments = payments;
        this.refunds = refunds;
        this.inbox = inbox;
        this.workflow = workflow;
        this.providers = providers;
        this.successes = successes;
        this.transitions = transitions;
        this.compensatePayment = compensatePayment;
        this.settleRefund = settleRefund;
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
        IGNORED,
        /**
         * The event's amount, currency or reference did not match the payment or refund it names: it
         * changed nothing; the provider's own view was asked for and applied if it matched the record.
         */
        MISMATCHED
    }

    public Outcome apply(PaymentEvent event) {
        Optional<Payment> checked = Optional.empty();
        if (event.kind() == PaymentEvent.Kind.PAYMENT_SUCCEEDED && event.paymentIdIfKnown().isPresent()
                && event.amountIfKnown().isPresent() && event.reference() != null) {
            var check = inbox.markAppliedIfSettled(event.provider(), event.eventId(), event.paymentIdIfKnown().get(),
                    event.amountIfKnown().get(), event.reference());
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
            if (entry.isPresent() && entry.get().state().isHandled()) {
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
        if (outcome == Outcome.MISMATCHED) {
            return outcome;
        }
        if (!inbox.markApplied(event.provider(), event.eventId())) {
            return Outcome.DUPLICATE;
        }
        return outcome;
    }

    private Outcome applyToPayment(PaymentEvent event, Payment payment) {
        Optional<String> mismatch = event.mismatchWith(payment);
        if (mismatch.isPresent()) {
            warnMismatch(event, payment.orderId().value(), "payment " + payment.paymentId(), mismatch.get());
            String reference = payment.providerReference() != null ? payment.providerReference() : event.reference();
            if (reference != null) {
                providers.named(payment.provider()).findPayment(reference).flatMap(seen -> providersView(event, payment, seen))
                        .ifPresent(truth -> applyToPayment(truth, payment));
            }
            return markMismatched(event, mismatch.get());
        }
        switch (event.kind()) {
            case PAYMENT_SUCCEEDED -> {
                var moved = transitions.apply(payment, p -> p.referencedAs(event.reference()).succeed(clock.now()));
                if (moved.payment().status() != PaymentStatus.SUCCEEDED) {
                    // The provider took money for a payment recorded as failed or cancelled: only a person can tell why.
                    LOG.log(System.Logger.Level.WARNING, "provider event {0} reports success for payment {1}, recorded as {2}; needs reconciliation",
                            event.eventId(), payment.paymentId(), moved.payment().status());
                    return Outcome.STALE;
                }
                var reported = successes.report(moved.payment(), moved.payment().taskToken(), moved.changed());
                return reported == ReportPaymentSuccess.Result.LATE_CAPTURE_REFUNDED ? Outcome.LATE_CAPTURE_REFUNDED : Outcome.APPLIED;
            }
            case PAYMENT_FAILED, PAYMENT_CANCELED -> {
                boolean canceled = event.kind() == PaymentEvent.Kind.PAYMENT_CANCELED;
                String code = canceled ? "canceled" : (event.code() == null ? "declined" : event.code());
                var moved = transitions.apply(payment, p -> {
                    Payment referenced = p.referencedAs(event.reference());
                    return canceled ? referenced.cancel(clock.now()) : referenced.fail(code, clock.now());
                });
                if (!moved.changed()) {
                    return Outcome.STALE;
                }
                if (payment.taskToken() != null) {
                    workflow.paymentFailed(payment.taskToken(), CheckoutWorkflow.PAYMENT_DECLINED, code);
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
        // The payment was created for the order's total: the event must say so.
        Optional<String> mismatch = event.amountMismatch(order.total(), "the order's total");
        if (mismatch.isPresent()) {
            warnMismatch(event, order.orderId().value(), "unrecorded payment " + paymentId, mismatch.get());
        }
        if (order.status() == OrderStatus.PENDING_PAYMENT) {
            if (mismatch.isPresent()) {
                // The checkout records the payment as the provider reports it to the charge; this event adds nothing.
                return markMismatched(event, mismatch.get());
            }
            throw new StateConflictException("payment " + paymentId + " succeeded at the provider before the checkout recorded it; retry later");
        }
        if (!order.isClosed()) {
            LOG.log(System.Logger.Level.WARNING, "provider event {0} reports success for payment {1}, which has no record while order {2} is {3}; "
                    + "needs reconciliation", event.eventId(), paymentId, order.orderId(), order.status());
            return mismatch.isPresent() ? markMismatched(event, mismatch.get()) : Outcome.STALE;
        }
        // A capture on a closed order is recorded and refunded only as the provider itself reports it.
        Optional<ProviderPayment> seen = Optional.ofNullable(event.reference()).flatMap(providers.named(event.provider())::findPayment)
                .filter(p -> p.status() == PaymentProvider.Status.SUCCEEDED && order.total().equals(p.amount()));
        if (seen.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "provider event {0} reports success for payment {1} of closed order {2}, which the provider "
                    + "does not confirm for {3}; nothing recorded", event.eventId(), paymentId, order.orderId(), order.total());
            return mismatch.isPresent() ? markMismatched(event, mismatch.get()) : Outcome.STALE;
        }
        Payment captured = Payment.pending(paymentId, event.provider(), seen.get().amount(), order.paymentMethod().orElse(null), null, clock.now())
                .withProviderReference(seen.get().reference(), clock.now())
                .succeed(clock.now());
        if (!payments.create(captured)) {
            return payment(event).map(p -> applyToPayment(event, p)).orElse(Outcome.IGNORED);
        }
        compensatePayment.compensate(order.orderId(), paymentId);
        return mismatch.isPresent() ? markMismatched(event, mismatch.get()) : Outcome.LATE_CAPTURE_REFUNDED;
    }

    private Outcome applyToRefund(PaymentEvent event, Refund refund) {
        String paymentReference = payments.find(refund.paymentId()).map(Payment::providerReference).orElse(null);
        Optional<String> mismatch = event.mismatchWith(refund, paymentReference);
        if (mismatch.isPresent()) {
            warnMismatch(event, refund.orderId().value(), "refund " + refund.refundId(), mismatch.get());
            String reference = refund.providerReference() != null ? refund.providerReference() : event.reference();
            if (reference != null && !refund.status().isFinal()) {
                providers.named(event.provider()).findRefund(reference).ifPresent(seen -> settleRefund.asTheProviderSees(refund, seen));
            }
            return markMismatched(event, mismatch.get());
        }
        if (refund.status().isFinal()) {
            return Outcome.STALE;
        }
        Refund referenced = refund.providerReference() == null && event.reference() != null
                ? refund.withProviderReference(event.reference(), clock.now())
                : refund;
        Refund settled = settleRefund.settle(referenced, event.kind() == PaymentEvent.Kind.REFUND_SUCCEEDED);
        return settled.status() == refund.status() ? Outcome.STALE : Outcome.APPLIED;
    }

    /**
     * The provider's own view of {@code payment} as an event to apply, when it is final and matches the
     * record; empty while it is pending, and when even the provider's record differs from the checkout's
     * (logged: only a person can tell why).
     */
    private Optional<PaymentEvent> providersView(PaymentEvent received, Payment payment, ProviderPayment seen) {
        PaymentEvent.Kind kind = switch (seen.status()) {
            case SUCCEEDED -> PaymentEvent.Kind.PAYMENT_SUCCEEDED;
            case FAILED -> PaymentEvent.Kind.PAYMENT_FAILED;
            case CANCELED -> PaymentEvent.Kind.PAYMENT_CANCELED;
            case PENDING -> null;
        };
        if (kind == null) {
            return Optional.empty();
        }
        PaymentEvent truth = new PaymentEvent(received.provider(), received.eventId(), kind, "provider.view", seen.reference(), seen.reference(),
                payment.orderId().value(), payment.paymentId().value(), null, seen.failureCode(), seen.amount());
        Optional<String> differs = truth.mismatchWith(payment);
        if (differs.isPresent()) {
            LOG.log(System.Logger.Level.ERROR, "the provider''s own record of payment {0} (order {1}) differs from the checkout''s: {2}; "
                    + "needs reconciliation by a person", payment.paymentId(), payment.orderId(), differs.get());
            return Optional.empty();
        }
        return Optional.of(truth);
    }

    private void warnMismatch(PaymentEvent event, String orderId, String subject, String mismatch) {
        LOG.log(System.Logger.Level.WARNING, "provider event {0} ({1}, {2}) does not match {3} of order {4}: {5}; "
                + "nothing applied from it, asking the provider", event.eventId(), event.provider(), event.providerType(), subject, orderId, mismatch);
    }

    private Outcome markMismatched(PaymentEvent event, String mismatch) {
        return inbox.markMismatched(event.provider(), event.eventId(), mismatch) ? Outcome.MISMATCHED : Outcome.DUPLICATE;
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
