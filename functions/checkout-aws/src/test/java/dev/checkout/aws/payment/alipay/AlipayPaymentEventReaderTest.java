package dev.checkout.aws.payment.alipay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.domain.Money;
import dev.checkout.domain.PaymentEvent;
import dev.checkout.domain.PaymentEvent.Kind;
import dev.checkout.domain.ValidationException;
import dev.checkout.domain.WebhookSignatureException;
import dev.checkout.local.payments.RsaKeys;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("unit")
class AlipayPaymentEventReaderTest {
    private static final String APP_ID = "2021000000000001";
    private static final String SELLER_ID = "2088000000000001";
    private static final String PAYMENT_ID = "pay_01ARZ3NDEKTSV4RRFFQ69G5FAV_1";
    /** 2026-12-06 12:00:00 in Beijing. */
    private static final Instant NOW = Instant.parse("2026-12-06T04:00:00Z");
    private static final Map<String, String> FORM = Map.of("content-type", "application/x-www-form-urlencoded; charset=utf-8");

    private static KeyPair alipayKeys;
    private static KeyPair appKeys;
    private static AlipayPaymentEventReader reader;

    @BeforeAll
    static void setUp() {
        alipayKeys = RsaKeys.generate();
        appKeys = RsaKeys.generate();
        reader = readerFor(SELLER_ID);
    }

