package dev.checkout.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Money returned for an order, settled asynchronously by the provider. A refund counts against
 * what can still be refunded from the moment it is created; a failed refund gives that back. {@code provider}
 * is the refunded payment's: a refund goes back the way the money came.
 */
public record Refund(
        RefundId refundId,
        OrderId orderId,
        PaymentId paymentId,
        String provider,
        RefundStatus status,
        Money amount,
        String reason,
        String providerReference,
        Instant createdAt,
        Instant updatedAt) {
    public static final int MAX_REASON_LENGTH = 500;

    public Refund {
        Objects.requireNonNull(refundId, "refundId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(amount, "amount");
        if (amount.isZero()) {
            throw new ValidationException("a refund must be for more than zero");
        }
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            throw new ValidationException("reason must be at most " + MAX_REASON_LENGTH + " characters");
        }
        Text.requireValid(reason, "reason");
        Text.requireValid(providerReference, "the provider's refund reference");
    }

    public static Refund pending(RefundId id, OrderId orderId, PaymentId paymentId, String provider, Money amount, String reason, Instant now) {
        return new Refund(id, orderId, paymentId, provider, RefundStatus.PENDING, amount, reason, null, now, now);
    }

    public Refund withProviderReference(String reference, Instant now) {
        return new Refund(refundId, orderId, paymentId, provider, status, amount, reason, reference, createdAt, now);
    }

    public Refund settle(boolean succeeded, Instant now) {
        RefundStatus target = succeeded ? RefundStatus.SUCCEEDED : RefundStatus.FAILED;
        if (status.isFinal()) {
            throw new IllegalTransitionException(status, target);
        }
        return new Refund(refundId, orderId, paymentId, provider, target, amount, reason, providerReference, createdAt, now);
    }
}
