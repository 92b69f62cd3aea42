package dev.checkout.local.payments;

/**
 * A charge (an attempt to move money for a PaymentIntent) as the simulator holds it (a snapshot).
 *
 * @param status         {@code succeeded} or {@code failed}
 * @param amountRefunded the sum of the charge's pending and succeeded refunds
 * @param idempotencyKey the {@code Idempotency-Key} that created the charge's PaymentIntent, or {@code null}
 */
public record SimulatedCharge(
        String id,
        String paymentIntent,
        long amount,
        String currency,
        String status,
        long amountRefunded,
        String idempotencyKey) {
}
