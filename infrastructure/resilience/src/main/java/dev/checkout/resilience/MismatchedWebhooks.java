package dev.checkout.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.payments.WebhookSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validly signed Stripe events that do not match the payment they name: its order and payment id in the metadata,
 * but an amount of 1, another currency, or another PaymentIntent's id; a success and a failure of each. They are
 * what someone holding the webhook secret, or a confused integration on the same account, could send. Each is posted
 * to the API's webhook route as Stripe posts (signed now) and must change nothing: the checkout keeps it in its inbox
 * as MISMATCHED and asks the provider.
 */
final class MismatchedWebhooks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final String secret;
    private final Set<String> sent = ConcurrentHashMap.newKeySet();

    MismatchedWebhooks(URI apiEndpoint, String webhookSecret) {
        this.endpoint = apiEndpoint.resolve("/webhooks/stripe");
        this.secret = webhookSecret;
    }

    /** Ids of every event sent, whatever the answer. */
    Set<String> sentEventIds() {
        return Set.copyOf(sent);
    }

    /**
     * Sends the burst for the payment {@code payment} of an order view ({@code paymentId}, {@code providerReference},
     * {@code amount}); returns how many events the webhook route took (2xx).
     */
    int sendBurst(String orderId, JsonNode payment) {
        String paymentId = payment.path("paymentId").asText();
        String reference = payment.path("providerReference").asText("pi_unknown");
        long amount = payment.path("amount").path("amount").asLong();
        String currency = payment.path("amount").path("currency").asText("USD").toLowerCase(Locale.ROOT);
        String otherCurrency = currency.equals("eur") ? "usd" : "eur";
        String otherIntent = "pi_forged" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        int taken = 0;
        for (String type : List.of("payment_intent.succeeded", "payment_intent.payment_failed")) {
            taken += post(event(type, orderId, paymentId, reference, 1, currency));
            taken += post(event(type, orderId, paymentId, reference, amount, otherCurrency));
            taken += post(event(type, orderId, paymentId, otherIntent, amount, currency));
        }
        return taken;
    }

    private String event(String type, String orderId, String paymentId, String intentId, long amount, String currency) {
        String eventId = "evt_mismatch" + UUID.randomUUID().toString().replace("-", "");
        sent.add(eventId);
        ObjectNode event = JSON.createObjectNode();
        event.put("id", eventId).put("object", "event").put("api_version", "2026-07-29.dahlia").put("created", Instant.now().getEpochSecond());
        ObjectNode intent = event.putObject("data").putObject("object");
        boolean succeeded = type.endsWith("succeeded");
        intent.put("id", intentId).put("object", "payment_intent").put("amount", amount).put("amount_received", succeeded ? amount : 0)
                .put("currency", currency).put("status", succeeded ? "succeeded" : "requires_payment_method");
        if (!succeeded) {
            intent.putObject("last_payment_error").put("code", "card_declined").put("decline_code", "generic_decline");
        }
        intent.putObject("metadata").put("orderId", orderId).put("paymentId", paymentId);
        event.put("livemode", false).put("type", type);
        return event.toString();
    }

    private int post(String payload) {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json; charset=utf-8")
                .header("stripe-signature", WebhookSignature.header(payload, secret, Instant.now().getEpochSecond()))
                .POST(HttpRequest.BodyPublishers.ofString(payload))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2 ? 1 : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
