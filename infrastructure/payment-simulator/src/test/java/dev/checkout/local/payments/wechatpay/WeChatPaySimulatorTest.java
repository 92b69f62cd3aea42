package dev.checkout.local.payments.wechatpay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.checkout.local.payments.DeliveryAttempt;
import dev.checkout.local.payments.DeliveryOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Integration: the WeChat Pay simulator over HTTP as WeChat Pay behaves: header names on the wire, request signature
 * checks, the idempotency and state rules with their error codes, the buyer's and admin endpoints, and notification
 * resends on the scaled schedule with the event faults.
 */
@Tag("integration")
class WeChatPaySimulatorTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static WeChatPaySimulator wechat;
    private static HttpServer notifyEndpoint;
    private static final List<String> notified = new CopyOnWriteArrayList<>();
    private static final AtomicInteger failuresLeft = new AtomicInteger();
    private static PrivateKey merchantKey;

    @BeforeAll
    static void start() throws Exception {
        wechat = WeChatPaySimulator.start(WeChatPaySimulatorConfig.forTests());
        merchantKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(
                wechat.merchantPrivateKeyPem().replaceAll("-----[A-Z ]+-----", ""))));
        notifyEndpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        notifyEndpoint.createContext("/notify", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                exchange.sendResponseHeaders(500, -1);
            } else {
                notified.add(body);
                exchange.sendResponseHeaders(200, -1);
            }
            exchange.close();
        });
        notifyEndpoint.start();
    }

    @AfterAll
    static void stop() {
        notifyEndpoint.stop(0);
        wechat.close();
    }

    @BeforeEach
    void clean() {
        wechat.reset();
        notified.clear();
        failuresLeft.set(0);
    }

    private static String notifyUrl() {
        return "http://127.0.0.1:" + notifyEndpoint.getAddress().getPort() + "/notify";
    }

    private static String authorization(String method, String target, String body, long timestamp) throws Exception {
        String nonce = "N" + System.nanoTime();
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(merchantKey);
        signer.update((method + "\n" + target + "\n" + timestamp + "\n" + nonce + "\n" + body + "\n").getBytes(StandardCharsets.UTF_8));
        return "WECHATPAY2-SHA256-RSA2048 mchid=\"" + wechat.mchId() + "\",nonce_str=\"" + nonce + "\",timestamp=\"" + timestamp
                + "\",serial_no=\"" + wechat.merchantSerialNumber() + "\",signature=\"" + Base64.getEncoder().encodeToString(signer.sign()) + "\"";
    }

    private static HttpResponse<String> call(String method, String target, String body, long timestamp) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(wechat.baseUrl() + target))
                .header("Authorization", authorization(method, target, body, timestamp))
                .header("Accept", "application/json");
        if (method.equals("POST")) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.GET();
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> call(String method, String target, String body) throws Exception {
        return call(method, target, body, Instant.now().getEpochSecond());
    }

    private static String order(String outTradeNo, long total) {
        return "{\"appid\":\"" + wechat.appId() + "\",\"mchid\":\"" + wechat.mchId() + "\",\"description\":\"Order\",\"out_trade_no\":\""
                + outTradeNo + "\",\"notify_url\":\"" + notifyUrl() + "\",\"amount\":{\"total\":" + total + ",\"currency\":\"CNY\"}}";
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Test
    void answers_carryWeChatPaysHeaderNames_inTheirExactCase() throws Exception {
        String body = order("HEADER_CASE_1", 100);
        String target = "/v3/pay/transactions/native";
        String request = "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                + authorization("POST", target, body, Instant.now().getEpochSecond())
                + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
        String answer;
        try (Socket socket = new Socket(wechat.baseUrl().getHost(), wechat.baseUrl().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        for (String header : List.of("\r\nWechatpay-Timestamp: ", "\r\nWechatpay-Nonce: ", "\r\nWechatpay-Serial: "
                + wechat.platformPublicKeyId() + "\r\n", "\r\nWechatpay-Signature: ", "\r\nRequest-ID: ")) {
            assertTrue(answer.contains(header), "missing " + header.trim() + " in\n" + answer);
        }
    }

    @Test
    void requests_withAStaleTimestamp_orATamperedBody_areRefusedWithSignError() throws Exception {
        HttpResponse<String> stale = call("POST", "/v3/pay/transactions/native", order("STALE_ORDER_1", 100),
                Instant.now().getEpochSecond() - 301);
        String target = "/v3/pay/transactions/native";
        HttpResponse<String> tampered = HTTP.send(HttpRequest.newBuilder(URI.create(wechat.baseUrl() + target))
                .header("Authorization", authorization("POST", target, order("TAMPER_ORDER", 100), Instant.now().getEpochSecond()))
                .POST(HttpRequest.BodyPublishers.ofString(order("TAMPER_ORDER", 1))).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unsigned = HTTP.send(HttpRequest.newBuilder(URI.create(wechat.baseUrl() + target))
                .POST(HttpRequest.BodyPublishers.ofString(order("UNSIGNED_ORDER", 1))).build(), HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> refused : List.of(stale, tampered, unsigned)) {
            assertEquals(401, refused.statusCode());
            assertEquals("SIGN_ERROR", json(refused).path("code").asText());
        }
        assertTrue(wechat.trades().isEmpty());
    }

    @Test
    void sameOutTradeNo_withAnotherAmount_isRefused_andAPaidOneAnswersOrderPaid() throws Exception {
        assertEquals(200, call("POST", "/v3/pay/transactions/native", order("SAME_NO_0001", 100)).statusCode());

        HttpResponse<String> other = call("POST", "/v3/pay/transactions/native", order("SAME_NO_0001", 200));
        wechat.pay("SAME_NO_0001");
        HttpResponse<String> paid = call("POST", "/v3/pay/transactions/native", order("SAME_NO_0001", 100));

        assertEquals(403, other.statusCode());
        assertEquals("OUT_TRADE_NO_USED", json(other).path("code").asText());
        assertEquals(400, paid.statusCode());
        assertEquals("ORDERPAID", json(paid).path("code").asText());
    }

    @Test
    void anotherAppId_isRefusedAsNotMatchingTheMerchant() throws Exception {
        HttpResponse<String> answer = call("POST", "/v3/pay/transactions/native",
                order("APPID_ORDER_1", 100).replace(wechat.appId(), "wx0000000000000000"));

        assertEquals(400, answer.statusCode());
        assertEquals("APPID_MCHID_NOT_MATCH", json(answer).path("code").asText());
    }

    @Test
    void customer_paysByCodeUrlOverHttp_andDeclinesByOutTradeNo() throws Exception {
        String codeUrl = json(call("POST", "/v3/pay/transactions/native", order("BUYER_ORDER_1", 100))).path("code_url").asText();
        call("POST", "/v3/pay/transactions/native", order("BUYER_ORDER_2", 100));

        HttpResponse<String> paid = HTTP.send(HttpRequest.newBuilder(URI.create(wechat.baseUrl() + "/customer/pay"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"code_url\":\"" + codeUrl + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> declined = HTTP.send(HttpRequest.newBuilder(URI.create(wechat.baseUrl() + "/customer/decline"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"out_trade_no\":\"BUYER_ORDER_2\"}")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> again = HTTP.send(HttpRequest.newBuilder(URI.create(wechat.baseUrl() + "/customer/pay"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"out_trade_no\":\"BUYER_ORDER_1\"}")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals("SUCCESS", json(paid).path("trade_state").asText());
        assertEquals("PAYERROR", json(declined).path("trade_state").asText());
        assertEquals(409, again.statusCode());
        assertEquals("PAYERROR", json(call("GET", "/v3/pay/transactions/out-trade-no/BUYER_ORDER_2?mchid=" + wechat.mchId(), "")).path("trade_state").asText());
        assertEquals(1, wechat.notifications().size());
    }

    @Test
    void admin_listsTradesAndDeliveries_andResets() throws Exception {
        call("POST", "/v3/pay/transactions/native", order("ADMIN_ORDER_1", 100));
        wechat.pay("ADMIN_ORDER_1");
        await().atMost(WAIT).until(() -> notified.size() == 1);

        JsonNode trades = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(wechat.baseUrl() + "/admin/trades")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        JsonNode credentials = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(wechat.baseUrl() + "/admin/credentials")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        HTTP.send(HttpRequest.newBuilder(URI.create(wechat.baseUrl() + "/admin/reset")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals("ADMIN_ORDER_1", trades.get(0).path("outTradeNo").asText());
        assertEquals("SUCCESS", trades.get(0).path("state").asText());
        assertEquals(wechat.platformPublicKeyId(), credentials.path("platform_public_key_id").asText());
        assertTrue(wechat.trades().isEmpty());
        assertTrue(wechat.deliveries().isEmpty());
    }

    @Test
    void notification_isResentOnTheScaledSchedule_withTheSameBody_untilAnswered200() throws Exception {
        failuresLeft.set(3);
        call("POST", "/v3/pay/transactions/native", order("RESEND_ORDER", 100));

        wechat.pay("RESEND_ORDER");

        // The receiver may see the body before the simulator records the attempt's outcome: await both.
        await().atMost(WAIT).until(() -> notified.size() == 1 && wechat.deliveries().size() == 4);
        List<DeliveryAttempt> attempts = wechat.deliveries();
        assertEquals(List.of(1, 2, 3, 4), attempts.stream().map(DeliveryAttempt::attempt).toList());
        assertEquals(DeliveryOutcome.DELIVERED, attempts.get(3).outcome());
        assertEquals(wechat.notifications().get(0).body(), notified.get(0));
        // 15 s, 15 s, 30 s at a thousandth: the third resend waits about twice the first
        assertTrue(Duration.between(attempts.get(0).at(), attempts.get(3).at()).toMillis() >= 60, attempts.toString());
    }

    @Test
    void retrySchedule_isWeChatPays_scaled() {
        WeChatPaySimulatorConfig real = WeChatPaySimulatorConfig.defaults();
        WeChatPaySimulatorConfig fast = WeChatPaySimulatorConfig.forTests();

        assertEquals(Duration.ofSeconds(15), real.retryDelay(1));
        assertEquals(Duration.ofHours(6), real.retryDelay(15));
        assertEquals(null, real.retryDelay(16));
        assertEquals(Duration.ofMillis(15), fast.retryDelay(1));
        assertEquals(Duration.ofHours(24).plusMinutes(4), WeChatPaySimulatorConfig.RETRY_SCHEDULE.stream()
                .reduce(Duration.ZERO, Duration::plus));
    }

    @Test
    void outOfOrderAndLostNotifications_followTheFaultSwitches() throws Exception {
        call("POST", "/v3/pay/transactions/native", order("ORDER_FIRST", 100));
        call("POST", "/v3/pay/transactions/native", order("ORDER_SECOND", 100));
        call("POST", "/v3/pay/transactions/native", order("ORDER_THIRD", 100));
        wechat.faults().outOfOrderEvents(true);

        wechat.pay("ORDER_FIRST");
        wechat.pay("ORDER_SECOND");
        await().atMost(WAIT).until(() -> notified.size() == 2);
        wechat.faults().outOfOrderEvents(false).loseEvents(1);
        wechat.pay("ORDER_THIRD");

        String first = wechat.notifications().get(0).id();
        assertTrue(notified.get(1).contains(first), "the first notification arrives second");
        await().atMost(WAIT).until(() -> wechat.deliveries().stream().anyMatch(a -> a.outcome() == DeliveryOutcome.LOST));
        assertEquals(2, notified.size());
    }
}
