package dev.checkout.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Money returned for an order, settled asynchronously by the provider. A refund counts against
 * what can still be refunded from the moment it is created; a failed refund gives that back.
 */
public record Refund(
        RefundId refundId,
        OrderId orderId,
        PaymentId paymentId,
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

    public static Refund pending(RefundId id, OrderId orderId, PaymentId paymentId, Money amount, String reason, Instant now) {
        return new Refund(id, orderId, paymentId, RefundStatus.PENDING, amount, reason, null, now, now);
    }

    public Refund withProviderReference(String reference, Instant now) {
        return new Refund(refundId, orderId, paymentId, status, amount, reason, reference, createdAt, now);
    }

    public Refund settle(boolean succeeded, Instant now) {
        RefundStatus target = succeeded ? RefundStatus.SUCCEEDED : RefundStatus.FAILED;
        if (status.isFinal()) {
            throw new IllegalTransitionException(status, target);
        }
        return new Refund(refundId, orderId, paymentId, target, amount, reason, providerReference, createdAt, now);
    }
}
