package dev.checkout.port;

import dev.checkout.domain.OrderId;
import dev.checkout.domain.RefundId;

/**
 * Has a stored refund that never reached the provider sent again, or one it accepted but that never
 * settled looked up there, by the function that talks to the provider. Sending is idempotent (the refund id is the provider's idempotency key), so a refund
 * that is being sent at the same moment is not refunded twice.
 */
@FunctionalInterface
public interface RefundResend {
    void resend(OrderId orderId, RefundId refundId);
}
