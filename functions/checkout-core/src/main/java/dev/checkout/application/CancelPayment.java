package dev.checkout.application;

import dev.checkout.domain.OrderId;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentStatus;
import dev.checkout.port.CheckoutWorkflow;
import dev.checkout.port.Clock;
import dev.checkout.port.PaymentProvider;
import dev.checkout.port.PaymentProviders;
import dev.checkout.port.PaymentProvider.ProviderPayment;
import dev.checkout.port.PaymentRepository;
import java.util.ArrayList;
import java.util.List;

/**
 * Cancels an order's pending payments at the provider, for the order cancel API. A payment that
 * already succeeded cannot be cancelled: {@link #cancel} names it so that the caller refunds it;
 * {@link #cancelAndRefund} does both for an order that is already closed, including a payment only
 * its stopped checkout knew of. The workflow is not told here: the cancel API stops it.
 */
public final class CancelPayment {
    private final PaymentRepository payments;
    private final PaymentProviders providers;
    private final CheckoutWorkflow workflow;
    private final PaymentTransitions transitions;
    private final CompensatePayment refunds;
    private final Clock clock;

    public CancelPayment(PaymentRepository payments, PaymentProviders providers, CheckoutWorkflow workflow, PaymentTransitions transitions,
                         CompensatePayment refunds, Clock clock) {
        this.payments = payments;
        this.providers = providers;
        this.workflow = workflow;
        this.transitions = transitions;
        this.refunds = refunds;
        this.clock = clock;
    }

    public enum Outcome {
        /** No payment is pending any more: every pending one was cancelled (or there was none). */
        CANCELLED,
        /** A payment succeeded; {@link Result#succeeded()} names it for the caller to refund. */
        ALREADY_SUCCEEDED,
        /**
         * A payment is being sent to the provider right now (no provider reference yet), so it cannot be
         * cancelled. If it goes through after the order is cancelled, it is refunded as a late capture.
         */
        IN_FLIGHT
    }

    public record Result(Outcome outcome, List<PaymentId> succeeded) {
        public Result {
            succeeded = List.copyOf(succeeded);
        }
    }

    public Result cancel(OrderId orderId) {
        var succeeded = new ArrayList<PaymentId>();
        boolean inFlight = false;
        for (Payment payment : payments.findByOrder(orderId)) {
            Payment settled = payment.status() == PaymentStatus.PENDING ? cancelAtProvider(payment) : payment;
            if (settled.status() == PaymentStatus.SUCCEEDED) {
                succeeded.add(settled.paymentId());
            } else if (settled.status() == PaymentStatus.PENDING) {
                inFlight = true;
            }
        }
        Outcome outcome = !succeeded.isEmpty() ? Outcome.ALREADY_SUCCEEDED : inFlight ? Outcome.IN_FLIGHT : Outcome.CANCELLED;
        return new Result(outcome, succeeded);
    }

    /**
     * For an order that was cancelled (its checkout stopped first): cancels what is pending and refunds
     * what succeeded, the payment having won the race against the cancel. That includes a success the
     * checkout had taken but not yet recorded when it was stopped: it is recorded, then refunded. Safe
     * to repeat.
     */
    public Result cancelAndRefund(OrderId orderId) {
        workflow.paymentLeftByStoppedCheckout(orderId).ifPresent(refunds::compensate);
        Result result = cancel(orderId);
        for (PaymentId succeeded : result.succeeded()) {
            refunds.compensate(orderId, succeeded);
        }
        return result;
    }

    private Payment cancelAtProvider(Payment payment) {
        if (payment.providerReference() == null) {
            return payment;
        }
        ProviderPayment result = providers.named(payment.provider()).cancel(payment.providerReference());
        if (result.status() == PaymentProvider.Status.PENDING) {
            return payment;
        }
        return transitions.apply(payment, PaymentTransitions.toFinal(result, clock.now())).payment();
    }
}
