package dev.checkout.local.cloud;

import static dev.checkout.local.cloud.ApiClient.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.cloud.ApiClient.Response;
import dev.checkout.local.payments.alipay.AlipayNotification;
import dev.checkout.local.payments.wechatpay.WeChatPayNotification;
import dev.checkout.local.payments.wechatpay.WeChatPaySimulator.SignedNotification;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Bad notifications of each wallet platform, posted to the local API's webhook routes as the platform posts them:
 * forged (a tampered body), for another app or merchant, stale, a probe signature, replayed, duplicated and re-ordered,
 * and signed but not matching the payment they name. Refused ones answer 4xx (so the platform stops resending only
 * what retrying cannot fix) and store nothing; replays and duplicates are acknowledged and change nothing; mismatched
 * ones are acknowledged, kept in the inbox as MISMATCHED, and leave the order as it was.
 */
@Tag("end-to-end")
class WalletNotificationsEndToEndTest extends LocalCloudEndToEnd {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ALIPAY_QR = "{\"platform\":\"alipay\",\"type\":\"qr\"}";
    private static final String WECHATPAY_NATIVE = "{\"platform\":\"wechatpay\",\"type\":\"native\"}";

    // ---- Alipay

    @Test
    void anAlipayNotificationWithATamperedBody_isRefused_notAcknowledged_andStoresNothing() {
        JsonNode waiting = waitingOrder(ALIPAY_QR);
        Map<String, String> params = alipayParams(payment(waiting), "TRADE_SUCCESS", total(waiting));
        String body = cloud.alipaySimulator().signedNotification(params).replace("trade_status=TRADE_SUCCESS", "trade_status=TRADE_FINISHED");

        assertAlipayRefuses(body, params.get("notify_id"), waiting);
    }

    @Test
    void anAlipayNotificationForAnotherAppOrSeller_isRefused_andStoresNothing() {
        JsonNode waiting = waitingOrder(ALIPAY_QR);
        Map<String, String> otherApp = alipayParams(payment(waiting), "TRADE_SUCCESS", total(waiting));
        otherApp.put("app_id", "2021009999999999");
        Map<String, String> otherSeller = alipayParams(payment(waiting), "TRADE_SUCCESS", total(waiting));
        otherSeller.put("seller_id", "2088009999999999");

        for (Map<String, String> params : List.of(otherApp, otherSeller)) {
            assertAlipayRefuses(cloud.alipaySimulator().signedNotification(params), params.get("notify_id"), waiting);
        }
    }

    @Test
    void aReplayedAlipayNotification_isAcknowledged_andChangesNothing() {
        JsonNode paid = paidThroughAlipay();
        AlipayNotification success = alipayNotification(paid, "TRADE_SUCCESS");

        HttpResponse<String> answer = postAlipay(cloud.alipaySimulator().notificationBody(success), "application/x-www-form-urlencoded; charset=utf-8");

        assertEquals(200, answer.statusCode());
        assertEquals("success", answer.body());
        assertSettledAsBefore(paid);
        assertEquals("APPLIED", inboxState("alipay", success.notifyId()).orElseThrow());
    }

    @Test
    void duplicatedAndReorderedAlipayNotifications_payTheOrderOnce() {
        JsonNode paid = paidThroughAlipay();
        AlipayNotification success = alipayNotification(paid, "TRADE_SUCCESS");
        // A waiting trade's status, signed by Alipay, arriving after the success; and the success twice more.
        Map<String, String> waiting = alipayParams(payment(paid), "WAIT_BUYER_PAY", total(paid));

        List<HttpResponse<String>> answers = new ArrayList<>();
        answers.add(postAlipay(cloud.alipaySimulator().signedNotification(waiting), "application/x-www-form-urlencoded; charset=utf-8"));
        answers.add(postAlipay(cloud.alipaySimulator().notificationBody(success), "application/x-www-form-urlencoded; charset=utf-8"));
        answers.add(postAlipay(cloud.alipaySimulator().notificationBody(success), "application/x-www-form-urlencoded; charset=utf-8"));

        answers.forEach(answer -> assertEquals("success", answer.body(), answer.statusCode() + " " + answer.body()));
        assertSettledAsBefore(paid);
    }

