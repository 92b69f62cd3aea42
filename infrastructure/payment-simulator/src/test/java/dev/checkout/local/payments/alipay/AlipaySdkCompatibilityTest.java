package dev.checkout.local.payments.alipay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.alipay.api.AlipayApiException;
import com.alipay.api.AlipayClient;
import com.alipay.api.DefaultAlipayClient;
import com.alipay.api.internal.util.AlipaySignature;
import com.alipay.api.request.AlipayTradeCloseRequest;
import com.alipay.api.request.AlipayTradeFastpayRefundQueryRequest;
import com.alipay.api.request.AlipayTradePagePayRequest;
import com.alipay.api.request.AlipayTradePrecreateRequest;
import com.alipay.api.request.AlipayTradeQueryRequest;
import com.alipay.api.request.AlipayTradeRefundRequest;
import com.alipay.api.response.AlipayTradeCloseResponse;
import com.alipay.api.response.AlipayTradeFastpayRefundQueryResponse;
import com.alipay.api.response.AlipayTradePrecreateResponse;
import com.alipay.api.response.AlipayTradeQueryResponse;
import com.alipay.api.response.AlipayTradeRefundResponse;
import com.sun.net.httpserver.HttpServer;
import dev.checkout.local.payments.DeliveryOutcome;
import dev.checkout.local.payments.RsaKeys;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Alipay's official Java SDK ({@code alipay-sdk-java}) against the simulator: the SDK signs the requests the simulator
 * checks, verifies the signatures of the simulator's answers (it throws on a bad one), and its
 * {@link AlipaySignature#rsaCheckV1} verifies the simulator's notifications.
 */
@Tag("integration")
class AlipaySdkCompatibilityTest {
    private static AlipaySimulator alipay;
    private static AlipayClient sdk;
    private static HttpServer notifyEndpoint;
    private static final List<Map<String, String>> received = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        alipay = AlipaySimulator.start(AlipaySimulatorConfig.forTests());
        sdk = new DefaultAlipayClient(alipay.gatewayUrl(), alipay.appId(), alipay.appPrivateKeyBase64(), "json", "utf-8",
                alipay.alipayPublicKeyBase64(), "RSA2");
        notifyEndpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        notifyEndpoint.createContext("/notify", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                Map<String, String> params = new HashMap<>();
                for (String pair : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                    int equals = pair.indexOf('=');
                    params.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
                synchronized (received) {
                    received.add(params);
                }
                byte[] answer = "success".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        notifyEndpoint.start();
    }

    @AfterAll
    static void stop() {
        notifyEndpoint.stop(0);
        alipay.close();
    }

    @AfterEach
    void reset() {
        alipay.reset();
        synchronized (received) {
            received.clear();
        }
    }

    private static String notifyUrl() {
        return "http://127.0.0.1:" + notifyEndpoint.getAddress().getPort() + "/notify";
    }

    private static String outTradeNo() {
        return "pay_" + UUID.randomUUID().toString().replace("-", "").substring(0, 26).toUpperCase() + "_1";
    }

    private static AlipayTradePrecreateResponse precreate(String outTradeNo, String amount) throws AlipayApiException {
        AlipayTradePrecreateRequest request = new AlipayTradePrecreateRequest();
        request.setNotifyUrl(notifyUrl());
        request.setBizContent("{\"out_trade_no\":\"" + outTradeNo + "\",\"total_amount\":\"" + amount + "\",\"subject\":\"订单 Order 1\"}");
        return sdk.execute(request);
    }

    private static AlipayTradeQueryResponse query(String outTradeNo) throws AlipayApiException {
        AlipayTradeQueryRequest request = new AlipayTradeQueryRequest();
        request.setBizContent("{\"out_trade_no\":\"" + outTradeNo + "\"}");
        return sdk.execute(request);
    }

    private static AlipayTradeRefundResponse refund(String outTradeNo, String amount, String outRequestNo) throws AlipayApiException {
        AlipayTradeRefundRequest request = new AlipayTradeRefundRequest();
        request.setBizContent("{\"out_trade_no\":\"" + outTradeNo + "\",\"refund_amount\":\"" + amount + "\",\"out_request_no\":\""
                + outRequestNo + "\"}");
        return sdk.execute(request);
    }

    @Test
    void sdkPrecreates_andVerifiesTheSignedAnswer() throws AlipayApiException {
        String outTradeNo = outTradeNo();

        AlipayTradePrecreateResponse response = precreate(outTradeNo, "19.90");

        assertTrue(response.isSuccess(), response.getBody());
        assertEquals(outTradeNo, response.getOutTradeNo());
        assertEquals(alipay.trade(outTradeNo).orElseThrow().qrCode(), response.getQrCode());
    }

    @Test
    void sdkQuery_ofAnUnscannedQrCode_isTradeNotExist_thenTradeSuccessOncePaid() throws AlipayApiException {
        String outTradeNo = outTradeNo();
        precreate(outTradeNo, "19.90");

        AlipayTradeQueryResponse before = query(outTradeNo);
        alipay.pay(outTradeNo);
        AlipayTradeQueryResponse after = query(outTradeNo);

        assertFalse(before.isSuccess());
        assertEquals("40004", before.getCode());
        assertEquals("ACQ.TRADE_NOT_EXIST", before.getSubCode());
        assertTrue(after.isSuccess(), after.getBody());
        assertEquals("TRADE_SUCCESS", after.getTradeStatus());
        assertEquals("19.90", after.getTotalAmount());
    }

    @Test
    void sdkRefunds_partiallyAndRepeatedly_andQueriesTheRefund() throws AlipayApiException {
        String outTradeNo = outTradeNo();
        precreate(outTradeNo, "19.90");
        alipay.pay(outTradeNo);

        AlipayTradeRefundResponse first = refund(outTradeNo, "5.00", "rfd_1");
        AlipayTradeRefundResponse repeat = refund(outTradeNo, "5.00", "rfd_1");
        AlipayTradeRefundResponse other = refund(outTradeNo, "6.00", "rfd_1");
        AlipayTradeFastpayRefundQueryRequest queryRequest = new AlipayTradeFastpayRefundQueryRequest();
        queryRequest.setBizContent("{\"out_trade_no\":\"" + outTradeNo + "\",\"out_request_no\":\"rfd_1\"}");
        AlipayTradeFastpayRefundQueryResponse found = sdk.execute(queryRequest);

        assertEquals("Y", first.getFundChange());
        assertEquals("5.00", first.getRefundFee());
        assertTrue(repeat.isSuccess());
        assertEquals("N", repeat.getFundChange());
        assertEquals("ACQ.DISCORDANT_REPEAT_REQUEST", other.getSubCode());
        assertEquals("REFUND_SUCCESS", found.getRefundStatus());
        assertEquals("5.00", found.getRefundAmount());
        assertEquals(500, alipay.trade(outTradeNo).orElseThrow().refundedAmount());
    }

    @Test
    void sdkCloses_aScannedTrade() throws AlipayApiException {
        String outTradeNo = outTradeNo();
        precreate(outTradeNo, "0.01");
        alipay.scan(outTradeNo);
        AlipayTradeCloseRequest request = new AlipayTradeCloseRequest();
        request.setBizContent("{\"out_trade_no\":\"" + outTradeNo + "\"}");

        AlipayTradeCloseResponse response = sdk.execute(request);

        assertTrue(response.isSuccess(), response.getBody());
        assertEquals("TRADE_CLOSED", query(outTradeNo).getTradeStatus());
    }

    @Test
    void sdkRefusesAnAnswerNotSignedByTheAlipayKeyItKnows() throws Exception {
        String otherKey = Base64.getEncoder().encodeToString(RsaKeys.generate().getPublic().getEncoded());
        AlipayClient misled = new DefaultAlipayClient(alipay.gatewayUrl(), alipay.appId(), alipay.appPrivateKeyBase64(), "json", "utf-8",
                otherKey, "RSA2");
        AlipayTradeQueryRequest request = new AlipayTradeQueryRequest();
        request.setBizContent("{\"out_trade_no\":\"" + outTradeNo() + "\"}");

        assertThrows(AlipayApiException.class, () -> misled.execute(request));
    }

    @Test
    void simulatorRefusesARequestSignedWithAnotherAppKey() throws Exception {
        String otherAppKey = Base64.getEncoder().encodeToString(RsaKeys.generate().getPrivate().getEncoded());
        AlipayClient impostor = new DefaultAlipayClient(alipay.gatewayUrl(), alipay.appId(), otherAppKey, "json", "utf-8",
                alipay.alipayPublicKeyBase64(), "RSA2");
        AlipayTradeQueryRequest request = new AlipayTradeQueryRequest();
        request.setBizContent("{\"out_trade_no\":\"" + outTradeNo() + "\"}");

        AlipayTradeQueryResponse response = impostor.execute(request);

        assertEquals("40002", response.getCode());
        assertEquals("isv.invalid-signature", response.getSubCode());
    }

    @Test
    void simulatorRefusesAnotherAppId() throws AlipayApiException {
        AlipayClient otherApp = new DefaultAlipayClient(alipay.gatewayUrl(), "9021000000000999", alipay.appPrivateKeyBase64(), "json",
                "utf-8", alipay.alipayPublicKeyBase64(), "RSA2");
        AlipayTradeQueryRequest request = new AlipayTradeQueryRequest();
        request.setBizContent("{\"out_trade_no\":\"" + outTradeNo() + "\"}");

        assertEquals("isv.invalid-app-id", otherApp.execute(request).getSubCode());
    }

    @Test
    void simulatorRefusesTheSameOutTradeNoWithAnotherAmount() throws AlipayApiException {
        String outTradeNo = outTradeNo();
        precreate(outTradeNo, "19.90");

        assertEquals("ACQ.CONTEXT_INCONSISTENT", precreate(outTradeNo, "1.00").getSubCode());
    }

    @Test
    void sdkVerifiesTheSimulatorsNotifications() throws AlipayApiException {
        String outTradeNo = outTradeNo();
        precreate(outTradeNo, "19.90");

        alipay.pay(outTradeNo);
        refund(outTradeNo, "1.00", "rfd_1");

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            synchronized (received) {
                return received.size() >= 2;
            }
        });
        List<Map<String, String>> notifications;
        synchronized (received) {
            notifications = List.copyOf(received);
        }
        for (Map<String, String> params : notifications) {
            assertTrue(AlipaySignature.rsaCheckV1(new HashMap<>(params), alipay.alipayPublicKeyBase64(), "utf-8", "RSA2"), params.toString());
        }
        assertEquals("TRADE_SUCCESS", notifications.get(0).get("trade_status"));
        assertEquals("19.90", notifications.get(0).get("total_amount"));
        assertEquals(alipay.appId(), notifications.get(0).get("app_id"));
        assertEquals("rfd_1", notifications.get(1).get("out_biz_no"));
        assertEquals("1.00", notifications.get(1).get("refund_fee"));
        Map<String, String> tampered = new HashMap<>(notifications.get(0));
        tampered.put("total_amount", "0.01");
        assertFalse(AlipaySignature.rsaCheckV1(tampered, alipay.alipayPublicKeyBase64(), "utf-8", "RSA2"));
        assertTrue(alipay.deliveries().stream().allMatch(a -> a.outcome() == DeliveryOutcome.DELIVERED));
    }

    @Test
    void aSignedNotificationMadeForATest_verifiesWithTheSdk_asStated() throws Exception {
        Map<String, String> stated = new java.util.LinkedHashMap<>();
        stated.put("notify_type", "trade_status_sync");
        stated.put("notify_id", "forged0001");
        stated.put("app_id", alipay.appId());
        stated.put("out_trade_no", "pay_forged_1");
        stated.put("trade_status", "TRADE_SUCCESS");
        stated.put("total_amount", "0.01");

        String body = alipay.signedNotification(stated);

        Map<String, String> params = new HashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        assertTrue(AlipaySignature.rsaCheckV1(new HashMap<>(params), alipay.alipayPublicKeyBase64(), "utf-8", "RSA2"), body);
        assertEquals("0.01", params.get("total_amount"));
        assertNotNull(params.get("notify_time"));
        assertTrue(alipay.notifications().stream().noneMatch(n -> n.outTradeNo().equals("pay_forged_1")), "nothing is recorded or sent");
    }

    @Test
    void sdkPagePayForm_postedByTheBrowser_opensTheBuyersPage() throws Exception {
        String outTradeNo = outTradeNo();
        AlipayTradePagePayRequest request = new AlipayTradePagePayRequest();
        request.setNotifyUrl(notifyUrl());
        request.setBizContent("{\"out_trade_no\":\"" + outTradeNo + "\",\"total_amount\":\"66.60\",\"subject\":\"订单\","
                + "\"product_code\":\"FAST_INSTANT_TRADE_PAY\"}");
        String html = sdk.pageExecute(request).getBody();
        java.util.regex.Matcher action = java.util.regex.Pattern.compile("action=\"([^\"]+)\"").matcher(html);
        assertTrue(action.find(), html);
        StringBuilder form = new StringBuilder();
        java.util.regex.Matcher input = java.util.regex.Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"").matcher(html);
        while (input.find()) {
            String value = input.group(2).replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
            form.append(form.isEmpty() ? "" : "&").append(input.group(1)).append('=')
                    .append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
        }

        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), HttpResponse.BodyHandlers.ofString());

        assertTrue(page.body().contains("¥66.60"), page.body());
        assertEquals("WAIT_BUYER_PAY", alipay.trade(outTradeNo).orElseThrow().status());
    }

    @Test
    void sdkPagePayUrl_opensTheBuyersPage() throws Exception {
        String outTradeNo = outTradeNo();
        AlipayTradePagePayRequest request = new AlipayTradePagePayRequest();
        request.setNotifyUrl(notifyUrl());
        request.setReturnUrl("https://shop.example/paid");
        request.setBizContent("{\"out_trade_no\":\"" + outTradeNo + "\",\"total_amount\":\"88.80\",\"subject\":\"订单\","
                + "\"product_code\":\"FAST_INSTANT_TRADE_PAY\"}");
        String url = sdk.pageExecute(request, "GET").getBody();

        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertTrue(page.body().contains("¥88.80"), page.body());
        assertEquals("WAIT_BUYER_PAY", alipay.trade(outTradeNo).orElseThrow().status());
        assertEquals("https://shop.example/paid", alipay.trade(outTradeNo).orElseThrow().returnUrl());
    }
}
