package dev.checkout.local.payments;

import java.util.Locale;
import java.util.Set;

/**
 * The checks Stripe makes on a request's parameters alone, before it looks at any object: each returns the
 * checked value or throws the {@code invalid_request_error} Stripe answers, with its code, message and
 * {@code param}.
 */
final class StripeParameterValidation {
    private static final Set<String> REFUND_REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer");
    private static final Set<String> CANCELLATION_REASONS =
            Set.of("duplicate", "fraudulent", "requested_by_customer", "abandoned");

    private StripeParameterValidation() {
    }

    /** The amount in {@code name}, at least 1 (minor units). */
    static long requirePositiveAmount(FormParameters params, String name) {
        Long amount = params.getLong(name);
        if (amount == null) {
            throw StripeApiException.missingParameter(name);
        }
        return positive(amount, name);
    }

    /** The amount in {@code name}, at least 1 (minor units), or {@code null} when it is not given. */
    static Long optionalPositiveAmount(FormParameters params, String name) {
        Long amount = params.getLong(name);
        return amount == null ? null : positive(amount, name);
    }

    private static long positive(long amount, String name) {
        if (amount < 1) {
            throw StripeApiException.invalidRequest("parameter_invalid_integer",
                    "This value must be greater than or equal to 1.", name);
        }
        return amount;
    }

    /** The three-letter {@code currency}, in lower case. */
    static String requireCurrency(FormParameters params) {
        String currency = params.require("currency");
        if (!currency.matches("[A-Za-z]{3}")) {
            throw StripeApiException.invalidRequest("parameter_invalid_string",
                    "Invalid currency: " + currency + ". Stripe currently supports these currencies: usd, eur, ...",
                    "currency");
        }
        return currency.toLowerCase(Locale.ROOT);
    }

    /** Refuses a {@code capture_method} other than automatic capture, the only one simulated. */
    static void requireAutomaticCapture(FormParameters params) {
        String captureMethod = params.get("capture_method");
        if (captureMethod != null && !captureMethod.equals("automatic") && !captureMethod.equals("automatic_async")) {
            throw StripeApiException.invalidRequest("parameter_invalid_string",
                    "The payment simulator supports capture_method=automatic only, not '" + captureMethod + "'.",
                    "capture_method");
        }
    }

    /** The test card a {@code payment_method} token names. */
    static TestCard requireKnownCard(String token) {
        return TestCard.byToken(token).orElseThrow(() -> StripeApiException.invalidRequest("resource_missing",
                "No such PaymentMethod: '" + token + "'", "payment_method"));
    }

    /** Refuses {@code confirm=true} on creation without a {@code payment_method}. */
    static void requirePaymentMethodToConfirm(boolean confirm, String paymentMethod) {
        if (confirm && paymentMethod == null) {
            throw StripeApiException.invalidRequest("parameter_missing",
                    "You must provide a payment_method to confirm this PaymentIntent.", "payment_method");
        }
    }

    /** The {@code cancellation_reason}, one of Stripe's, or {@code null} when it is not given. */
    static String optionalCancellationReason(FormParameters params) {
        String reason = params.get("cancellation_reason");
        if (reason != null && !CANCELLATION_REASONS.contains(reason)) {
            throw StripeApiException.invalidRequest("parameter_invalid_string",
                    "Invalid cancellation_reason: must be one of " + String.join(", ", CANCELLATION_REASONS),
                    "cancellation_reason");
        }
        return reason;
    }

    /** The refund's {@code reason}, one of Stripe's, or {@code null} when it is not given. */
    static String optionalRefundReason(FormParameters params) {
        String reason = params.get("reason");
        if (reason != null && !REFUND_REASONS.contains(reason)) {
            throw StripeApiException.invalidRequest("parameter_invalid_string",
                    "Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer", "reason");
        }
        return reason;
    }

    /** Refuses a refund that names neither a {@code payment_intent} nor a {@code charge}. */
    static void requireRefundTarget(String paymentIntent, String charge) {
        if (paymentIntent == null && charge == null) {
            throw StripeApiException.invalidRequest("parameter_missing",
                    "One of the following params should be provided for this request: payment_intent or charge.",
                    null);
        }
    }
}