    @Test
    void aSignedAlipayNotificationWhoseAmountOrTradeDoesNotMatch_isAcknowledged_keptAsMismatched_andChangesNothing() {
        JsonNode waiting = waitingOrder(ALIPAY_QR);
        Map<String, String> wrongAmount = alipayParams(payment(waiting), "TRADE_SUCCESS", 1);
        Map<String, String> wrongTrade = alipayParams(payment(waiting), "TRADE_SUCCESS", 1);
        wrongTrade.put("out_trade_no", payment(waiting).path("providerReference").asText().replaceFirst("_[0-9]+$", "_7"));

        for (Map<String, String> params : List.of(wrongAmount, wrongTrade)) {
            HttpResponse<String> answer = postAlipay(cloud.alipaySimulator().signedNotification(params), "application/x-www-form-urlencoded; charset=utf-8");

            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("success", answer.body());
            awaitInboxState("alipay", params.get("notify_id"), "MISMATCHED");
        }
        assertStillWaiting(waiting);
    }

    @Test
    void jsonPostedToTheAlipayWebhook_is415() {
        HttpResponse<String> answer = postAlipay("{\"notify_id\":\"x\"}", "application/json");

        assertEquals(415, answer.statusCode(), answer.body());
        assertNotEquals("success", answer.body());
    }

    // ---- WeChat Pay

    @Test
    void aWeChatPayNotificationWithATamperedBody_isRefusedWithFail_andStoresNothing() {
        JsonNode waiting = waitingOrder(WECHATPAY_NATIVE);
        SignedNotification signed = cloud.weChatPaySimulator().signedNotification("TRANSACTION.SUCCESS", transaction(waiting, total(waiting), "CNY"));
        String tampered = signed.body().replace("\"summary\":\"TRANSACTION.SUCCESS\"", "\"summary\":\"paid\"");

        assertWeChatPayRefuses(tampered, signed.headers(), id(signed), waiting);
    }

    @Test
    void aWeChatPayNotificationForAnotherMerchantOrApp_isRefusedWithFail_andStoresNothing() {
        JsonNode waiting = waitingOrder(WECHATPAY_NATIVE);
        ObjectNode otherMerchant = transaction(waiting, total(waiting), "CNY").put("mchid", "1900009999");
        ObjectNode otherApp = transaction(waiting, total(waiting), "CNY").put("appid", "wx0000000000009999");

        for (ObjectNode resource : List.of(otherMerchant, otherApp)) {
            SignedNotification signed = cloud.weChatPaySimulator().signedNotification("TRANSACTION.SUCCESS", resource);
            assertWeChatPayRefuses(signed.body(), signed.headers(), id(signed), waiting);
        }
    }

    @Test
    void aWeChatPayNotificationSignedOverFiveMinutesAgo_isRefusedWithFail_andStoresNothing() {
        JsonNode waiting = waitingOrder(WECHATPAY_NATIVE);
        SignedNotification stale = cloud.weChatPaySimulator().signedNotification("TRANSACTION.SUCCESS", transaction(waiting, total(waiting), "CNY"),
                Instant.now().minus(Duration.ofMinutes(6)));

        assertWeChatPayRefuses(stale.body(), stale.headers(), id(stale), waiting);
    }

    @Test
    void aWeChatPaySignatureProbe_isRefusedWithFail_andStoresNothing() {
        JsonNode waiting = waitingOrder(WECHATPAY_NATIVE);
        SignedNotification signed = cloud.weChatPaySimulator().signedNotification("TRANSACTION.SUCCESS", transaction(waiting, total(waiting), "CNY"));
        Map<String, String> probe = new LinkedHashMap<>(signed.headers());
        probe.put("Wechatpay-Signature", "WECHATPAY/SIGNTEST/" + signed.headers().get("Wechatpay-Signature"));

        assertWeChatPayRefuses(signed.body(), probe, id(signed), waiting);
    }

    @Test
    void replayedDuplicatedAndReorderedWeChatPayNotifications_areAcknowledged_andPayTheOrderOnce() {
        JsonNode waiting = waitingOrder(WECHATPAY_NATIVE);
        cloud.weChatPaySimulator().pay(payment(waiting).path("nextAction").path("qrCode").asText());
        JsonNode paid = api.awaitOrder(alice, waiting.path("orderId").asText(), status("PAID"));
        WeChatPayNotification success = cloud.weChatPaySimulator().notifications().stream()
                .filter(n -> n.objectId().equals(payment(paid).path("providerReference").asText()) && n.eventType().equals("TRANSACTION.SUCCESS"))
                .findFirst().orElseThrow();
        // A NOTPAY transaction, signed by the platform, arriving after the success: WeChat Pay's view of an earlier moment.
        SignedNotification earlier = cloud.weChatPaySimulator().signedNotification("TRANSACTION.NOTPAY",
                transaction(paid, total(paid), "CNY").put("trade_state", "NOTPAY"));

        List<HttpResponse<String>> answers = new ArrayList<>();
        answers.add(postWeChatPay(earlier.body(), earlier.headers()));
        for (int copy = 0; copy < 2; copy++) {
            SignedNotification replay = cloud.weChatPaySimulator().signed(success);
            answers.add(postWeChatPay(replay.body(), replay.headers()));
        }

        answers.forEach(answer -> assertTrue(answer.statusCode() == 200 || answer.statusCode() == 204, answer.statusCode() + " " + answer.body()));
        assertSettledAsBefore(paid);
        assertEquals("APPLIED", inboxState("wechatpay", success.id()).orElseThrow());
    }

