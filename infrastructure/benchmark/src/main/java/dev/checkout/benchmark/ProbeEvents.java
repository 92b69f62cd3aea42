package dev.checkout.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The event each function's probe invokes: a sample from {@code events/} (the same fixtures
 * {@code sam local invoke -e} and the tests use) with its ids changed to real ones in the running
 * local cloud. {@code ${uuid}} marks what must differ on every invoke (an idempotency key), so that
 * warm invokes do real work rather than replay.
 */
final class ProbeEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path eventsDir;
    private final String sku;
    private final String heldOrderId;
    private final String heldOrderOwner;
    private final String webhookSecret;

    /**
     * @param sku         a product with plenty of stock
     * @param heldOrderId an order whose stock is reserved and whose payment waits for the customer
     * @param webhookSecret the secret the webhook function verifies Stripe signatures with
     */
    ProbeEvents(Path eventsDir, String sku, String heldOrderId, String heldOrderOwner, String webhookSecret) {
        this.eventsDir = eventsDir;
        this.sku = sku;
        this.heldOrderId = heldOrderId;
        this.heldOrderOwner = heldOrderOwner;
        this.webhookSecret = webhookSecret;
    }

    /**
     * The event for a function of the template (by logical id), or empty when the benchmark has no
     * recipe for it. Built when asked, so that a webhook's signature is fresh.
     */
    Optional<String> forFunction(String logicalId) {
        return switch (logicalId) {
            // POST /orders; the order waits for the customer's authentication, so the probe's orders
            // add little work to the local cloud while it measures.
            case "CreateOrderFunction" -> Optional.of(createOrder());
            // GET /products/{sku}: the route the baseline implements too.
            case "OrdersApiFunction", Benchmark.BASELINE -> Optional.of(getProduct());
            // ReserveStock on an order the workflow has already reserved: the idempotent path
            // (the order is read, the reservation found, nothing written twice).
            case "ReserveStockFunction" -> Optional.of(reserve());
            // A charge message for the held order, whose payment already exists: the redelivery path.
            case "ChargeFunction" -> Optional.of(charge());
            // POST /webhooks/stripe, signed now; after the first invoke the event id is a duplicate.
            case "WebhookFunction" -> Optional.of(webhook());
            // GET /orders/{orderId}/payments of the held order, by its owner.
            case "PaymentsQueryFunction" -> Optional.of(orderPayments());
            default -> Optional.empty();
        };
    }

    private String createOrder() {
        ObjectNode event = read("create-order.json");
        event.withObject("/headers").put("idempotency-key", "${uuid}");
        claims(event).put("sub", "benchmark-probe");
        event.put("body", "{\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":1}],\"paymentMethod\":\"pm_card_authenticationRequired\"}");
        return event.toString();
    }

    private String getProduct() {
        ObjectNode event = read("get-product.json");
        event.withObject("/pathParameters").put("sku", sku);
        event.put("rawPath", "/products/" + sku);
        event.withObject("/requestContext/http").put("path", "/products/" + sku);
        return event.toString();
    }

    private String reserve() {
        ObjectNode event = read("reserve-stock-reserve.json");
        event.put("orderId", heldOrderId);
        return event.toString();
    }

    private String charge() {
        ObjectNode event = read("charge-message.json");
        ObjectNode record = (ObjectNode) event.withArray("/Records").get(0);
        ObjectNode body = JSON.createObjectNode().put("orderId", heldOrderId).put("attempt", 1).put("taskToken", "benchmark-probe-token");
        record.put("body", body.toString());
        record.put("messageId", "${uuid}");
        return event.toString();
    }

    private String webhook() {
        ObjectNode event = read("stripe-webhook-payment-succeeded.json");
        String body = event.path("body").asText().replace("evt_1QexamplePaymentSucceeded", "evt_benchmark_" + UUID.randomUUID().toString().replace("-", ""));
        long timestamp = Instant.now().getEpochSecond();
        event.put("body", body);
        event.withObject("/headers").put("stripe-signature", "t=" + timestamp + ",v1=" + hmacSha256Hex(webhookSecret, timestamp + "." + body));
        return event.toString();
    }

    private String orderPayments() {
        ObjectNode event = read("list-order-payments.json");
        event.withObject("/pathParameters").put("orderId", heldOrderId);
        event.put("rawPath", "/orders/" + heldOrderId + "/payments");
        event.withObject("/requestContext/http").put("path", "/orders/" + heldOrderId + "/payments");
        claims(event).put("sub", heldOrderOwner);
        return event.toString();
    }

    private static String hmacSha256Hex(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode claims(ObjectNode event) {
        return event.withObject("/requestContext/authorizer/jwt/claims");
    }

    private ObjectNode read(String name) {
        try {
            JsonNode node = JSON.readTree(Files.readString(eventsDir.resolve(name)));
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
