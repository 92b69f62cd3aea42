package dev.checkout.local.payments;

import java.util.Map;

/**
 * A refund as the simulator holds it (a snapshot).
 *
 * @param status {@code pending}, then {@code succeeded} or {@code failed}
 */
public record SimulatedRefund(
        String id,
        String paymentIntent,
        String charge,
        long amount,
        String currency,
        String status,
        String reason,
        String failureReason,
        Map<String, String> metadata) {

    public SimulatedRefund {
        metadata = Map.copyOf(metadata);
    }
}
