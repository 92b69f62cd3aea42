package dev.checkout.local.payments.wechatpay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.wechat.pay.java.core.RSAPublicKeyConfig;
import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.core.exception.ValidationException;
import com.wechat.pay.java.core.http.AbstractHttpClient;
import com.wechat.pay.java.core.http.DefaultHttpClientBuilder;
import com.wechat.pay.java.core.notification.NotificationParser;
import com.wechat.pay.java.core.notification.RequestParam;
import com.wechat.pay.java.service.payments.model.Transaction;
import com.wechat.pay.java.service.payments.nativepay.NativePayService;
import com.wechat.pay.java.service.payments.nativepay.model.Amount;
import com.wechat.pay.java.service.payments.nativepay.model.CloseOrderRequest;
import com.wechat.pay.java.service.payments.nativepay.model.PrepayRequest;
import com.wechat.pay.java.service.payments.nativepay.model.QueryOrderByOutTradeNoRequest;
import com.wechat.pay.java.service.refund.RefundService;
import com.wechat.pay.java.service.refund.model.AmountReq;
import com.wechat.pay.java.service.refund.model.CreateRequest;
import com.wechat.pay.java.service.refund.model.QueryByOutRefundNoRequest;
import com.wechat.pay.java.service.refund.model.Refund;
import com.wechat.pay.java.service.refund.model.RefundNotification;
import com.wechat.pay.java.service.refund.model.Status;
import dev.checkout.local.payments.RsaKeys;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Integration: WeChat Pay's official Java SDK (wechatpay-java 0.2.17, public-key mode) against the simulator. The SDK
 * signs its requests (the simulator checks them), verifies every answer's signature and reads its headers by exact
 * name ({@code Wechatpay-Timestamp} ...), and parses notifications with its {@link NotificationParser}: if the
 * simulator got any of it wrong, the SDK would throw.
 */
