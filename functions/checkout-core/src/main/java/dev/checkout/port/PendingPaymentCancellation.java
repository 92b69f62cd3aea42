package dev.checkout.port;

import dev.checkout.domain.OrderId;

/**
 * Cancels an order's payments that are still pending at the provider. A payment that succeeded
 * in the meantime is left to the payment-event handling, which refunds captures on closed orders.
 */
@FunctionalInterface
public interface PendingPaymentCancellation {
    void cancelPendingPayments(OrderId orderId);
}
