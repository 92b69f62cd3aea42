package dev.checkout.aws.payment.wechatpay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.checkout.domain.Money;
import dev.checkout.domain.PaymentEvent;
import dev.checkout.domain.PaymentEvent.Kind;
import dev.checkout.domain.ValidationException;
import dev.checkout.domain.WebhookSignatureException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Unit: WeChat Pay notifications, verified over the raw body, decrypted and read into payment events. */
@Tag("unit")
class WeChatPayEventReaderTest {
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final String OUT_TRADE_NO = "01JDZ8Q4K3M5N7P9R2T4V6X8Y0_1";
    private static final String REFUND_ID = "rfd_01JDZ8Q4K3M5N7P9R2T4V6X8Y1";
    private static final String PAID = TestMerchant.notification("EV-2018022511223320873", "TRANSACTION.SUCCESS", "transaction",
            TestMerchant.transaction(OUT_TRADE_NO, "SUCCESS", 1990), TestMerchant.API_V3_KEY);

    private final WeChatPayEventReader reader = new WeChatPayEventReader(TestMerchant::config, Clock.fixed(NOW, ZoneOffset.UTC));

    private static Map<String, String> signedAt(String body, long timestamp) {
        return TestMerchant.signedHeaders(body, TestMerchant.PLATFORM, TestMerchant.PLATFORM_KEY_ID, timestamp);
    }

    @Test
    void verify_readsAPaymentSuccess_withTheAmountInFenAndThePaymentFromOutTradeNo() {
        PaymentEvent event = reader.verify(PAID, signedAt(PAID, NOW.getEpochSecond()));

        assertEquals("wechatpay", event.provider());
        assertEquals("EV-2018022511223320873", event.eventId());
        assertEquals(Kind.PAYMENT_SUCCEEDED, event.kind());
        assertEquals("TRANSACTION.SUCCESS", event.providerType());
        assertEquals(OUT_TRADE_NO, event.reference());
        assertEquals(OUT_TRADE_NO, event.paymentReference());
        assertEquals("pay_" + OUT_TRADE_NO, event.paymentId());
        assertEquals("ord_01JDZ8Q4K3M5N7P9R2T4V6X8Y0", event.orderId());
        assertEquals(Money.of(1990, "CNY"), event.amount());
    }

    @Test
    void verify_readsARefundSuccess_withTheRefundAsReferenceAndTheRefundedAmount() {
        String body = TestMerchant.notification("EV-REFUND-1", "REFUND.SUCCESS", "refund",
                TestMerchant.refund(OUT_TRADE_NO, REFUND_ID, "SUCCESS", 500, 1990), TestMerchant.API_V3_KEY);

        PaymentEvent event = reader.verify(body, signedAt(body, NOW.getEpochSecond()));

        assertEquals(Kind.REFUND_SUCCEEDED, event.kind());
        assertEquals(REFUND_ID, event.reference());
        assertEquals(OUT_TRADE_NO, event.paymentReference());
        assertEquals(REFUND_ID, event.refundId());
        assertEquals("pay_" + OUT_TRADE_NO, event.paymentId());
        assertEquals(Money.of(500, "CNY"), event.amount());
    }

    @Test
    void verify_readsAnAbnormalOrClosedRefund_asAFailedRefund() {
        for (String type : new String[] {"REFUND.ABNORMAL", "REFUND.CLOSED"}) {
            String status = type.substring("REFUND.".length());
            String body = TestMerchant.notification("EV-" + status, type, "refund",
                    TestMerchant.refund(OUT_TRADE_NO, REFUND_ID, status, 500, 1990), TestMerchant.API_V3_KEY);

            PaymentEvent event = reader.verify(body, signedAt(body, NOW.getEpochSecond()));

            assertEquals(Kind.REFUND_FAILED, event.kind(), type);
            assertEquals(status, event.code());
        }
    }

    @Test
    void verify_readsOtherNotifications_asIgnored() {
        String body = TestMerchant.notification("EV-OTHER", "TRANSACTION.PAYERROR", "transaction",
                TestMerchant.transaction(OUT_TRADE_NO, "PAYERROR", 1990), TestMerchant.API_V3_KEY);

        assertEquals(Kind.IGNORED, reader.verify(body, signedAt(body, NOW.getEpochSecond())).kind());
    }

    @Test
    void verify_refusesAProbeSignature() {
        Map<String, String> headers = new HashMap<>(signedAt(PAID, NOW.getEpochSecond()));
        headers.put("wechatpay-signature", "WECHATPAY/SIGNTEST/" + headers.get("wechatpay-signature"));

        assertThrows(WebhookSignatureException.class, () -> reader.verify(PAID, headers));
    }

