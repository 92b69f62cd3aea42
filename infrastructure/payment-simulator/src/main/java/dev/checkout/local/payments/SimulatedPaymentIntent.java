package dev.checkout.local.payments;

import java.util.Map;

/**
 * A PaymentIntent as the simulator holds it (a snapshot).
 *
 * @param idempotencyKey the {@code Idempotency-Key} of the request that created it, or {@code null}
 */
public record SimulatedPaymentIntent(
        String id,
        long amount,
        String currency,
        String status,
        String paymentMethod,
        String latestCharge,
        long amountReceived,
        Map<String, String> metadata,
        String description,
        String idempotencyKey) {

    public SimulatedPaymentIntent {
        metadata = Map.copyOf(metadata);
    }
}
