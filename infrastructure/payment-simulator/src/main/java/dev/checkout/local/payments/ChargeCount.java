package dev.checkout.local.payments;

/**
 * How many charges the provider made for the PaymentIntents created under one idempotency key: the number a test
 * asserts on for "exactly one charge at the provider".
 *
 * @param charges   all charges, succeeded and failed
 * @param succeeded charges that moved money
 */
public record ChargeCount(String idempotencyKey, int paymentIntents, int charges, int succeeded) {
}
