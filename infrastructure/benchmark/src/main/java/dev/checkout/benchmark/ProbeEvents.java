package dev.checkout.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.cloud.LocalCloud;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
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

    /** The price of the probes' product, in cents; a paid order is one unit of it. */
    static final long PRICE = 1250;

    private final Path eventsDir;
    private final String sku;
    private final String soldOutSku;
    private final String heldOrderId;
    private final String heldOrderOwner;
    private final PaidOrder paid;
    private final String webhookSecret;
    private final String notificationEventId = "evt_probe_" + UUID.randomUUID().toString().replace("-", "");

    /** An order the workflow has taken to PAID, and its payment. */
    record PaidOrder(String orderId, String paymentId, String paymentReference, JsonNode amount) {
    }

    /**
     * @param sku         a product with plenty of stock
     * @param soldOutSku  a product with none
     * @param heldOrderId an order whose stock is reserved and whose payment waits for the customer
     * @param paid        an order that is paid, not refunded yet
     * @param webhookSecret the secret the webhook function verifies Stripe signatures with
     */
    ProbeEvents(Path eventsDir, String sku, String soldOutSku, String heldOrderId, String heldOrderOwner, PaidOrder paid, String webhookSecret) {
        this.eventsDir = eventsDir;
        this.sku = sku;
        this.soldOutSku = soldOutSku;
        this.heldOrderId = heldOrderId;
        this.heldOrderOwner = heldOrderOwner;
        this.paid = paid;
        this.webhookSecret = webhookSecret;
    }

    /**
     * Creates what the events refer to in a running local cloud: a product with plenty of stock, one
     * sold out, an order of bob's held at payment (its payment waits for the customer's
     * authentication) and a paid order of alice's.
     */
    static ProbeEvents prepare(LocalCloud cloud, ShopClient api, Path eventsDir, String webhookSecret) {
        String sku = "BENCH-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        api.putProduct(cloud.token("admin"), sku, PRICE, 100_000_000L);
        String soldOutSku = sku + "-SOLD-OUT";
        api.putProduct(cloud.token("admin"), soldOutSku, PRICE, 0);
        String held = api.order(cloud.token("bob"), sku, "pm_card_authenticationRequired");
        String machine = cloud.stateMachineArn("CheckoutStateMachine");
        try {
            cloud.engine().awaitTaskToken(CheckoutCost.executionArn(machine, held), Duration.ofSeconds(60));
        } catch (Exception e) {
            throw new IllegalStateException("order " + held + " never reached RequestPayment: " + e, e);
        }
        String alice = cloud.token("alice");
        String paidOrder = api.order(alice, sku, "pm_card_visa");
        var done = CheckoutCost.awaitExecution(cloud, CheckoutCost.executionArn(machine, paidOrder));
        JsonNode payment = api.send("GET", "/orders/" + paidOrder + "/payments", alice, null).body().path("payments").path(0);
        if (!"SUCCEEDED".equals(payment.path("status").asText())) {
            throw new IllegalStateException("order " + paidOrder + " was not paid (checkout " + done.status() + "): " + payment);
        }
        var paidOrderFixture = new PaidOrder(paidOrder, payment.path("paymentId").asText(), payment.path("providerReference").asText(),
                payment.path("amount"));
        return new ProbeEvents(eventsDir, sku, soldOutSku, held, "bob", paidOrderFixture, webhookSecret);
    }

    String sku() {
        return sku;
    }

    String heldOrderId() {
        return heldOrderId;
    }

    String heldOrderOwner() {
        return heldOrderOwner;
    }

    /**
     * The event for a function of the template (by logical id), or empty when the benchmark has no
     * recipe for it. Built when asked, so that a webhook's signature is fresh.
     */
    Optional<String> forFunction(String logicalId) {
        return switch (logicalId) {
            // POST /orders of the sold-out product (create-order does the same work for any product in
            // the catalog): each checkout ends at its first step, so the probe's orders add little work
            // to the local cloud while it measures, and none is left awaiting payment for the sweep.
            case "CreateOrderFunction" -> Optional.of(createOrder());
            // GET /products/{sku}: the route the baseline implements too.
            case "OrdersApiFunction", Benchmark.SDK_FLOOR, Benchmark.BASELINE -> Optional.of(getProduct());
            // ReserveStock on an order the workflow has already reserved: the idempotent path
            // (the order is read, the reservation found, nothing written twice).
            case "ReserveStockFunction" -> Optional.of(reserve());
            // A charge message for the held order, whose payment already exists: the redelivery path.
            case "ChargeFunction" -> Optional.of(charge());
            // POST /webhooks/stripe, signed now; after the first invoke the event id is a duplicate.
            case "WebhookFunction" -> Optional.of(webhook());
            // GET /orders/{orderId}/payments of the held order, by its owner.
            case "PaymentsQueryFunction" -> Optional.of(orderPayments());
            // The scheduled sweep over orders awaiting payment: the held order, once older than the
            // sweep's grace, is started again (a no-op, its checkout runs).
            case "SweepStalledCheckoutsFunction" -> Optional.of(read("sweep-stalled-checkouts.json").toString());
            // payment_intent.succeeded for the paid order's payment, as the webhook receiver enqueues it:
            // the payment is already SUCCEEDED, its workflow step closed (SendTaskSuccess is refused).
            // Applied once; later invokes are duplicates.
            case "NotificationFunction" -> Optional.of(notification());
            // POST /orders/{orderId}/refunds of 1000 of the paid order's 1250 (the sample's fixed
            // idempotency key: later invokes answer the same refund).
            case "RefundFunction" -> Optional.of(refundOrder());
            // The workflow's RefundPayment task for the paid order's payment: refunds what is left,
            // then answers the same refund.
            case "RefundCompensationFunction" -> Optional.of(refundPayment());
            // GET /orders/{orderId}/history of the held order, by an admin: the order read, then its execution's history.
            case "OperationsApiFunction" -> Optional.of(routed(read("get-order-history.json"), "orderId", heldOrderId,
                    "/orders/" + heldOrderId + "/history").toString());
            // The table's stream: the sample's order changes (fixed event ids: counted on the first invoke,
            // duplicates after it).
            case "StatisticsFunction" -> Optional.of(read("statistics-stream.json").toString());
            // GET /statistics of the sample's week, by an admin.
            case "StatisticsQueryFunction" -> Optional.of(read("get-statistics.json").toString());
            default -> Optional.empty();
        };
    }

    /** A request a function must refuse, and the status it must answer with. */
    record Refused(String event, int status) {
    }

    /**
     * For the HTTP functions, a request each must refuse whatever the state the other probes left
     * (a page token it did not issue, a forged signature, a refund of no order, another customer's
     * order), or empty. The refusals run the error paths of a function: the domain's exceptions, the
     * error body, and the SDK's and Stripe's failure types; orders-api's also reads its page-token key
     * from Secrets Manager through the jar's client.
     */
    Optional<Refused> refusedFor(String logicalId) {
        String unknownSku = "NO-SUCH-" + sku;
        return switch (logicalId) {
            case "CreateOrderFunction" -> Optional.of(new Refused(createOrder(unknownSku), 422));
            case "OrdersApiFunction" -> Optional.of(new Refused(listProductsWithForgedToken(), 400));
            case "WebhookFunction" -> Optional.of(new Refused(webhook("whsec_not_the_endpoint_secret"), 400));
            case "RefundFunction" -> {
                ObjectNode event = refundOrder("ord_00000000000000000000000000");
                event.withObject("/headers").put("idempotency-key", "${uuid}");
                yield Optional.of(new Refused(event.toString(), 404));
            }
            case "OperationsApiFunction" -> {
                ObjectNode event = read("list-dead-letters.json");
                claims(event).remove("cognito:groups");
                yield Optional.of(new Refused(event.toString(), 403));
            }
            case "PaymentsQueryFunction" -> Optional.of(new Refused(orderPayments("not-" + heldOrderOwner), 404));
            case "StatisticsQueryFunction" -> {
                ObjectNode event = read("get-statistics.json");
                event.withObject("/queryStringParameters").put("from", "2026-11-28").put("to", "2026-11-22");
                yield Optional.of(new Refused(event.toString(), 400));
            }
            default -> Optional.empty();
        };
    }

    private String createOrder() {
        return createOrder(soldOutSku);
    }

    private String createOrder(String orderedSku) {
        ObjectNode event = read("create-order.json");
        event.withObject("/headers").put("idempotency-key", "${uuid}");
        claims(event).put("sub", "benchmark-probe");
        event.put("body", "{\"items\":[{\"sku\":\"" + orderedSku + "\",\"quantity\":1}],\"paymentMethod\":\"pm_card_authenticationRequired\"}");
        return event.toString();
    }

    private String getProduct() {
        return getProduct(sku);
    }

    private String getProduct(String productSku) {
        return routed(read("get-product.json"), "sku", productSku, "/products/" + productSku).toString();
    }

    /** GET /products with a made-up, unsigned nextToken: valid base64 of key fields of the catalog. */
    private String listProductsWithForgedToken() {
        ObjectNode event = read("list-products.json");
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("PRODUCT#" + sku + "\nPRODUCT\nCATALOG\n" + sku).getBytes(StandardCharsets.UTF_8));
        event.withObject("/queryStringParameters").put("nextToken", forged);
        event.put("rawQueryString", "limit=20&nextToken=" + forged);
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
        // The fixture's charge, with the held order's id; amount and payment method as the workflow writes them.
        ObjectNode body = (ObjectNode) parse(record.path("body").asText());
        body.put("orderId", heldOrderId).put("taskToken", "benchmark-probe-token");
        record.put("body", body.toString());
        record.put("messageId", "${uuid}");
        return event.toString();
    }

    /** The cancel API's charge-queue message for {@code orderId}: cancel its payments, refund what its stopped checkout took. */
    String cancelPayments(String orderId) {
        ObjectNode event = read("charge-cancel-payments.json");
        ObjectNode record = (ObjectNode) event.withArray("/Records").get(0);
        record.put("body", JSON.createObjectNode().put("type", "cancel-payments").put("orderId", orderId).toString());
        return event.toString();
    }

    /** The sweep's charge-queue message: send the stored refund {@code refundId} of {@code orderId} again. */
    String sendRefund(String orderId, String refundId) {
        ObjectNode event = read("charge-send-refund.json");
        ObjectNode record = (ObjectNode) event.withArray("/Records").get(0);
        record.put("body", JSON.createObjectNode().put("type", "send-refund").put("orderId", orderId).put("refundId", refundId).toString());
        return event.toString();
    }

    private String webhook() {
        return webhook(webhookSecret);
    }

    private String webhook(String signingSecret) {
        ObjectNode event = read("stripe-webhook-payment-succeeded.json");
        String body = event.path("body").asText().replace("evt_1QexamplePaymentSucceeded", "evt_benchmark_" + UUID.randomUUID().toString().replace("-", ""));
        long timestamp = Instant.now().getEpochSecond();
        event.put("body", body);
        event.withObject("/headers").put("stripe-signature", "t=" + timestamp + ",v1=" + hmacSha256Hex(signingSecret, timestamp + "." + body));
        return event.toString();
    }

    private String orderPayments() {
        return orderPayments(heldOrderOwner);
    }

    /** GET /orders/{orderId}/payments of the held order, asked by {@code caller}. */
    private String orderPayments(String caller) {
        ObjectNode event = routed(read("list-order-payments.json"), "orderId", heldOrderId, "/orders/" + heldOrderId + "/payments");
        claims(event).put("sub", caller);
        return event.toString();
    }

    private String notification() {
        ObjectNode event = read("notification-message.json");
        ObjectNode record = (ObjectNode) event.withArray("/Records").get(0);
        ObjectNode body = (ObjectNode) parse(record.path("body").asText());
        ObjectNode payload = (ObjectNode) parse(body.path("payload").asText());
        payload.put("id", notificationEventId);
        ObjectNode intent = payload.withObject("/data/object");
        intent.put("id", paid.paymentReference());
        intent.put("amount", PRICE).put("amount_received", PRICE);
        intent.withObject("/metadata").put("orderId", paid.orderId()).put("paymentId", paid.paymentId());
        body.put("eventId", notificationEventId);
        body.put("payload", payload.toString());
        record.put("body", body.toString());
        return event.toString();
    }

    private String refundOrder() {
        return refundOrder(paid.orderId()).toString();
    }

    private ObjectNode refundOrder(String orderId) {
        return routed(read("refund-order.json"), "orderId", orderId, "/orders/" + orderId + "/refunds");
    }

    private String refundPayment() {
        ObjectNode event = read("refund-payment-task.json");
        event.put("orderId", paid.orderId());
        event.put("paymentId", paid.paymentId());
        // the payment step's result, as the workflow hands it to the compensation
        event.withObject("/payment").put("paymentId", paid.paymentId()).put("providerReference", paid.paymentReference())
                .set("amount", paid.amount().deepCopy());
        return event.toString();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** Points an HTTP API event at another resource: its path parameter, raw path and request path. */
    private static ObjectNode routed(ObjectNode event, String parameter, String value, String path) {
        event.withObject("/pathParameters").put(parameter, value);
        event.put("rawPath", path);
        event.withObject("/requestContext/http").put("path", path);
        return event;
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