    @Test
    void verify_refusesATimestampMoreThanFiveMinutesOld_orAhead() {
        assertThrows(WebhookSignatureException.class, () -> reader.verify(PAID, signedAt(PAID, NOW.getEpochSecond() - 301)));
        assertThrows(WebhookSignatureException.class, () -> reader.verify(PAID, signedAt(PAID, NOW.getEpochSecond() + 301)));
        assertEquals(Kind.PAYMENT_SUCCEEDED, reader.verify(PAID, signedAt(PAID, NOW.getEpochSecond() - 300)).kind());
    }

    @Test
    void verify_refusesAnotherKey_anUnknownSerial_aMissingHeader_andAnAlteredBody() {
        Map<String, String> otherKey = TestMerchant.signedHeaders(PAID, TestMerchant.MERCHANT, TestMerchant.PLATFORM_KEY_ID, NOW.getEpochSecond());
        Map<String, String> otherSerial = TestMerchant.signedHeaders(PAID, TestMerchant.PLATFORM, "PUB_KEY_ID_OTHER", NOW.getEpochSecond());
        Map<String, String> noNonce = new HashMap<>(signedAt(PAID, NOW.getEpochSecond()));
        noNonce.remove("wechatpay-nonce");

        assertThrows(WebhookSignatureException.class, () -> reader.verify(PAID, otherKey));
        assertThrows(WebhookSignatureException.class, () -> reader.verify(PAID, otherSerial));
        assertThrows(WebhookSignatureException.class, () -> reader.verify(PAID, noNonce));
        assertThrows(WebhookSignatureException.class, () -> reader.verify(PAID + " ", signedAt(PAID, NOW.getEpochSecond())));
    }

    @Test
    void verify_refusesAResourceEncryptedWithAnotherKey_evenWhenSigned() {
        String body = TestMerchant.notification("EV-X", "TRANSACTION.SUCCESS", "transaction",
                TestMerchant.transaction(OUT_TRADE_NO, "SUCCESS", 1990), "b7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb");

        assertThrows(WebhookSignatureException.class, () -> reader.verify(body, signedAt(body, NOW.getEpochSecond())));
    }

    @Test
    void verify_refusesANotificationForAnotherMerchantOrApp() {
        var otherMerchant = TestMerchant.transaction(OUT_TRADE_NO, "SUCCESS", 1990).put("mchid", "1900000999");
        var otherApp = TestMerchant.transaction(OUT_TRADE_NO, "SUCCESS", 1990).put("appid", "wx0000000000000000");
        String first = TestMerchant.notification("EV-M", "TRANSACTION.SUCCESS", "transaction", otherMerchant, TestMerchant.API_V3_KEY);
        String second = TestMerchant.notification("EV-A", "TRANSACTION.SUCCESS", "transaction", otherApp, TestMerchant.API_V3_KEY);

        assertThrows(WebhookSignatureException.class, () -> reader.verify(first, signedAt(first, NOW.getEpochSecond())));
        assertThrows(WebhookSignatureException.class, () -> reader.verify(second, signedAt(second, NOW.getEpochSecond())));
    }

    @Test
    void verify_refusesABodyThatIsNotANotification() {
        String body = "{\"id\":\"x\",\"resource_type\":\"plain\"}";

        assertThrows(ValidationException.class, () -> reader.verify(body, signedAt(body, NOW.getEpochSecond())));
    }

    @Test
    void read_decryptsTheStoredBodyAgain_withoutHeaders() {
        PaymentEvent event = reader.read(PAID);

        assertEquals(Kind.PAYMENT_SUCCEEDED, event.kind());
        assertEquals(Money.of(1990, "CNY"), event.amount());
    }

    @Test
    void configuration_isAskedForOnFirstUse_notOnConstruction() {
        AtomicInteger asked = new AtomicInteger();
        WeChatPayEventReader lazy = new WeChatPayEventReader(() -> {
            asked.incrementAndGet();
            return TestMerchant.config();
        });

        assertEquals(0, asked.get());
        assertEquals("wechatpay", lazy.provider());
        assertEquals(0, asked.get());
    }

    @Test
    void read_leavesThePaymentIdOut_whenOutTradeNoIsNotOneTheCheckoutMade() {
        String body = TestMerchant.notification("EV-F", "TRANSACTION.SUCCESS", "transaction",
                TestMerchant.transaction("FOREIGN-ORDER-1", "SUCCESS", 100), TestMerchant.API_V3_KEY);

        PaymentEvent event = reader.read(body);

        assertEquals("FOREIGN-ORDER-1", event.reference());
        assertNull(event.paymentId());
        assertNull(event.orderId());
    }
}
