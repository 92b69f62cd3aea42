package dev.checkout.application;

import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentDeclinedException;
import dev.checkout.domain.Refund;
import dev.checkout.domain.RefundId;
import dev.checkout.domain.StateConflictException;
import dev.checkout.port.Clock;
import dev.checkout.port.PaymentProviders;
import dev.checkout.port.PaymentProvider.ProviderRefund;
import dev.checkout.port.PaymentProvider.RefundRequest;
import dev.checkout.port.PaymentRepository;
import dev.checkout.port.RefundRepository;

/**
 * Sends a stored refund to the provider, with the refund id as idempotency key: sending twice refunds
 * once. A refund that was sent (it has the provider's reference) or settled is left as it is. What the
 * provider answers at once is recorded: its reference, and the outcome when it is already final.
 */
public final class SendRefund {
    private final PaymentRepository payments;
    private final RefundRepository refunds;
    private final PaymentProviders providers;
    private final SettleRefund settleRefund;
    private final Clock clock;

    public SendRefund(PaymentRepository payments, RefundRepository refunds, PaymentProviders providers, SettleRefund settleRefund, Clock clock) {
        this.payments = payments;
        this.refunds = refunds;
        this.providers = providers;
        this.settleRefund = settleRefund;
        this.clock = clock;
    }

    /** Sends {@code refund} unless it was sent; returns it as it is now. */
    public Refund send(Refund refund) {
        if (refund.status().isFinal() || refund.providerReference() != null) {
            return refund;
        }
        Payment payment = payments.find(refund.paymentId())
                .orElseThrow(() -> new StateConflictException("refund " + refund.refundId() + " names unknown payment " + refund.paymentId()));
        ProviderRefund result;
        try {
            result = providers.named(payment.provider()).refund(new RefundRequest(refund.refundId(), refund.orderId(), payment.paymentId(), payment.providerReference(), refund.amount()));
        } catch (PaymentDeclinedException refused) {
            return settleRefund.settle(refund, false);
        }
        Refund referenced = refund.withProviderReference(result.reference(), clock.now());
        try {
            refunds.update(referenced);
        } catch (StateConflictException settledMeanwhile) {
            return refunds.reload(refund);
        }
        return switch (result.status()) {
            case SUCCEEDED -> settleRefund.settle(referenced, true);
            case FAILED, CANCELED -> settleRefund.settle(referenced, false);
            case PENDING -> referenced;
        };
    }

    /**
     * Sends a stored refund again, for the sweep of refunds the provider never accepted (their sender
     * failed and nothing retried it). One that was sent or settled meanwhile is left as it is.
     */
    public Refund resend(OrderId orderId, RefundId refundId) {
        return send(refunds.find(orderId, refundId).orElseThrow(() -> new NotFoundException("no refund " + refundId + " on " + orderId)));
    }
}
