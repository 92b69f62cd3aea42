package dev.checkout.local.cloud;

import static dev.checkout.local.cloud.ApiClient.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.local.cloud.ApiClient.Response;
import dev.checkout.local.payments.DeliveryAttempt;
import dev.checkout.local.stepfunctions.clock.ManualClock;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * End to end on the local cloud, for each way to pay that waits on the customer: Alipay's QR code and page pay, and
 * WeChat Pay's Native QR code. The customer acts through the simulators' customer endpoints, as scanning the code or
 * approving the platform's page would; the order moves only on the platform's signed notifications.
 */
@Tag("end-to-end")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalletPaymentsEndToEndTest extends LocalCloudEndToEnd {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** A way to pay, and how its customer pays or declines through the platform's simulator. */
    enum Wallet {
        ALIPAY_QR("{\"platform\":\"alipay\",\"type\":\"qr\"}", "alipay", "qr_code"),
        ALIPAY_PAGE("{\"platform\":\"alipay\",\"type\":\"page\"}", "alipay", "redirect"),
        WECHATPAY_NATIVE("{\"platform\":\"wechatpay\",\"type\":\"native\"}", "wechatpay", "qr_code");

        final String method;
        final String platform;
        final String action;

        Wallet(String method, String platform, String action) {
            this.method = method;
            this.platform = platform;
            this.action = action;
        }

        /** The customer pays (scans the code and confirms, or approves on Alipay's page). */
        void pay(JsonNode payment) {
            customer("pay", payment);
        }

        /** The customer's payment fails at the platform. */
        void decline(JsonNode payment) {
            customer("decline", payment);
        }

        private void customer(String action, JsonNode payment) {
            JsonNode next = payment.path("nextAction");
            String reference = payment.path("providerReference").asText();
            if (platform.equals("wechatpay")) {
                send(HttpRequest.newBuilder(URI.create(cloud.weChatPaySimulator().baseUrl() + "/customer/" + action))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"code_url\":\"" + next.path("qrCode").asText() + "\"}")));
                return;
            }
            if (this == ALIPAY_PAGE) {
                // The browser follows the redirect to Alipay's page first.
                assertEquals(200, send(HttpRequest.newBuilder(URI.create(next.path("url").asText())).GET()).statusCode());
            }
            String query = this == ALIPAY_QR ? "qr_code=" + encode(next.path("qrCode").asText()) : "out_trade_no=" + encode(reference);
            send(HttpRequest.newBuilder(URI.create(cloud.alipaySimulator().baseUrl() + "/customer/" + action + "?" + query))
                    .POST(HttpRequest.BodyPublishers.noBody()));
        }

        /** The platform's own state of the trade: paid, closed, waiting. */
        String tradeState(JsonNode payment) {
            String reference = payment.path("providerReference").asText();
            return platform.equals("wechatpay")
                    ? cloud.weChatPaySimulator().trade(reference).map(trade -> trade.state()).orElse("NONE")
                    : cloud.alipaySimulator().trade(reference).map(trade -> trade.status()).orElse("NONE");
        }

        long refundedAtThePlatform(JsonNode payment) {
            String reference = payment.path("providerReference").asText();
            return platform.equals("wechatpay")
                    ? cloud.weChatPaySimulator().trade(reference).orElseThrow().refunded()
                    : cloud.alipaySimulator().trade(reference).orElseThrow().refundedAmount();
        }

        List<DeliveryAttempt> deliveries() {
            return platform.equals("wechatpay") ? cloud.weChatPaySimulator().deliveries() : cloud.alipaySimulator().deliveries();
        }

        void faults(int duplicates, boolean outOfOrder) {
            var faults = platform.equals("wechatpay") ? cloud.weChatPaySimulator().faults() : cloud.alipaySimulator().faults();
            faults.duplicateEvents(duplicates).outOfOrderEvents(outOfOrder);
        }
    }

    @AfterEach
    void faultsOff() {
        for (Wallet wallet : Wallet.values()) {
            wallet.faults(1, false);
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(response.statusCode() < 400, response.statusCode() + " " + response.body());
            return response;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A product in yuan: the wallets take CNY. */
    private static String productInYuan(long available) {
        String sku = "TEA-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, api.putProduct(admin, sku, 8800, "CNY", available).status());
        return sku;
    }

    private static JsonNode stock(String sku) {
        return api.get("/products/" + sku, null).body();
    }

    /** Places an order paid with {@code wallet} and waits until its payment shows the customer what to do. */
    private static JsonNode awaitingTheCustomer(Wallet wallet, String sku, int quantity) {
        Response created = api.orderPaidWith(alice, sku, quantity, wallet.method);
        assertEquals(201, created.status(), created.body().toString());
        String orderId = created.body().path("orderId").asText();
        JsonNode order = api.awaitOrder(alice, orderId, o -> o.path("payments").size() == 1
                && o.path("payments").get(0).path("nextAction").has("type"));
        JsonNode payment = order.path("payments").get(0);
        assertEquals(wallet.platform, payment.path("provider").asText());
        assertEquals("PENDING", payment.path("status").asText());
        assertEquals(wallet.action, payment.path("nextAction").path("type").asText());
        return order;
    }

    private static JsonNode payment(JsonNode order) {
        return order.path("payments").get(0);
    }

    @ParameterizedTest
    @EnumSource(Wallet.class)
    void theCustomerPays_andTheOrderEndsPaid_onThePlatformsSignedNotification(Wallet wallet) {
        String sku = productInYuan(10);
        JsonNode waiting = awaitingTheCustomer(wallet, sku, 2);

        wallet.pay(payment(waiting));
        JsonNode paid = api.awaitOrder(alice, waiting.path("orderId").asText(), status("PAID"));

        assertEquals("SUCCEEDED", payment(paid).path("status").asText());
        assertEquals(17600, payment(paid).path("amount").path("amount").asLong());
        assertEquals("CNY", payment(paid).path("amount").path("currency").asText());
        assertTrue(payment(paid).path("nextAction").isMissingNode(), "a settled payment asks nothing of the customer");
        assertEquals(17600, paid.path("captured").path("amount").asLong());
        assertEquals(2, stock(sku).path("sold").asLong());
        assertTrue(List.of("TRADE_SUCCESS", "SUCCESS").contains(wallet.tradeState(payment(paid))));
    }

    @ParameterizedTest
    @EnumSource(Wallet.class)
    void theCustomersPaymentFails_andTheOrderIsCancelled_withTheStockReleased_andNothingTaken(Wallet wallet) {
        String sku = productInYuan(10);
        JsonNode waiting = awaitingTheCustomer(wallet, sku, 1);
        String orderId = waiting.path("orderId").asText();

        wallet.decline(payment(waiting));
        if (wallet.platform.equals("wechatpay")) {
            // WeChat Pay notifies successes only: a failed payment is found when the payment window closes.
            ((ManualClock) cloud.clock()).advance(Duration.ofSeconds(901));
        }
        JsonNode cancelled = api.awaitOrder(alice, orderId, status("CANCELLED"));

        assertEquals(0, cancelled.path("captured").path("amount").asLong());
        assertEquals(10, stock(sku).path("available").asLong());
        assertEquals(0, stock(sku).path("reserved").asLong());
        api.awaitOrder(alice, orderId, o -> !"PENDING".equals(payment(o).path("status").asText()));
    }

    @ParameterizedTest
    @EnumSource(Wallet.class)
    void theCustomerNeverPays_andThePaymentWindowCancelsTheOrder_andClosesTheTrade(Wallet wallet) {
        String sku = productInYuan(5);
        JsonNode waiting = awaitingTheCustomer(wallet, sku, 1);
        String orderId = waiting.path("orderId").asText();

        ((ManualClock) cloud.clock()).advance(Duration.ofSeconds(901));
        JsonNode cancelled = api.awaitOrder(alice, orderId, status("CANCELLED"));

        assertEquals("PAYMENT_WINDOW_EXPIRED", cancelled.path("statusReason").asText());
        assertEquals(5, stock(sku).path("available").asLong());
        JsonNode closed = api.awaitOrder(alice, orderId, o -> "CANCELLED".equals(payment(o).path("status").asText()));
        assertTrue(List.of("TRADE_CLOSED", "CLOSED", "NONE").contains(wallet.tradeState(payment(closed))), wallet.tradeState(payment(closed)));
    }

    @ParameterizedTest
    @EnumSource(Wallet.class)
    void theCustomerCancelsWhileTheQrCodeWaits_andNoLaterPaymentIsKept(Wallet wallet) {
        String sku = productInYuan(5);
        JsonNode waiting = awaitingTheCustomer(wallet, sku, 1);
        String orderId = waiting.path("orderId").asText();

        Response cancelled = api.post("/orders/" + orderId + "/cancel", alice, null);

        assertEquals(200, cancelled.status(), cancelled.body().toString());
        assertEquals("CANCELLED", cancelled.body().path("status").asText());
        assertEquals(5, stock(sku).path("available").asLong());
        JsonNode closed = api.awaitOrder(alice, orderId, o -> "CANCELLED".equals(payment(o).path("status").asText()));
        assertEquals(0, closed.path("captured").path("amount").asLong());
    }

    @ParameterizedTest
    @EnumSource(Wallet.class)
    void aPartialRefund_thenTheRest_goBackThroughThePlatform_andEndRefunded(Wallet wallet) {
        String sku = productInYuan(10);
        JsonNode waiting = awaitingTheCustomer(wallet, sku, 2);
        String orderId = waiting.path("orderId").asText();
        wallet.pay(payment(waiting));
        api.awaitOrder(alice, orderId, status("PAID"));

        Response part = api.post("/orders/" + orderId + "/refunds", admin, "{\"amount\":5000,\"reason\":\"one box damaged\"}");
        api.awaitOrder(alice, orderId, status("PARTIALLY_REFUNDED"));
        Response rest = api.post("/orders/" + orderId + "/refunds", admin, "{\"reason\":\"returned\"}");
        JsonNode refunded = api.awaitOrder(alice, orderId, status("REFUNDED"));

        assertEquals(202, part.status(), part.body().toString());
        assertEquals(202, rest.status(), rest.body().toString());
        assertEquals(12600, rest.body().path("amount").path("amount").asLong());
        assertEquals(17600, refunded.path("refunded").path("amount").asLong());
        assertEquals(2, refunded.path("refunds").size());
        refunded.path("refunds").forEach(refund -> assertEquals("SUCCEEDED", refund.path("status").asText()));
        assertEquals(17600, wallet.refundedAtThePlatform(payment(refunded)));
    }

    @ParameterizedTest
    @EnumSource(Wallet.class)
    void duplicatedAndReorderedNotifications_payTheOrderOnce(Wallet wallet) {
        wallet.faults(3, true);
        String sku = productInYuan(10);
        JsonNode waiting = awaitingTheCustomer(wallet, sku, 1);
        String orderId = waiting.path("orderId").asText();
        int before = wallet.deliveries().size();

        wallet.pay(payment(waiting));
        JsonNode paid = api.awaitOrder(alice, orderId, status("PAID"));
        Awaitility.await("the duplicated notifications delivered").atMost(Duration.ofSeconds(60))
                .until(() -> wallet.deliveries().size() - before >= 3);

        assertEquals(1, paid.path("payments").size());
        assertEquals(8800, paid.path("captured").path("amount").asLong());
        assertEquals(1, stock(sku).path("sold").asLong());
        JsonNode again = api.get("/orders/" + orderId, alice).body();
        assertEquals("PAID", again.path("status").asText());
        assertEquals(8800, again.path("captured").path("amount").asLong());
    }

    /**
     * Runs after the flows above, which read the wallets' keys from the local Secrets Manager: each function read only keys
     * its role in the template may read, and the webhook receiver only the verification keys.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void eachFunctionReadsOnlyThePaymentKeysItsRoleGrants_andTheWebhookReceiverNoPrivateKeyNorApiKey() {
        Set<String> receiver = secretsReadBy("WebhookFunction");
        Set<String> charge = secretsReadBy("ChargeFunction");
        Set<String> processor = secretsReadBy("NotificationFunction");

        assertTrue(receiver.containsAll(Set.of("AlipayPublicKeySecret", "WeChatPayPlatformPublicKeySecret", "WeChatPayApiV3KeySecret")), receiver.toString());
        assertTrue(receiver.stream().noneMatch(secret -> secret.contains("PrivateKey") || secret.equals("StripeApiKeySecret")), receiver.toString());
        assertTrue(charge.containsAll(Set.of("AlipayAppPrivateKeySecret", "AlipayPublicKeySecret", "WeChatPayMerchantPrivateKeySecret",
                "WeChatPayPlatformPublicKeySecret")), charge.toString());
        assertTrue(processor.contains("WeChatPayApiV3KeySecret"), processor.toString());
        assertEquals(List.of(), cloud.permissions().refused(SdkCallMeter.accessesByFunction()), "calls the template's policies do not grant");
    }
}