    private static AlipayPaymentEventReader readerFor(String sellerId) {
        AlipayConfig config = new AlipayConfig(APP_ID, sellerId, null, URI.create("https://shop.example/webhooks/alipay"), null,
                appKeys.getPrivate(), alipayKeys.getPublic(), null, null);
        return new AlipayPaymentEventReader(() -> config, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static Map<String, String> notification(String tradeStatus) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("notify_time", "2026-12-06 11:59:58");
        params.put("notify_type", "trade_status_sync");
        params.put("notify_id", "2026120600222115958012341234");
        params.put("charset", "utf-8");
        params.put("version", "1.0");
        params.put("app_id", APP_ID);
        params.put("seller_id", SELLER_ID);
        params.put("trade_no", "2026120622001412341234123412");
        params.put("out_trade_no", PAYMENT_ID);
        params.put("buyer_id", "2088102177846880");
        params.put("trade_status", tradeStatus);
        params.put("total_amount", "19.90");
        params.put("receipt_amount", "19.90");
        params.put("subject", "订单 Order ord_01ARZ3NDEKTSV4RRFFQ69G5FAV");
        params.put("gmt_create", "2026-12-06 11:59:40");
        params.put("gmt_payment", "2026-12-06 11:59:57");
        return params;
    }

    private static String signed(Map<String, String> params, Charset charset) {
        Map<String, String> all = new LinkedHashMap<>(params);
        all.put("sign_type", "RSA2");
        all.put("sign", AlipayRsa2.sign(AlipayRsa2.notificationContent(all), alipayKeys.getPrivate()));
        return form(all, charset);
    }

    private static String form(Map<String, String> params, Charset charset) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), charset) + "=" + URLEncoder.encode(e.getValue(), charset))
                .collect(Collectors.joining("&"));
    }

    @ParameterizedTest
    @CsvSource({"TRADE_SUCCESS,PAYMENT_SUCCEEDED", "TRADE_FINISHED,PAYMENT_SUCCEEDED", "TRADE_CLOSED,PAYMENT_CANCELED",
            "WAIT_BUYER_PAY,IGNORED", "SOMETHING_NEW,IGNORED"})
    void verify_mapsTheTradeStatus(String tradeStatus, Kind kind) {
        PaymentEvent event = reader.verify(signed(notification(tradeStatus), StandardCharsets.UTF_8), FORM);

        assertEquals(kind, event.kind());
        assertEquals(tradeStatus, event.providerType());
    }

    @Test
    void verify_readsIdsReferenceAndAmountFromTheNotification() {
        PaymentEvent event = reader.verify(signed(notification("TRADE_SUCCESS"), StandardCharsets.UTF_8), FORM);

        assertEquals("alipay", event.provider());
        assertEquals("2026120600222115958012341234", event.eventId());
        assertEquals(PAYMENT_ID, event.reference());
        assertEquals(PAYMENT_ID, event.paymentReference());
        assertEquals(PAYMENT_ID, event.paymentId());
        assertEquals("ord_01ARZ3NDEKTSV4RRFFQ69G5FAV", event.orderId());
        assertEquals(Money.of(1990, "CNY"), event.amount());
        assertNull(event.refundId());
    }

    @Test
    void verify_ignoresRefundNotifications_evenTheClosingOfAFullyRefundedTrade() {
        Map<String, String> params = notification("TRADE_CLOSED");
        params.put("refund_fee", "19.90");
        params.put("out_biz_no", "rfd_01ARZ3NDEKTSV4RRFFQ69G5FAW");
        params.put("gmt_refund", "2026-12-06 11:59:58.123");

        PaymentEvent event = reader.verify(signed(params, StandardCharsets.UTF_8), FORM);

        assertEquals(Kind.IGNORED, event.kind());
        assertEquals("rfd_01ARZ3NDEKTSV4RRFFQ69G5FAW", event.refundId());
    }

    @Test
    void verify_ignoresAPartialRefundOfAPaidTrade() {
        Map<String, String> params = notification("TRADE_SUCCESS");
        params.put("refund_fee", "5.00");
        params.put("out_biz_no", "rfd_01ARZ3NDEKTSV4RRFFQ69G5FAW");

        assertEquals(Kind.IGNORED, reader.verify(signed(params, StandardCharsets.UTF_8), FORM).kind());
    }

    @Test
    void verify_refusesANotificationForAnotherApp() {
        Map<String, String> params = notification("TRADE_SUCCESS");
        params.put("app_id", "2021000000000999");

        var refused = assertThrows(WebhookSignatureException.class, () -> reader.verify(signed(params, StandardCharsets.UTF_8), FORM));
        assertTrue(refused.getMessage().contains("app 2021000000000999"), refused.getMessage());
    }

    @Test
    void verify_refusesANotificationForAnotherSeller_whenTheSellerIsConfigured() {
        Map<String, String> params = notification("TRADE_SUCCESS");
        params.put("seller_id", "2088000000000999");
        String payload = signed(params, StandardCharsets.UTF_8);

        assertThrows(WebhookSignatureException.class, () -> reader.verify(payload, FORM));
        assertEquals(Kind.PAYMENT_SUCCEEDED, readerFor(null).verify(payload, FORM).kind());
    }

    @Test
    void verify_refusesATamperedAmount() {
        String payload = signed(notification("TRADE_SUCCESS"), StandardCharsets.UTF_8).replace("total_amount=19.90", "total_amount=0.01");

        assertThrows(WebhookSignatureException.class, () -> reader.verify(payload, FORM));
    }

    @Test
    void verify_refusesAParameterAddedAfterSigning() {
        String payload = signed(notification("TRADE_SUCCESS"), StandardCharsets.UTF_8) + "&refund_fee=1.00";

        assertThrows(WebhookSignatureException.class, () -> reader.verify(payload, FORM));
    }

    @Test
    void verify_refusesASignatureByAnotherKey() {
        Map<String, String> params = new LinkedHashMap<>(notification("TRADE_SUCCESS"));
        params.put("sign_type", "RSA2");
        params.put("sign", AlipayRsa2.sign(AlipayRsa2.notificationContent(params), appKeys.getPrivate()));

        assertThrows(WebhookSignatureException.class, () -> reader.verify(form(params, StandardCharsets.UTF_8), FORM));
    }

    @Test
    void verify_refusesAnUnsignedNotification() {
        assertThrows(WebhookSignatureException.class,
                () -> reader.verify(form(notification("TRADE_SUCCESS"), StandardCharsets.UTF_8), FORM));
    }

    @Test
    void verify_refusesANotificationOlderThanTheResendWindow() {
        Map<String, String> params = notification("TRADE_SUCCESS");
        params.put("notify_time", "2026-12-05 09:59:59"); // 26 h and a second before now, Beijing time

        assertThrows(WebhookSignatureException.class, () -> reader.verify(signed(params, StandardCharsets.UTF_8), FORM));
    }

    @Test
    void verify_takesTheLastResendOfTheWindow() {
        Map<String, String> params = notification("TRADE_SUCCESS");
        params.put("notify_time", "2026-12-05 11:00:00"); // 25 h before now, Beijing time

        assertEquals(Kind.PAYMENT_SUCCEEDED, reader.verify(signed(params, StandardCharsets.UTF_8), FORM).kind());
    }

    @Test
    void verify_refusesANotifyTimeFarAhead_readAsBeijingTime() {
        Map<String, String> params = notification("TRADE_SUCCESS");
        params.put("notify_time", "2026-12-06 12:30:00"); // 30 min ahead in Beijing; hours behind if read as UTC

        assertThrows(WebhookSignatureException.class, () -> reader.verify(signed(params, StandardCharsets.UTF_8), FORM));
    }

    @Test
    void verify_decodesWithTheCharsetTheRequestNames() {
        Map<String, String> params = notification("TRADE_SUCCESS");
        params.put("charset", "GBK");
        Charset gbk = Charset.forName("GBK");

        PaymentEvent event = reader.verify(signed(params, gbk), Map.of("content-type", "application/x-www-form-urlencoded; charset=GBK"));

        assertEquals(Kind.PAYMENT_SUCCEEDED, event.kind());
        assertEquals(Kind.PAYMENT_SUCCEEDED, reader.read(signed(params, gbk)).kind());
    }

    @Test
    void read_needsNoKey() {
        String payload = signed(notification("TRADE_SUCCESS"), StandardCharsets.UTF_8);
        Supplier<AlipayConfig> noConfig = () -> {
            throw new AssertionError("read must not ask for the configuration");
        };

        PaymentEvent event = new AlipayPaymentEventReader(noConfig).read(payload);

        assertEquals(Kind.PAYMENT_SUCCEEDED, event.kind());
        assertEquals(Money.of(1990, "CNY"), event.amount());
    }

    @Test
    void read_refusesWhatIsNotATradeNotification() {
        assertThrows(ValidationException.class, () -> reader.read("{\"id\":\"evt_1\"}"));
        assertThrows(ValidationException.class, () -> reader.read(""));
    }

    @Test
    void read_keepsAForeignOutTradeNoAsTheReferenceOnly() {
        Map<String, String> params = notification("TRADE_SUCCESS");
        params.put("out_trade_no", "20261206-legacy-1");

        PaymentEvent event = reader.read(signed(params, StandardCharsets.UTF_8));

        assertEquals("20261206-legacy-1", event.reference());
        assertNull(event.paymentId());
        assertNull(event.orderId());
    }
}