    @Test
    void aSignedWeChatPayNotificationWhoseAmountCurrencyOrTradeDoesNotMatch_isAcknowledged_keptAsMismatched_andChangesNothing() {
        JsonNode waiting = waitingOrder(WECHATPAY_NATIVE);
        ObjectNode wrongAmount = transaction(waiting, 1, "CNY");
        ObjectNode wrongCurrency = transaction(waiting, total(waiting), "USD");
        ObjectNode wrongTrade = transaction(waiting, 1, "CNY")
                .put("out_trade_no", payment(waiting).path("providerReference").asText().replaceFirst("_[0-9]+$", "_7"));

        for (ObjectNode resource : List.of(wrongAmount, wrongCurrency, wrongTrade)) {
            SignedNotification signed = cloud.weChatPaySimulator().signedNotification("TRANSACTION.SUCCESS", resource);
            HttpResponse<String> answer = postWeChatPay(signed.body(), signed.headers());

            assertTrue(answer.statusCode() == 200 || answer.statusCode() == 204, answer.statusCode() + " " + answer.body());
            awaitInboxState("wechatpay", id(signed), "MISMATCHED");
        }
        assertStillWaiting(waiting);
    }

    // ---- helpers

    /** Places an order paid with {@code method} for a product in yuan; waits until its payment shows the customer what to do. */
    private static JsonNode waitingOrder(String method) {
        String sku = "TEA-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, api.putProduct(cloud.token("admin"), sku, 8800, "CNY", 10).status());
        Response created = api.orderPaidWith(alice, sku, 2, method);
        assertEquals(201, created.status(), created.body().toString());
        return api.awaitOrder(alice, created.body().path("orderId").asText(), o -> o.path("payments").size() == 1
                && o.path("payments").get(0).path("nextAction").has("type"));
    }

    private static JsonNode paidThroughAlipay() {
        JsonNode waiting = waitingOrder(ALIPAY_QR);
        cloud.alipaySimulator().pay(payment(waiting).path("nextAction").path("qrCode").asText());
        return api.awaitOrder(alice, waiting.path("orderId").asText(), status("PAID"));
    }

    private static AlipayNotification alipayNotification(JsonNode order, String type) {
        String outTradeNo = payment(order).path("providerReference").asText();
        return cloud.alipaySimulator().notifications().stream().filter(n -> n.outTradeNo().equals(outTradeNo) && n.type().equals(type))
                .findFirst().orElseThrow();
    }

    private static JsonNode payment(JsonNode order) {
        return order.path("payments").get(0);
    }

    private static long total(JsonNode order) {
        return order.path("total").path("amount").asLong();
    }

