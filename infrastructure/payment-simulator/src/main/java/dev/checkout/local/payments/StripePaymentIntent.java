package dev.checkout.local.payments;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * A Stripe PaymentIntent in the ledger: the ledger's payment, whose status takes Stripe's words
 * ({@code requires_payment_method}, {@code requires_confirmation}, {@code requires_action}, {@code succeeded},
 * {@code canceled}), plus the fields only a PaymentIntent has. Guarded by the ledger's lock.
 */
final class StripePaymentIntent extends PaymentLedger.Payment {
    final String clientSecret;
    boolean automaticPaymentMethods;
    List<String> paymentMethodTypes;
    String returnUrl;
    Long canceledAt;
    String cancellationReason;
    /** {@code last_payment_error} as Stripe renders it, or {@code null}. */
    ObjectNode lastPaymentError;
    /** {@code next_action} as Stripe renders it, or {@code null}. */
    ObjectNode nextAction;

    StripePaymentIntent(String id, long amount, String currency, String description, Map<String, String> metadata,
                        long created, String idempotencyKey) {
        super(id, amount, currency, description, metadata, created, idempotencyKey);
        this.clientSecret = id + "_secret_" + StripeIds.random(25);
    }
}