@Tag("integration")
class WeChatPayOfficialSdkCompatibilityTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static WeChatPaySimulator wechat;
    private static HttpServer notifyEndpoint;
    private static final List<RequestParam> received = new CopyOnWriteArrayList<>();
    private static RSAPublicKeyConfig sdkConfig;
    private static NativePayService nativePay;
    private static RefundService refunds;

    @BeforeAll
    static void start() throws IOException {
        wechat = WeChatPaySimulator.start(WeChatPaySimulatorConfig.forTests());
        notifyEndpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        notifyEndpoint.createContext("/notify", exchange -> {
            var headers = exchange.getRequestHeaders();
            received.add(new RequestParam.Builder()
                    .serialNumber(headers.getFirst("Wechatpay-Serial"))
                    .nonce(headers.getFirst("Wechatpay-Nonce"))
                    .signature(headers.getFirst("Wechatpay-Signature"))
                    .timestamp(headers.getFirst("Wechatpay-Timestamp"))
                    .signType(headers.getFirst("Wechatpay-Signature-Type"))
                    .body(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                    .build());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        notifyEndpoint.start();
        sdkConfig = new RSAPublicKeyConfig.Builder()
                .merchantId(wechat.mchId())
                .privateKey(wechat.merchantPrivateKeyPem())
                .merchantSerialNumber(wechat.merchantSerialNumber())
                .publicKey(wechat.platformPublicKeyPem())
                .publicKeyId(wechat.platformPublicKeyId())
                .apiV3Key(wechat.apiV3Key())
                .build();
        AbstractHttpClient http = new DefaultHttpClientBuilder().config(sdkConfig).okHttpClient(towards(wechat.baseUrl())).build();
        nativePay = new NativePayService.Builder().httpClient(http).build();
        refunds = new RefundService.Builder().httpClient(http).build();
    }

    /** An OkHttp client that sends the SDK's requests for api.mch.weixin.qq.com to the simulator instead. */
    private static OkHttpClient towards(URI simulator) {
        return new OkHttpClient.Builder().addInterceptor(chain -> {
            HttpUrl url = chain.request().url().newBuilder().scheme(simulator.getScheme()).host(simulator.getHost())
                    .port(simulator.getPort()).build();
            return chain.proceed(chain.request().newBuilder().url(url).build());
        }).build();
    }

    @AfterAll
    static void stop() {
        notifyEndpoint.stop(0);
        wechat.close();
    }

    @BeforeEach
    void clean() {
        wechat.reset();
        received.clear();
    }

    private static String notifyUrl() {
        return "http://127.0.0.1:" + notifyEndpoint.getAddress().getPort() + "/notify";
    }

    private static String prepay(String outTradeNo, int fen) {
        PrepayRequest request = new PrepayRequest();
        request.setAppid(wechat.appId());
        request.setMchid(wechat.mchId());
        request.setDescription("Order 订单 " + outTradeNo);
        request.setOutTradeNo(outTradeNo);
        request.setNotifyUrl(notifyUrl());
        Amount amount = new Amount();
        amount.setTotal(fen);
        amount.setCurrency("CNY");
        request.setAmount(amount);
        return nativePay.prepay(request).getCodeUrl();
    }

    private static Transaction query(String outTradeNo) {
        QueryOrderByOutTradeNoRequest request = new QueryOrderByOutTradeNoRequest();
        request.setMchid(wechat.mchId());
        request.setOutTradeNo(outTradeNo);
        return nativePay.queryOrderByOutTradeNo(request);
    }

    private static Refund refund(String outTradeNo, String outRefundNo, long fen, long total) {
        CreateRequest request = new CreateRequest();
        request.setOutTradeNo(outTradeNo);
        request.setOutRefundNo(outRefundNo);
        request.setNotifyUrl(notifyUrl());
        AmountReq amount = new AmountReq();
        amount.setRefund(fen);
        amount.setTotal(total);
        amount.setCurrency("CNY");
        request.setAmount(amount);
        return refunds.create(request);
    }

    @Test
    void prepay_query_andPay_readAsTheSdkExpects() {
        String codeUrl = prepay("SDK_ORDER_0001", 1990);

        assertTrue(codeUrl.startsWith("weixin://wxpay/bizpayurl?pr="), codeUrl);
        assertEquals(Transaction.TradeStateEnum.NOTPAY, query("SDK_ORDER_0001").getTradeState());
        wechat.pay(codeUrl);
        Transaction paid = query("SDK_ORDER_0001");
        assertEquals(Transaction.TradeStateEnum.SUCCESS, paid.getTradeState());
        assertEquals(1990, paid.getAmount().getTotal());
        assertNotNull(paid.getTransactionId());
    }

    @Test
    void closeOrder_answers204_andTheTradeReadsClosed() {
        prepay("SDK_ORDER_0002", 100);
        CloseOrderRequest close = new CloseOrderRequest();
        close.setMchid(wechat.mchId());
        close.setOutTradeNo("SDK_ORDER_0002");

        nativePay.closeOrder(close);

        assertEquals(Transaction.TradeStateEnum.CLOSED, query("SDK_ORDER_0002").getTradeState());
    }

    @Test
    void errors_reachTheSdkWithWeChatPaysStatusAndCode() {
        ServiceException missing = assertThrows(ServiceException.class, () -> query("SDK_ORDER_NONE"));
        assertEquals(404, missing.getHttpStatusCode());
        assertEquals("ORDER_NOT_EXIST", missing.getErrorCode());

        prepay("SDK_ORDER_0003", 100);
        wechat.pay("SDK_ORDER_0003");
        CloseOrderRequest close = new CloseOrderRequest();
        close.setMchid(wechat.mchId());
        close.setOutTradeNo("SDK_ORDER_0003");
        ServiceException paid = assertThrows(ServiceException.class, () -> nativePay.closeOrder(close));
        assertEquals("ORDERPAID", paid.getErrorCode());
    }

    @Test
    void requestsSignedWithAnotherMerchantKey_areRefusedWithSignError() throws Exception {
        RSAPublicKeyConfig wrongKey = new RSAPublicKeyConfig.Builder()
                .merchantId(wechat.mchId())
                .privateKey(Base64.getEncoder().encodeToString(RsaKeys.generate().getPrivate().getEncoded()))
                .merchantSerialNumber(wechat.merchantSerialNumber())
                .publicKey(wechat.platformPublicKeyPem())
                .publicKeyId(wechat.platformPublicKeyId())
                .apiV3Key(wechat.apiV3Key())
                .build();
        NativePayService impostor = new NativePayService.Builder()
                .httpClient(new DefaultHttpClientBuilder().config(wrongKey).okHttpClient(towards(wechat.baseUrl())).build()).build();
        QueryOrderByOutTradeNoRequest request = new QueryOrderByOutTradeNoRequest();
        request.setMchid(wechat.mchId());
        request.setOutTradeNo("SDK_ORDER_0004");

        ServiceException refused = assertThrows(ServiceException.class, () -> impostor.queryOrderByOutTradeNo(request));

        assertEquals(401, refused.getHttpStatusCode());
        assertEquals("SIGN_ERROR", refused.getErrorCode());
    }

    @Test
    void answersNotSignedByThePlatformKeyTheSdkHolds_areRefusedByTheSdk() throws Exception {
        RSAPublicKeyConfig otherPlatform = new RSAPublicKeyConfig.Builder()
                .merchantId(wechat.mchId())
                .privateKey(wechat.merchantPrivateKeyPem())
                .merchantSerialNumber(wechat.merchantSerialNumber())
                .publicKey(Base64.getEncoder().encodeToString(RsaKeys.generate().getPublic().getEncoded()))
                .publicKeyId(wechat.platformPublicKeyId())
                .apiV3Key(wechat.apiV3Key())
                .build();
        NativePayService fooled = new NativePayService.Builder()
                .httpClient(new DefaultHttpClientBuilder().config(otherPlatform).okHttpClient(towards(wechat.baseUrl())).build()).build();
        prepay("SDK_ORDER_0005", 100);
        QueryOrderByOutTradeNoRequest request = new QueryOrderByOutTradeNoRequest();
        request.setMchid(wechat.mchId());
        request.setOutTradeNo("SDK_ORDER_0005");

        assertThrows(ValidationException.class, () -> fooled.queryOrderByOutTradeNo(request));
    }

    @Test
    void refunds_createAndQuery_andTheRefundNotificationParses() {
        prepay("SDK_ORDER_0006", 1000);
        wechat.pay("SDK_ORDER_0006");

        Refund created = refund("SDK_ORDER_0006", "SDK_REFUND_0001", 300, 1000);
        Refund again = refund("SDK_ORDER_0006", "SDK_REFUND_0001", 300, 1000);
        ServiceException otherAmount = assertThrows(ServiceException.class, () -> refund("SDK_ORDER_0006", "SDK_REFUND_0001", 400, 1000));

        assertEquals(Status.PROCESSING, created.getStatus());
        assertEquals(created.getRefundId(), again.getRefundId());
        assertEquals("INVALID_REQUEST", otherAmount.getErrorCode());
        await().atMost(WAIT).until(() -> queryRefund("SDK_REFUND_0001").getStatus() == Status.SUCCESS);
        assertEquals(Transaction.TradeStateEnum.REFUND, query("SDK_ORDER_0006").getTradeState());
        RequestParam notification = await().atMost(WAIT).until(() -> received.stream()
                .filter(r -> r.getBody().contains("REFUND.SUCCESS")).findFirst(), java.util.Optional::isPresent).orElseThrow();
        RefundNotification parsed = new NotificationParser(sdkConfig).parse(notification, RefundNotification.class);
        assertEquals("SDK_REFUND_0001", parsed.getOutRefundNo());
        assertEquals(Status.SUCCESS, parsed.getRefundStatus());
        assertEquals(300L, parsed.getAmount().getRefund());
    }

    @Test
    void paymentNotification_parsesWithTheSdksNotificationParser() {
        prepay("SDK_ORDER_0007", 1990);

        wechat.pay("SDK_ORDER_0007");

        RequestParam notification = await().atMost(WAIT).until(() -> received, list -> !list.isEmpty()).get(0);
        Transaction transaction = new NotificationParser(sdkConfig).parse(notification, Transaction.class);
        assertEquals("SDK_ORDER_0007", transaction.getOutTradeNo());
        assertEquals(Transaction.TradeStateEnum.SUCCESS, transaction.getTradeState());
        assertEquals(1990, transaction.getAmount().getTotal());
        assertEquals(wechat.appId(), transaction.getAppid());
    }

    @Test
    void aSignedNotificationMadeForATest_parsesWithTheSdksNotificationParser_asStated() {
        var resource = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("appid", wechat.appId()).put("mchid", wechat.mchId()).put("out_trade_no", "SDK_FORGED_0001")
                .put("transaction_id", "4200000000000000000000000001").put("trade_type", "NATIVE").put("trade_state", "SUCCESS");
        resource.putObject("amount").put("total", 1).put("currency", "USD");

        WeChatPaySimulator.SignedNotification signed = wechat.signedNotification("TRANSACTION.SUCCESS", resource);

        Map<String, String> headers = signed.headers();
        Transaction transaction = new NotificationParser(sdkConfig).parse(new RequestParam.Builder()
                .serialNumber(headers.get("Wechatpay-Serial")).nonce(headers.get("Wechatpay-Nonce"))
                .signature(headers.get("Wechatpay-Signature")).timestamp(headers.get("Wechatpay-Timestamp"))
                .signType(headers.get("Wechatpay-Signature-Type")).body(signed.body()).build(), Transaction.class);
        assertEquals("SDK_FORGED_0001", transaction.getOutTradeNo());
        assertEquals(1, transaction.getAmount().getTotal());
        assertEquals("USD", transaction.getAmount().getCurrency());
        assertTrue(wechat.notifications().stream().noneMatch(n -> n.objectId().equals("SDK_FORGED_0001")), "nothing is recorded or sent");
    }

    private static Refund queryRefund(String outRefundNo) {
        QueryByOutRefundNoRequest request = new QueryByOutRefundNoRequest();
        request.setOutRefundNo(outRefundNo);
        return refunds.queryByOutRefundNo(request);
    }
}
