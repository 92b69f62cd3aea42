package dev.checkout.aws.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.checkout.aws.lambda.Json;
import dev.checkout.domain.Money;
import dev.checkout.domain.PaymentEvent;
import dev.checkout.domain.PaymentEvent.Kind;
import dev.checkout.domain.ValidationException;
import dev.checkout.domain.WebhookSignatureException;
import dev.checkout.port.PaymentEventReader;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Stripe's webhook events. The signature ({@code Stripe-Signature}: HMAC-SHA256 over
 * {@code timestamp.payload}, several {@code v1} values allowed, constant-time comparison) is checked
 * by stripe-java's {@link Webhook.Signature#verifyHeader} with a 5-minute tolerance, which it applies to
 * the past only: a timestamp more than the tolerance in the future is refused here as well (a signed event
 * stamped ahead would otherwise stay replayable for as long as it is ahead). The fields the
 * checkout needs are then read from the JSON tree, independent of the API version the event was
 * rendered in. stripe-java's {@code Event} model is not used: it references every model class, which
 * the functions' jars leave out (functions/lambda-jar.pro).
 */
public final class StripePaymentEventReader implements PaymentEventReader {
    public static final long TOLERANCE_SECONDS = 300;

    private final Supplier<String> webhookSecret;
    private final Clock clock;

    /** {@code webhookSecret} is asked for on the first verification only; reading needs no secret. */
    public StripePaymentEventReader(Supplier<String> webhookSecret) {
        this(webhookSecret, Clock.systemUTC());
    }

    /** {@code clock} must be the one stripe-java checks the past with: the system's. */
    StripePaymentEventReader(Supplier<String> webhookSecret, Clock clock) {
        this.webhookSecret = webhookSecret;
        this.clock = clock;
    }

    /** The header's {@code t=} value; the header verified, so there is exactly one and it is a number. */
    private static long signedAt(String signature) {
        for (String element : signature.split(",")) {
            String[] pair = element.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                return Long.parseLong(pair[1]);
            }
        }
        throw new WebhookSignatureException("the Stripe-Signature header has no timestamp");
    }

    @Override
    public String provider() {
        return StripePaymentProvider.NAME;
    }

    @Override
    public PaymentEvent verify(String payload, Map<String, String> headers) {
        String signature = headers.get("stripe-signature");
        if (signature == null || signature.isBlank()) {
            throw new WebhookSignatureException("the Stripe-Signature header is missing");
        }
        String secret = webhookSecret.get();
        try {
            Webhook.Signature.verifyHeader(payload, signature, secret, TOLERANCE_SECONDS);
        } catch (SignatureVerificationException e) {
            throw new WebhookSignatureException("the Stripe-Signature does not verify: " + e.getMessage());
        } catch (RuntimeException malformed) {
            // e.g. a timestamp that is not a number
            throw new WebhookSignatureException("the Stripe-Signature header is malformed");
        }
        if (signedAt(signature) > clock.instant().getEpochSecond() + TOLERANCE_SECONDS) {
            throw new WebhookSignatureException("the Stripe-Signature timestamp is more than " + TOLERANCE_SECONDS + " s in the future");
        }
        return read(payload);
    }

    @Override
    public PaymentEvent read(String payload) {
        JsonNode event;
        try {
            event = Json.parse(payload);
        } catch (UncheckedIOException e) {
            throw new ValidationException("the webhook body is not JSON");
        }
        if (!event.isObject()) {
            throw new ValidationException("the webhook body is not a Stripe event");
        }
        // The whole event, not only the fields read here: the inbox and the queue keep it as received.
        Json.invalidUnicodeAt(event).ifPresent(where -> {
            throw new ValidationException("the webhook body's " + where + " must be valid Unicode text (it holds an unpaired UTF-16 surrogate)");
        });
        String type = event.path("type").asText("");
        JsonNode object = event.path("data").path("object");
        JsonNode metadata = object.path("metadata");
        String objectType = object.path("object").asText("");
        Kind kind = kind(type, objectType, object.path("status").asText(""));
        String code = null;
        String paymentReference = null;
        if (objectType.equals("payment_intent")) {
            paymentReference = text(object, "id");
            JsonNode error = object.path("last_payment_error");
            code = text(error, "decline_code") != null ? text(error, "decline_code") : text(error, "code");
        } else if (objectType.equals("refund")) {
            paymentReference = text(object, "payment_intent");
            code = text(object, "failure_reason");
        }
        return new PaymentEvent(provider(), event.path("id").asText(""), kind, type, text(object, "id"), paymentReference,
                text(metadata, "orderId"), text(metadata, "paymentId"), text(metadata, "refundId"), code, amount(object));
    }

    /** Stripe states amounts in minor units with a lower-case currency. */
    private static Money amount(JsonNode object) {
        JsonNode amount = object.path("amount");
        String currency = text(object, "currency");
        if (!amount.isIntegralNumber() || amount.asLong() <= 0 || currency == null || currency.length() != 3) {
            return null;
        }
        return Money.of(amount.asLong(), currency.toUpperCase(Locale.ROOT));
    }

    private static Kind kind(String type, String objectType, String status) {
        if (objectType.equals("payment_intent")) {
            return switch (type) {
                case "payment_intent.succeeded" -> Kind.PAYMENT_SUCCEEDED;
                case "payment_intent.payment_failed" -> Kind.PAYMENT_FAILED;
                case "payment_intent.canceled" -> Kind.PAYMENT_CANCELED;
                default -> Kind.IGNORED;
            };
        }
        if (objectType.equals("refund")) {
            // refund.created / refund.updated / refund.failed / charge.refund.updated: the status says what happened
            return switch (status) {
                case "succeeded" -> Kind.REFUND_SUCCEEDED;
                case "failed", "canceled" -> Kind.REFUND_FAILED;
                default -> Kind.IGNORED;
            };
        }
        return Kind.IGNORED;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isValueNode() || value.asText().isBlank() ? null : value.asText();
    }
}
