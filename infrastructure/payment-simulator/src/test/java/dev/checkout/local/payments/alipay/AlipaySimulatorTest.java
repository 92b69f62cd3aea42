package dev.checkout.local.payments.alipay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.checkout.local.payments.DeliveryAttempt;
import dev.checkout.local.payments.DeliveryOutcome;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The simulator's gateway checks, trade rules, buyer endpoints and resend schedule, over HTTP. */
@Tag("integration")
class AlipaySimulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static AlipaySimulator alipay;
    private static PrivateKey appKey;

    @BeforeAll
    static void start() {
        alipay = AlipaySimulator.start(AlipaySimulatorConfig.forTests().withRetryScale(1.0 / 240_000));
        appKey = privateKey(alipay.appPrivateKeyBase64());
    }

    @AfterAll
    static void stop() {
        alipay.close();
    }

    @AfterEach
    void reset() {
        alipay.reset();
        alipay.setNotifyEndpoint(null);
    }

    private static PrivateKey privateKey(String base64) {
        try {
            return java.security.KeyFactory.getInstance("RSA").generatePrivate(
                    new java.security.spec.PKCS8EncodedKeySpec(java.util.Base64.getDecoder().decode(base64)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> common(String method, String bizContent) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("app_id", alipay.appId());
        params.put("method", method);
        params.put("format", "JSON");
        params.put("charset", "utf-8");
        params.put("sign_type", "RSA2");
        params.put("timestamp", AlipayTrades.TIME.format(LocalDateTime.now(AlipayTrades.BEIJING)));
        params.put("version", "1.0");
        params.put("biz_content", bizContent);
        return params;
    }

    private static Map<String, String> signed(Map<String, String> params) {
        Map<String, String> all = new LinkedHashMap<>(params);
        all.put("sign", AlipaySigning.sign(AlipaySigning.content(all, Set.of("sign")), appKey));
        return all;
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** Posts to the gateway; answers the {@code ..._response} object after checking its signature. */
    private static JsonNode gateway(Map<String, String> params) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(alipay.gatewayUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form(params))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        String member = params.get("method").replace('.', '_') + "_response";
        String body = response.body();
        int start = body.indexOf("{", body.indexOf("\"" + member + "\":"));
        int end = body.lastIndexOf(",\"sign\":");
        String object = body.substring(start, end);
        String sign = JSON.readTree(body).path("sign").asText();
        assertTrue(AlipaySigning.verify(object, sign, java.security.KeyFactory.getInstance("RSA").generatePublic(
                new java.security.spec.X509EncodedKeySpec(java.util.Base64.getDecoder().decode(alipay.alipayPublicKeyBase64())))));
        return JSON.readTree(object);
    }

    private static HttpResponse<String> customer(String action, String form) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(alipay.baseUrl() + "/customer/" + action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String precreate(String outTradeNo) throws Exception {
        JsonNode answer = gateway(signed(common("alipay.trade.precreate",
                "{\"out_trade_no\":\"" + outTradeNo + "\",\"total_amount\":\"19.90\",\"subject\":\"Order\"}")));
        assertEquals("10000", answer.path("code").asText(), answer.toString());
        return answer.path("qr_code").asText();
    }

    @Test
    void gateway_refusesAMissingSignature() throws Exception {
        JsonNode answer = gateway(common("alipay.trade.query", "{\"out_trade_no\":\"t1\"}"));

        assertEquals("40001", answer.path("code").asText());
        assertEquals("isv.missing-signature", answer.path("sub_code").asText());
    }

    @Test
    void gateway_refusesATimestampInAnotherFormat() throws Exception {
        Map<String, String> params = common("alipay.trade.query", "{\"out_trade_no\":\"t1\"}");
        params.put("timestamp", "2026-12-06T12:00:00+08:00");

        assertEquals("isv.invalid-timestamp", gateway(signed(params)).path("sub_code").asText());
    }

    @Test
    void gateway_refusesATamperedParameter() throws Exception {
        Map<String, String> params = signed(common("alipay.trade.precreate",
                "{\"out_trade_no\":\"t1\",\"total_amount\":\"19.90\",\"subject\":\"Order\"}"));
        params.put("biz_content", params.get("biz_content").replace("19.90", "0.01"));

        assertEquals("isv.invalid-signature", gateway(params).path("sub_code").asText());
        assertTrue(alipay.trades().isEmpty());
    }

    @Test
    void gateway_refusesAnAmountWithThreeDecimals() throws Exception {
        JsonNode answer = gateway(signed(common("alipay.trade.precreate",
                "{\"out_trade_no\":\"t1\",\"total_amount\":\"19.901\",\"subject\":\"Order\"}")));

        assertEquals("ACQ.INVALID_PARAMETER", answer.path("sub_code").asText());
    }

    @Test
    void closeOfAnUnscannedQrCode_isTradeNotExist_andTheCodeCanStillBePaid() throws Exception {
        String qrCode = precreate("t1");

        JsonNode closed = gateway(signed(common("alipay.trade.close", "{\"out_trade_no\":\"t1\"}")));
        alipay.pay(qrCode);

        assertEquals("ACQ.TRADE_NOT_EXIST", closed.path("sub_code").asText());
        assertEquals("TRADE_SUCCESS", alipay.trade("t1").orElseThrow().status());
    }

    @Test
    void closeOfAPaidTrade_isATradeStatusError() throws Exception {
        precreate("t1");
        alipay.pay("t1");

        assertEquals("ACQ.TRADE_STATUS_ERROR", gateway(signed(common("alipay.trade.close", "{\"out_trade_no\":\"t1\"}"))).path("sub_code").asText());
    }

    @Test
    void refundWithoutRequestNumber_mustBeTheWholeAmount() throws Exception {
        precreate("t1");
        alipay.pay("t1");

        JsonNode partial = gateway(signed(common("alipay.trade.refund", "{\"out_trade_no\":\"t1\",\"refund_amount\":\"1.00\"}")));

        assertEquals("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", partial.path("sub_code").asText());
    }

    @Test
    void customerEndpoints_payByQrCode_declineByOutTradeNo_andRefuseWhatCannotBe() throws Exception {
        String qrCode = precreate("t1");
        precreate("t2");

        HttpResponse<String> paid = customer("pay", "qr_code=" + URLEncoder.encode(qrCode, StandardCharsets.UTF_8));
        HttpResponse<String> declined = customer("decline", "out_trade_no=t2");
        HttpResponse<String> again = customer("pay", "out_trade_no=t1");
        HttpResponse<String> unknown = customer("pay", "out_trade_no=nope");

        assertEquals(200, paid.statusCode());
        assertEquals("TRADE_SUCCESS", JSON.readTree(paid.body()).path("status").asText());
        assertEquals("TRADE_CLOSED", JSON.readTree(declined.body()).path("status").asText());
        assertEquals(409, again.statusCode());
        assertEquals(404, unknown.statusCode());
    }

    @Test
    void qrCodePage_scansTheTrade_andOffersAccessibleButtons() throws Exception {
        String qrCode = precreate("t1");

        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(qrCode)).build(), HttpResponse.BodyHandlers.ofString());

        assertTrue(page.body().contains("aria-label=\"Pay ¥19.90 with Alipay\""), page.body());
        assertTrue(page.body().contains("aria-label=\"Cancel the payment\""), page.body());
        assertEquals("WAIT_BUYER_PAY", gateway(signed(common("alipay.trade.query", "{\"out_trade_no\":\"t1\"}"))).path("trade_status").asText());
    }

    @Test
    void unansweredNotification_isResentOnAlipaysScheduleThenGivenUp() throws Exception {
        HttpServer silent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        AtomicInteger calls = new AtomicInteger();
        silent.createContext("/", exchange -> {
            try (exchange) {
                calls.incrementAndGet();
                byte[] body = "fail".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        silent.start();
        try {
            alipay.setNotifyEndpoint(URI.create("http://127.0.0.1:" + silent.getAddress().getPort() + "/notify"));
            precreate("t1");

            alipay.pay("t1");

            await().atMost(Duration.ofSeconds(20)).until(() -> alipay.deliveries().stream().anyMatch(a -> !a.willRetry()));
            List<DeliveryAttempt> attempts = alipay.deliveries();
            assertEquals(8, attempts.size());
            assertEquals(8, calls.get());
            assertTrue(attempts.stream().allMatch(a -> a.outcome() == DeliveryOutcome.FAILED));
            assertEquals(1, attempts.stream().map(DeliveryAttempt::eventId).distinct().count());
            for (int resend = 1; resend < attempts.size(); resend++) {
                Duration pause = Duration.between(attempts.get(resend - 1).at(), attempts.get(resend).at());
                Duration scheduled = alipay.config().resendDelay(resend);
                assertTrue(pause.compareTo(scheduled) >= 0, "resend " + resend + " came after " + pause + ", scheduled " + scheduled);
            }
        } finally {
            silent.stop(0);
        }
    }

    @Test
    void finishedTrade_isNotifiedAndRefusesRefunds() throws Exception {
        precreate("t1");
        alipay.pay("t1");

        alipay.finish("t1");

        assertEquals("TRADE_FINISHED", gateway(signed(common("alipay.trade.query", "{\"out_trade_no\":\"t1\"}"))).path("trade_status").asText());
        assertEquals("ACQ.TRADE_HAS_FINISHED", gateway(signed(common("alipay.trade.refund",
                "{\"out_trade_no\":\"t1\",\"refund_amount\":\"1.00\",\"out_request_no\":\"r1\"}"))).path("sub_code").asText());
        assertEquals(List.of("TRADE_SUCCESS", "TRADE_FINISHED"), alipay.notifications().stream().map(AlipayNotification::type).toList());
    }

    @Test
    void adminEndpoints_listTradesWithRefundsAndDeliveries_andReset() throws Exception {
        precreate("t1");
        alipay.pay("t1");
        gateway(signed(common("alipay.trade.refund", "{\"out_trade_no\":\"t1\",\"refund_amount\":\"1.00\",\"out_request_no\":\"r1\"}")));

        JsonNode trades = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(alipay.baseUrl() + "/_simulator/trades")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        HttpResponse<String> deliveries = HTTP.send(HttpRequest.newBuilder(URI.create(alipay.baseUrl() + "/_simulator/deliveries")).build(),
                HttpResponse.BodyHandlers.ofString());
        HTTP.send(HttpRequest.newBuilder(URI.create(alipay.baseUrl() + "/_simulator/reset")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals("r1", trades.path(0).path("refunds").path(0).path("outRequestNo").asText());
        assertEquals(100, trades.path(0).path("refundedAmount").asLong());
        assertEquals(200, deliveries.statusCode());
        assertTrue(alipay.trades().isEmpty());
    }

    @Test
    void reset_forgetsTradesAndNotifications() throws Exception {
        precreate("t1");
        alipay.pay("t1");

        alipay.reset();

        assertTrue(alipay.trades().isEmpty());
        assertTrue(alipay.notifications().isEmpty());
        assertFalse(alipay.trade("t1").isPresent());
    }
}
