package dev.checkout.aws.payment.wechatpay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.aws.lambda.Json;
import dev.checkout.domain.Money;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.ValidationException;
import dev.checkout.port.PaymentProvider.ProviderPayment;
import dev.checkout.port.PaymentProvider.ProviderRefund;
import dev.checkout.port.PaymentProvider.Status;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Unit: WeChat Pay's trade and refund states in the port's terms, out_trade_no and payment ids, amounts, settings. */
@Tag("unit")
class WeChatPayProviderMappingTest {

    @ParameterizedTest
    @CsvSource({"SUCCESS,SUCCEEDED", "REFUND,SUCCEEDED", "NOTPAY,PENDING", "USERPAYING,PENDING", "ACCEPT,PENDING", "CLOSED,CANCELED",
            "REVOKED,CANCELED", "PAYERROR,FAILED"})
    void payment_mapsTheTradeState(String tradeState, Status expected) {
        var trade = Json.parse("{\"trade_state\":\"" + tradeState + "\",\"amount\":{\"total\":1990,\"currency\":\"CNY\"}}");

        ProviderPayment payment = WeChatPayProvider.payment("01JDZ8Q4K3M5N7P9R2T4V6X8Y0_1", trade);

        assertEquals(expected, payment.status());
        assertEquals(Money.of(1990, "CNY"), payment.amount());
        assertEquals(expected == Status.FAILED ? "PAYERROR" : null, payment.failureCode());
    }

    @Test
    void payment_refusesATradeStateItDoesNotKnow() {
        assertThrows(IllegalStateException.class, () -> WeChatPayProvider.payment("A1B2C3D4", Json.parse("{\"trade_state\":\"ODD\"}")));
    }

    @ParameterizedTest
    @CsvSource({"SUCCESS,SUCCEEDED", "PROCESSING,PENDING", "CLOSED,FAILED", "ABNORMAL,FAILED"})
    void refund_mapsTheRefundStatus(String status, Status expected) {
        var answer = Json.parse("{\"status\":\"" + status + "\",\"amount\":{\"refund\":500,\"total\":1990,\"currency\":\"CNY\"}}");

        ProviderRefund refund = WeChatPayProvider.refund("rfd_01JDZ8Q4K3M5N7P9R2T4V6X8Y1", answer);

        assertEquals(expected, refund.status());
        assertEquals(Money.of(500, "CNY"), refund.amount());
        assertEquals(expected == Status.FAILED ? status : null, refund.failureReason());
    }

    @Test
    void outTradeNo_isThePaymentIdWithoutItsPrefix_within32Characters_andMapsBack() {
        PaymentId longest = PaymentId.of("pay_01JDZ8Q4K3M5N7P9R2T4V6X8Y0_9999");

        String outTradeNo = WeChatPayProvider.outTradeNo(longest);

        assertEquals("01JDZ8Q4K3M5N7P9R2T4V6X8Y0_9999", outTradeNo);
        assertTrue(outTradeNo.length() <= 32);
        assertEquals(Optional.of(longest), WeChatPayProvider.paymentId(outTradeNo));
        assertEquals(Optional.empty(), WeChatPayProvider.paymentId("someone-elses-order"));
        assertEquals(Optional.empty(), WeChatPayProvider.paymentId(null));
    }

    @Test
    void fen_takesCnyFrom1Fen_andRefusesOtherCurrenciesZeroAndAmountsBeyondAnInt() {
        assertEquals(1, WeChatPayProvider.fen(Money.of(1, "CNY")));
        assertEquals(Integer.MAX_VALUE, WeChatPayProvider.fen(Money.of(Integer.MAX_VALUE, "CNY")));
        assertThrows(ValidationException.class, () -> WeChatPayProvider.fen(Money.of(100, "USD")));
        assertThrows(ValidationException.class, () -> WeChatPayProvider.fen(Money.of(0, "CNY")));
        assertThrows(ValidationException.class, () -> WeChatPayProvider.fen(Money.of(Integer.MAX_VALUE + 1L, "CNY")));
    }

    @Test
    void money_readsFen_withCnyWhenTheCurrencyIsNotStated_andNothingWhenTheAmountIsNot() {
        assertEquals(Money.of(500, "CNY"), WeChatPayProvider.money(Json.parse("500"), Json.parse("null")));
        assertNull(WeChatPayProvider.money(Json.parse("\"5.00\""), Json.parse("\"CNY\"")));
        assertNull(WeChatPayProvider.money(Json.parse("5.5"), Json.parse("\"CNY\"")));
    }

    @Test
    void config_readsKeysFromPemOrBareBase64_andNeverPrintsThem() {
        String privatePem = pem("PRIVATE KEY", TestMerchant.MERCHANT.getPrivate().getEncoded());
        String publicBase64 = java.util.Base64.getEncoder().encodeToString(TestMerchant.PLATFORM.getPublic().getEncoded());

        WeChatPayConfig config = WeChatPayConfig.of("1900000109", "wxd678efh567hg6787", "SERIAL", privatePem,
                TestMerchant.API_V3_KEY, "PUB_KEY_ID_1", publicBase64, "https://shop.example/webhooks/wechatpay");

        assertEquals(TestMerchant.MERCHANT.getPrivate(), config.merchantPrivateKey());
        assertEquals(TestMerchant.PLATFORM.getPublic(), config.platformPublicKey());
        assertEquals(URI.create("https://api.mch.weixin.qq.com"), config.baseUri());
        assertTrue(!config.toString().contains(TestMerchant.API_V3_KEY) && !config.toString().contains("PRIVATE"));
    }

    @Test
    void config_refusesAnApiV3KeyThatIsNot32Bytes_aPkcs1Key_andANotifyUrlWithAQuery() {
        String privatePem = pem("PRIVATE KEY", TestMerchant.MERCHANT.getPrivate().getEncoded());
        String publicPem = pem("PUBLIC KEY", TestMerchant.PLATFORM.getPublic().getEncoded());

        assertThrows(ValidationException.class, () -> WeChatPayConfig.of("1", "wx", "S", privatePem, "short", "PUB_KEY_ID_1", publicPem,
                "https://shop.example/n"));
        assertThrows(ValidationException.class, () -> WeChatPayConfig.of("1", "wx", "S", "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----",
                TestMerchant.API_V3_KEY, "PUB_KEY_ID_1", publicPem, "https://shop.example/n"));
        assertThrows(ValidationException.class, () -> WeChatPayConfig.of("1", "wx", "S", privatePem, TestMerchant.API_V3_KEY,
                "PUB_KEY_ID_1", publicPem, "https://shop.example/n?x=1"));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
