package dev.checkout.application;

import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentDeclinedException;
import dev.checkout.domain.PaymentProviderUnavailableException;
import dev.checkout.domain.Refund;
import dev.checkout.domain.RefundId;
import dev.checkout.domain.StateConflictException;
import dev.checkout.port.Clock;
import dev.checkout.port.PaymentProviders;
import dev.checkout.port.PaymentProvider.ProviderRefund;
import dev.checkout.port.PaymentProvider.RefundRequest;
import dev.checkout.port.PaymentRepository;
import dev.checkout.port.RefundRepository;
import java.util.Optional;

/**
 * Sends a stored refund to the provider, with the refund id as idempotency key: sending twice refunds
 * once. A settled refund is left as it is. What the provider answers at once is recorded: its reference,
 * and the outcome when it is already final. A refund that was sent (it has the provider's reference) but
 * is still pending is not sent again: the provider is asked for it, and what it reports as final settles
 * it (the sender may have failed between recording the reference and settling, or the provider's event
 * may never come: Alipay's refund notifications are not applied, since they state the trade's total refunded).
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

    /** Sends {@code refund} unless it was sent (then asks the provider for it); returns it as it is now. */
    public Refund send(Refund refund) {
        if (refund.status().isFinal()) {
            return refund;
        }
        if (refund.providerReference() != null) {
            return askProvider(refund);
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
     * What the provider holds under the refund's reference settles it ({@link SettleRefund#asTheProviderSees}).
     * The provider unreachable, or the refund unknown or still pending there, leaves it pending (the sweep asks again).
     */
    private Refund askProvider(Refund refund) {
        Optional<ProviderRefund> seen;
        try {
            seen = providers.named(refund.provider()).findRefund(refund.providerReference());
        } catch (PaymentProviderUnavailableException unavailable) {
            return refund;
        }
        return seen.map(s -> settleRefund.asTheProviderSees(refund, s)).orElse(refund);
    }

    /**
     * Sends a stored refund again, for the sweep of refunds the provider never accepted (their sender
     * failed and nothing retried it), or asks the provider for one it accepted that never settled. One
     * settled meanwhile is left as it is.
     */
    public Refund resend(OrderId orderId, RefundId refundId) {
        return send(refunds.find(orderId, refundId).orElseThrow(() -> new NotFoundException("no refund " + refundId + " on " + orderId)));
    }
}