    /** A trade notification's parameters for {@code payment}, as Alipay states them, with a fresh notify_id. */
    private static Map<String, String> alipayParams(JsonNode payment, String status, long fen) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("notify_type", "trade_status_sync");
        params.put("notify_id", "test" + UUID.randomUUID().toString().replace("-", ""));
        params.put("app_id", cloud.alipaySimulator().appId());
        params.put("charset", "utf-8");
        params.put("version", "1.0");
        params.put("trade_no", "2026" + UUID.randomUUID().toString().replace("-", "").substring(0, 24));
        params.put("out_trade_no", payment.path("providerReference").asText());
        params.put("seller_id", cloud.alipaySimulator().sellerId());
        params.put("trade_status", status);
        params.put("total_amount", BigDecimal.valueOf(fen, 2).toPlainString());
        params.put("subject", "tea");
        return params;
    }

    /** A successful Native transaction for the order's payment, as WeChat Pay's resource states it. */
    private static ObjectNode transaction(JsonNode order, long fen, String currency) {
        ObjectNode resource = JSON.createObjectNode();
        resource.put("appid", cloud.weChatPaySimulator().appId()).put("mchid", cloud.weChatPaySimulator().mchId())
                .put("out_trade_no", payment(order).path("providerReference").asText())
                .put("transaction_id", "4200" + UUID.randomUUID().toString().replace("-", "").substring(0, 24))
                .put("trade_type", "NATIVE").put("trade_state", "SUCCESS").put("trade_state_desc", "支付成功")
                .put("success_time", java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(8)).withNano(0).toString());
        resource.putObject("amount").put("total", fen).put("payer_total", fen).put("currency", currency).put("payer_currency", currency);
        return resource;
    }

    private static String id(SignedNotification notification) {
        try {
            return JSON.readTree(notification.body()).path("id").asText();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> postAlipay(String body, String contentType) {
        return send(HttpRequest.newBuilder(cloud.apiEndpoint().resolve("/webhooks/alipay")).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> postWeChatPay(String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(cloud.apiEndpoint().resolve("/webhooks/wechatpay"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertRefused(HttpResponse<String> answer) {
        assertEquals(4, answer.statusCode() / 100, answer.statusCode() + " " + answer.body());
    }

    /** Alipay's notification {@code body} is refused (4xx, not {@code success}: Alipay resends) and nothing is stored. */
    private static void assertAlipayRefuses(String body, String notifyId, JsonNode waiting) {
        HttpResponse<String> answer = postAlipay(body, "application/x-www-form-urlencoded; charset=utf-8");
        assertRefused(answer);
        assertNotEquals("success", answer.body());
        assertNothingStored("alipay", notifyId, waiting);
    }

    /** WeChat Pay's notification is refused (4xx with {@code {"code":"FAIL","message"}}) and nothing is stored. */
    private static void assertWeChatPayRefuses(String body, Map<String, String> headers, String eventId, JsonNode waiting) {
        assertRefusedWithFail(postWeChatPay(body, headers));
        assertNothingStored("wechatpay", eventId, waiting);
    }

    private static void assertRefusedWithFail(HttpResponse<String> answer) {
        assertRefused(answer);
        JsonNode body;
        try {
            body = JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + answer.body(), e);
        }
        assertEquals("FAIL", body.path("code").asText(), answer.body());
        assertTrue(body.path("message").isTextual(), answer.body());
    }

    /** No inbox item for the event, and the order and its payment as they were, still waiting for the customer. */
    private static void assertNothingStored(String provider, String eventId, JsonNode waiting) {
        assertEquals(Optional.empty(), inboxState(provider, eventId));
        assertStillWaiting(waiting);
    }

    private static void assertStillWaiting(JsonNode waiting) {
        JsonNode now = api.get("/orders/" + waiting.path("orderId").asText(), alice).body();
        assertEquals("PENDING_PAYMENT", now.path("status").asText(), now.toString());
        assertEquals("PENDING", payment(now).path("status").asText(), now.toString());
        assertEquals(0, now.path("captured").path("amount").asLong());
        assertEquals(1, now.path("payments").size());
    }

    /** The order is still PAID once, for its total, with the stock sold once. */
    private static void assertSettledAsBefore(JsonNode paid) {
        JsonNode now = api.get("/orders/" + paid.path("orderId").asText(), alice).body();
        assertEquals("PAID", now.path("status").asText());
        assertEquals(1, now.path("payments").size());
        assertEquals("SUCCEEDED", payment(now).path("status").asText());
        assertEquals(total(paid), now.path("captured").path("amount").asLong());
        String sku = now.path("items").get(0).path("sku").asText();
        assertEquals(2, api.get("/products/" + sku, null).body().path("sold").asLong());
    }

    private static Optional<String> inboxState(String provider, String eventId) {
        Map<String, AttributeValue> item = cloud.services().dynamoDbClient().getItem(r -> r.tableName(cloud.services().tableName("CheckoutTable"))
                .consistentRead(true).key(Map.of("PK", AttributeValue.fromS("WEBHOOK#" + provider + "#" + eventId),
                        "SK", AttributeValue.fromS("WEBHOOK")))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item.get("state").s());
    }

    /** The inbox stores an event as received, then the notification consumer settles it. */
    private static void awaitInboxState(String provider, String eventId, String state) {
        Awaitility.await(provider + " event " + eventId + " " + state).atMost(Duration.ofSeconds(30))
                .until(() -> inboxState(provider, eventId).orElse("NONE"), state::equals);
    }
}
