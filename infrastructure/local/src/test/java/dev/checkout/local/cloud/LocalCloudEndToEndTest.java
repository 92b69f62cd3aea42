package dev.checkout.local.cloud;

import static dev.checkout.local.cloud.ApiClient.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.local.cloud.ApiClient.Response;
import dev.checkout.local.payments.FaultPhase;
import dev.checkout.local.services.Events;
import dev.checkout.local.stepfunctions.clock.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * End-to-end tier: the whole system in the embedded local cloud, called through its HTTP API the way
 * a shop client calls it (the real functions, workflow, queues, table and the payment-provider
 * simulator speaking Stripe's API and sending signed webhooks).
 */
@Tag("end-to-end")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalCloudEndToEndTest {
    private static LocalCloud cloud;
    private static ApiClient api;
    private static String alice;
    private static String bob;
    private static String admin;

    @BeforeAll
    static void start() {
        LocalCloudConfig tests = LocalCloudConfig.forTests(LocalCloud.projectRoot());
        // The sweep resends any refund the provider has not accepted yet (5 minutes on AWS), so that a test can run it at once.
        cloud = LocalCloud.start(new LocalCloudConfig(tests.host(), tests.apiPort(), tests.dynamoDbPort(), tests.sqsPort(), tests.stepFunctionsPort(),
                tests.paymentProviderPort(), tests.manualClock(), tests.quickProvider(), tests.seedCatalog(), tests.projectDir(), tests.infoFile(),
                Map.of("RefundResendAfterSeconds", "0")));
        api = new ApiClient(cloud.apiEndpoint());
        alice = cloud.token("alice");
        bob = cloud.token("bob");
        admin = cloud.token("admin");
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    private static String product(long available) {
        String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, api.putProduct(admin, sku, 1250, available).status());
        return sku;
    }

    private static JsonNode stock(String sku) {
        return api.get("/products/" + sku, null).body();
    }

    private static String placed(String token, String sku, int quantity, String paymentMethod) {
        Response created = api.order(token, sku, quantity, paymentMethod);
        assertEquals(201, created.status(), created.body().toString());
        assertEquals("PENDING_PAYMENT", created.body().path("status").asText());
        return created.body().path("orderId").asText();
    }

    @Test
    void visa_endsPaid_withOneSucceededPayment_andTheStockSold() {
        String sku = product(10);
        String orderId = placed(alice, sku, 2, "pm_card_visa");

        JsonNode order = api.awaitOrder(alice, orderId, status("PAID"));

        assertEquals(1, order.path("payments").size());
        assertEquals("SUCCEEDED", order.path("payments").get(0).path("status").asText());
        assertEquals(2500, order.path("payments").get(0).path("amount").path("amount").asLong());
        JsonNode product = stock(sku);
        assertEquals(8, product.path("available").asLong());
        assertEquals(0, product.path("reserved").asLong());
        assertEquals(2, product.path("sold").asLong());
    }

    @Test
    void declinedCard_endsCancelled_andReleasesTheStock() {
        String sku = product(10);
        String orderId = placed(alice, sku, 3, "pm_card_chargeDeclined");

        JsonNode order = api.awaitOrder(alice, orderId, status("CANCELLED"));

        assertEquals("PAYMENT_DECLINED", order.path("statusReason").asText());
        assertEquals(10, stock(sku).path("available").asLong());
        assertEquals(0, stock(sku).path("reserved").asLong());
    }

    @Test
    void shortStock_endsRejected_withoutCharging() {
        String sku = product(1);
        String orderId = placed(alice, sku, 2, "pm_card_visa");

        JsonNode order = api.awaitOrder(alice, orderId, status("REJECTED"));

        assertEquals(0, order.path("payments").size());
        assertEquals(1, stock(sku).path("available").asLong());
    }

    @Test
    void cancelWhilePaymentPending_cancelsTheOrder_andReleasesTheStock() {
        String sku = product(5);
        String orderId = placed(alice, sku, 1, "pm_card_authenticationRequired");
        api.awaitOrder(alice, orderId, order -> order.path("payments").size() == 1);

        Response cancelled = api.post("/orders/" + orderId + "/cancel", alice, null);
        Response again = api.post("/orders/" + orderId + "/cancel", alice, null);

        assertEquals(200, cancelled.status());
        assertEquals("CANCELLED", cancelled.body().path("status").asText());
        assertEquals(200, again.status());
        assertEquals(5, stock(sku).path("available").asLong());
        api.awaitOrder(alice, orderId, order -> "CANCELLED".equals(order.path("payments").get(0).path("status").asText()));
    }

    @Test
    void paymentWindowExpiry_cancelsTheOrder_whenTheClockPassesTheWindow() throws Exception {
        String sku = product(5);
        String orderId = placed(alice, sku, 1, "pm_card_authenticationRequired");
        api.awaitOrder(alice, orderId, order -> order.path("payments").size() == 1);
        ManualClock clock = (ManualClock) cloud.clock();

        clock.advance(Duration.ofSeconds(901));
        JsonNode order = api.awaitOrder(alice, orderId, status("CANCELLED"));

        assertEquals("PAYMENT_WINDOW_EXPIRED", order.path("statusReason").asText());
        assertEquals(5, stock(sku).path("available").asLong());
    }

    @Test
    void refunds_partialThenTheRest_endRefunded_andAnOverRefundIs422() {
        String sku = product(10);
        String orderId = placed(alice, sku, 2, "pm_card_visa");
        api.awaitOrder(alice, orderId, status("PAID"));
        String key = UUID.randomUUID().toString();

        Response first = api.send("POST", "/orders/" + orderId + "/refunds", admin, "{\"amount\":1000,\"reason\":\"damaged\"}", key);
        Response replay = api.send("POST", "/orders/" + orderId + "/refunds", admin, "{\"amount\":1000,\"reason\":\"damaged\"}", key);
        api.awaitOrder(alice, orderId, status("PARTIALLY_REFUNDED"));
        Response tooMuch = api.post("/orders/" + orderId + "/refunds", admin, "{\"amount\":2000,\"reason\":\"again\"}");
        Response rest = api.post("/orders/" + orderId + "/refunds", admin, "{\"reason\":\"returned\"}");
        JsonNode refunded = api.awaitOrder(alice, orderId, status("REFUNDED"));

        assertEquals(202, first.status(), first.body().toString());
        // Usually PENDING until the provider's event; SUCCEEDED when the provider settled it at once.
        assertTrue(List.of("PENDING", "SUCCEEDED").contains(first.body().path("status").asText()), first.body().toString());
        assertEquals(first.body().path("refundId"), replay.body().path("refundId"));
        assertEquals(422, tooMuch.status());
        assertEquals(202, rest.status());
        assertEquals(1500, rest.body().path("amount").path("amount").asLong());
        assertEquals(2, refunded.path("refunds").size());
        assertEquals(2500, refunded.path("refunded").path("amount").asLong());
    }

    @Test
    void refundTheProviderRefusedWhileDown_andNobodyRetried_isSentByTheSweep() {
        String sku = product(10);
        String orderId = placed(alice, sku, 1, "pm_card_visa");
        api.awaitOrder(alice, orderId, status("PAID"));
        cloud.paymentSimulator().faults().serverErrors(50, FaultPhase.BEFORE_PROCESSING, "POST /v1/refunds");
        Response refused;
        try {
            refused = api.post("/orders/" + orderId + "/refunds", admin, "{\"amount\":500,\"reason\":\"damaged\"}");
        } finally {
            cloud.paymentSimulator().faults().clear();
        }
        JsonNode held = api.get("/orders/" + orderId, alice).body();

        String swept = cloud.invoke("SweepStalledCheckoutsFunction", Events.read("sweep-stalled-checkouts.json"));
        JsonNode refunded = api.awaitOrder(alice, orderId, status("PARTIALLY_REFUNDED"));

        assertEquals(503, refused.status(), refused.body().toString());
        assertEquals("PENDING", held.path("refunds").get(0).path("status").asText(), held.toString());
        assertTrue(swept.contains("\"refundsResent\":"), swept);
        assertEquals("SUCCEEDED", refunded.path("refunds").get(0).path("status").asText(), refunded.toString());
        assertEquals(500, refunded.path("refunded").path("amount").asLong());
        assertEquals(1, refundsAtStripe(orderId).size());
    }

    @Test
    void refundWhoseEveryEventWasLost_isSettledByTheSweep_fromWhatStripeSays() {
        String sku = product(10);
        String orderId = placed(alice, sku, 1, "pm_card_visa");
        api.awaitOrder(alice, orderId, status("PAID"));
        for (String type : List.of("refund.created", "charge.refunded", "refund.updated")) {
            cloud.paymentSimulator().faults().loseEvents(5, type);
        }
        Response sent;
        try {
            sent = api.post("/orders/" + orderId + "/refunds", admin, "{\"amount\":500,\"reason\":\"damaged\"}");
            Awaitility.await("Stripe settling the refund").atMost(Duration.ofSeconds(30))
                    .until(() -> refundsAtStripe(orderId), refunds -> !refunds.isEmpty() && refunds.stream().allMatch(r -> r.status().equals("succeeded")));
        } finally {
            cloud.paymentSimulator().faults().clear();
        }
        JsonNode unsettled = api.get("/orders/" + orderId, alice).body();

        String swept = cloud.invoke("SweepStalledCheckoutsFunction", Events.read("sweep-stalled-checkouts.json"));
        JsonNode refunded = api.awaitOrder(alice, orderId, status("PARTIALLY_REFUNDED"));

        assertTrue(sent.status() == 201 || sent.status() == 202, sent.body().toString());
        assertEquals("PENDING", unsettled.path("refunds").get(0).path("status").asText(), unsettled.toString());
        assertTrue(swept.contains("\"refundsResent\":"), swept);
        assertEquals("SUCCEEDED", refunded.path("refunds").get(0).path("status").asText(), refunded.toString());
        assertEquals(500, refunded.path("refunded").path("amount").asLong());
        assertEquals(1, refundsAtStripe(orderId).size());
    }

    private static List<dev.checkout.local.payments.SimulatedRefund> refundsAtStripe(String orderId) {
        return cloud.paymentSimulator().refunds().stream().filter(r -> r.metadata().containsValue(orderId)).toList();
    }

    /** Runs after the flows above: the local cloud enforces no IAM, so this is where a call the deployed role would refuse shows. */
    @Test
    @Order(Integer.MAX_VALUE)
    void everyAwsCallTheFunctionsMade_isGrantedByTheirRolesInTheTemplate() {
        var accesses = SdkCallMeter.accessesByFunction();

        List<String> refused = cloud.permissions().refused(accesses);

        assertTrue(accesses.stream().anyMatch(access -> access.startsWith("ChargeFunction states:")), accesses.toString());
        assertTrue(accesses.stream().anyMatch(access -> access.startsWith("OrdersApiFunction states:StopExecution arn:aws:states:")), accesses.toString());
        assertTrue(accesses.stream().anyMatch(access -> access.startsWith("OrdersApiFunction secretsmanager:GetSecretValue arn:aws:secretsmanager:")),
                "orders-api read its page-token key from the local Secrets Manager: " + accesses);
        assertTrue(LocalCloudEndToEnd.secretsReadBy("ChargeFunction").contains("StripeApiKeySecret"), accesses.toString());
        assertTrue(LocalCloudEndToEnd.secretsReadBy("WebhookFunction").contains("StripeWebhookSigningSecret"), accesses.toString());
        assertEquals(List.of(), refused, "calls the template's policies do not grant");
    }

    @Test
    void customers_cannotRefund_andAnotherCustomerCannotSeeTheOrder() {
        String sku = product(10);
        String orderId = placed(alice, sku, 1, "pm_card_visa");
        api.awaitOrder(alice, orderId, status("PAID"));

        assertEquals(403, api.post("/orders/" + orderId + "/refunds", alice, "{\"reason\":\"mine\"}").status());
        assertEquals(404, api.get("/orders/" + orderId, bob).status());
        assertEquals(404, api.post("/orders/" + orderId + "/cancel", bob, null).status());
        assertEquals(404, api.get("/orders/" + orderId + "/payments", bob).status());
        assertEquals(403, api.putProduct(alice, sku, 1, 1).status());
    }

    @Test
    void aProductNameInBytesThatAreNotUtf8_reachesTheFunctionAsSent_andIsRefused_notStoredAsReplacementCharacters() {
        String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] body = concat("{\"name\":\"mug ".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff, (byte) 0xed, (byte) 0xa0, (byte) 0x80},
                "\",\"price\":{\"amount\":100,\"currency\":\"USD\"},\"available\":1}".getBytes(StandardCharsets.UTF_8));

        Response refused = api.sendBytes("PUT", "/products/" + sku, admin, "application/json; charset=utf-8", body);
        Response plainText = api.sendBytes("PUT", "/products/" + sku, admin, "text/plain", "{\"name\":\"mug\"}".getBytes(StandardCharsets.UTF_8));

        assertEquals(400, refused.status(), refused.body().toString());
        assertEquals("the body is not valid UTF-8 text", refused.body().path("error").path("message").asText());
        assertEquals(415, plainText.status(), plainText.body().toString());
        assertEquals(404, api.get("/products/" + sku, null).status());
    }

    private static byte[] concat(byte[]... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void pagedLists_answerTheNextPageForTheirToken_andRefuseTheOtherRoutesToken() {
        product(1);
        product(1);
        String productsToken = api.get("/products?limit=1", null).body().path("nextToken").asText();
        placed(alice, product(5), 1, "pm_card_chargeDeclined");
        placed(alice, product(5), 1, "pm_card_chargeDeclined");
        String ordersToken = api.get("/orders?limit=1", alice).body().path("nextToken").asText();

        assertEquals(200, api.get("/products?limit=1&nextToken=" + productsToken, null).status());
        assertEquals(200, api.get("/orders?limit=1&nextToken=" + ordersToken, alice).status());
        Response foreign = api.get("/orders?limit=1&nextToken=" + productsToken, alice);
        assertEquals(400, foreign.status(), foreign.body().toString());
        assertEquals("VALIDATION_FAILED", foreign.body().path("error").path("code").asText());
        assertEquals(400, api.get("/orders?limit=1&status=PAID&nextToken=" + ordersToken, alice).status());
        assertEquals(400, api.get("/orders?limit=1&nextToken=" + ordersToken, bob).status());
        assertEquals(400, api.get("/products?limit=1&nextToken=" + ordersToken, null).status());
    }

    @Test
    void requestsWithoutAValidToken_are401() {
        String forged = alice.substring(0, alice.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";

        assertEquals(401, api.get("/orders", null).status());
        assertEquals(401, api.get("/orders", forged).status());
        assertEquals(200, api.get("/products", null).status());
    }

    @Test
    void concurrentOrdersForScarceStock_sellExactlyWhatIsThere() throws Exception {
        String sku = product(3);
        ExecutorService clients = Executors.newFixedThreadPool(10);
        try {
            var orders = new ArrayList<Callable<String>>();
            for (int i = 0; i < 10; i++) {
                String token = cloud.issueToken("buyer-" + i + "-" + UUID.randomUUID(), false);
                orders.add(() -> token + " " + placed(token, sku, 1, "pm_card_visa"));
            }
            var outcomes = new ArrayList<String>();
            for (Future<String> placed : clients.invokeAll(orders)) {
                String[] parts = placed.get().split(" ");
                outcomes.add(api.awaitOrder(parts[0], parts[1], o -> List.of("PAID", "REJECTED").contains(o.path("status").asText())).path("status").asText());
            }

            assertEquals(3, outcomes.stream().filter("PAID"::equals).count());
            assertEquals(7, outcomes.stream().filter("REJECTED"::equals).count());
            JsonNode product = stock(sku);
            assertEquals(0, product.path("available").asLong());
            assertEquals(0, product.path("reserved").asLong());
            assertEquals(3, product.path("sold").asLong());
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void duplicateOutOfOrderAndDroppedWebhooks_changeEachPaymentAndRefundOnce() {
        String sku = product(10);
        cloud.paymentSimulator().faults().duplicateEvents(3).outOfOrderEvents(true).dropDeliveryAttempts(1);
        try {
            String orderId = placed(alice, sku, 2, "pm_card_authenticationRequired");
            JsonNode pending = api.awaitOrder(alice, orderId, order -> order.path("payments").size() == 1
                    && !order.path("payments").get(0).path("providerReference").isNull());
            cloud.paymentSimulator().completeAuthentication(pending.path("payments").get(0).path("providerReference").asText());
            api.awaitOrder(alice, orderId, status("PAID"));
            assertEquals(202, api.post("/orders/" + orderId + "/refunds", admin, "{\"reason\":\"duplicate webhooks\"}").status());

            JsonNode refunded = api.awaitOrder(alice, orderId, status("REFUNDED"));
            cloud.paymentSimulator().awaitQuiet(Duration.ofSeconds(30));
            JsonNode settled = api.get("/orders/" + orderId, alice).body();

            assertEquals(1, settled.path("payments").size());
            assertEquals(1, settled.path("refunds").size());
            assertEquals("SUCCEEDED", settled.path("refunds").get(0).path("status").asText());
            assertEquals(2500, refunded.path("refunded").path("amount").asLong());
            assertEquals("REFUNDED", settled.path("status").asText());
            assertEquals(2, stock(sku).path("sold").asLong());
        } finally {
            cloud.paymentSimulator().faults().clear();
        }
    }

    @Test
    void theSameOrderKey_replayed_returnsTheSameOrder() {
        String sku = product(10);
        String body = "{\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":1}],\"paymentMethod\":\"pm_card_visa\"}";
        String key = UUID.randomUUID().toString();

        Response first = api.send("POST", "/orders", alice, body, key);
        Response second = api.send("POST", "/orders", alice, body, key);
        Response changed = api.send("POST", "/orders", alice, body.replace("\"quantity\":1", "\"quantity\":2"), key);

        assertEquals(first.body().path("orderId"), second.body().path("orderId"));
        assertEquals(422, changed.status());
        api.awaitOrder(alice, first.body().path("orderId").asText(), status("PAID"));
        assertTrue(stock(sku).path("sold").asLong() == 1);
    }
}
