package dev.checkout.domain;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("unit")
class PaymentMethodTest {

    @ParameterizedTest
    @ValueSource(strings = {"pm_card_visa", "alipay:qr", "alipay:page", "wechatpay:native"})
    void theStoredForm_readsBackAsTheSameMethod(String stored) {
        assertEquals(stored, PaymentMethod.parse(stored).stored());
    }

    @Test
    void aBareToken_isAStripeCard_asOrdersPlacedBeforePlatformsWereChosenStoredIt() {
        assertEquals(PaymentMethod.card("pm_card_visa"), PaymentMethod.parse("pm_card_visa"));
        assertEquals("stripe", PaymentMethod.parse("pm_card_visa").platform());
    }

    @ParameterizedTest
    @ValueSource(strings = {"paypal:wallet", "alipay:card", "wechatpay:jsapi", "stripe:card", "card_4242", "pm_", "alipay:"})
    void aWayToPayThatNoPlatformHas_isRefused(String stored) {
        assertThrows(ValidationException.class, () -> PaymentMethod.parse(stored));
    }

    @Test
    void aliPayAndWeChatPay_takeYuanOnly_andStripeTakesTheCatalogsCurrency() {
        Money dollars = Money.of(1250, "USD");
        Money yuan = Money.of(8800, "CNY");

        assertThrows(ValidationException.class, () -> PaymentMethod.parse("alipay:qr").requireAccepts(dollars));
        assertThrows(ValidationException.class, () -> PaymentMethod.parse("wechatpay:native").requireAccepts(dollars));
        assertDoesNotThrow(() -> PaymentMethod.parse("alipay:page").requireAccepts(yuan));
        assertDoesNotThrow(() -> PaymentMethod.parse("wechatpay:native").requireAccepts(yuan));
        assertDoesNotThrow(() -> PaymentMethod.card("pm_card_visa").requireAccepts(dollars));
        assertDoesNotThrow(() -> PaymentMethod.card("pm_card_visa").requireAccepts(yuan));
    }

    @Test
    void aWalletMethod_takesNoToken() {
        assertThrows(ValidationException.class, () -> new PaymentMethod("alipay", "qr", "pm_card_visa"));
    }

    @Test
    void aWaitingPayment_carriesItsNextAction_untilItIsFinal() {
        PaymentId id = PaymentId.of(OrderId.of("ord_01J0000000000000000000000A"), 1);
        java.time.Instant now = java.time.Instant.parse("2026-12-05T10:00:00Z");
        Payment pending = Payment.pending(id, "alipay", Money.of(8800, "CNY"), "alipay:qr", "token", now)
                .awaiting(NextAction.qrCode("https://qr.alipay.com/bax01"));

        assertEquals("https://qr.alipay.com/bax01", pending.nextAction().qrCode());
        assertEquals(null, pending.succeed(now).nextAction());
        assertEquals(null, pending.succeed(now).awaiting(NextAction.qrCode("https://qr.alipay.com/late")).nextAction());
    }
}
