package dev.checkout.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.application.PlaceOrder;
import dev.checkout.application.RefundOrder;
import dev.checkout.port.PaymentProvider;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Unit tier: text that reaches storage is valid Unicode, checked by every value object that holds free text. */
@Tag("unit")
class TextTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final OrderId ORDER = OrderId.of("ord_01JDZ8Q4K3M5N7P9R2T4V6X8Y0");
    private static final PaymentId PAYMENT = PaymentId.of(ORDER, 1);
    private static final Money AMOUNT = Money.of(1250, "USD");

    @ParameterizedTest
    @ValueSource(strings = {"", "plain ASCII", "Grüße, 東京", "a mug \uD83C\uDF75 of tea", "\uD83D\uDE00", "\uFFFD"})
    void isValid_acceptsWellFormedText_includingSurrogatePairs(String text) {
        assertTrue(Text.isValid(text));
        assertEquals(text, Text.requireValid(text, "name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uD800", "evt_\uD800x", "\uDC00", "x\uDFFF", "\uDC00\uD800", "end\uD83D", "\uD83D\uD83D\uDE00\uDE00"})
    void isValid_refusesUnpairedSurrogates_wherever_theyAre(String text) {
        assertFalse(Text.isValid(text));
        ValidationException refused = assertThrows(ValidationException.class, () -> Text.requireValid(text, "name"));
        assertTrue(refused.getMessage().startsWith("name must be valid Unicode"), refused.getMessage());
        assertTrue(Text.isValid(refused.getMessage()), "the message does not quote the text back");
    }

    @Test
    void isValid_acceptsNull_asAbsentText() {
        assertTrue(Text.isValid(null));
        assertEquals(null, Text.requireValid(null, "reason"));
    }

    /** Every constructor that takes free text, with an unpaired surrogate in that text. */
    static Stream<Arguments> valueObjectsWithInvalidText() {
        String bad = "x\uD800";
        List<OrderLine> lines = List.of(new OrderLine(Sku.of("MUG-01"), 1, AMOUNT));
        return Stream.of(
                Arguments.of("Product name", (Executable) () -> new Product(Sku.of("MUG-01"), bad, AMOUNT, 1, 0, 0)),
                Arguments.of("Refund reason", (Executable) () -> Refund.pending(RefundId.of("rfd_01JDZ9B2C3D4E5F6G7H8J9K0M1"), ORDER, PAYMENT, "stripe", AMOUNT, bad, NOW)),
                Arguments.of("Refund provider reference", (Executable) () -> Refund.pending(RefundId.of("rfd_01JDZ9B2C3D4E5F6G7H8J9K0M1"), ORDER, PAYMENT, "stripe", AMOUNT, "ok", NOW)
                        .withProviderReference(bad, NOW)),
                Arguments.of("RefundOrder reason", (Executable) () -> new RefundOrder.Command(ORDER, null, bad, "key-1")),
                Arguments.of("RefundOrder Idempotency-Key", (Executable) () -> new RefundOrder.Command(ORDER, null, "damaged", bad)),
                Arguments.of("PlaceOrder Idempotency-Key", (Executable) () -> new PlaceOrder.Command(UserId.of("alice"), List.of(), PaymentMethod.card("pm_card_visa"), bad, "hash")),
                Arguments.of("UserId", (Executable) () -> UserId.of(bad)),
                Arguments.of("Order payment method", (Executable) () -> Order.place(ORDER, UserId.of("alice"), lines, bad, NOW)),
                Arguments.of("Order status reason", (Executable) () -> Order.place(ORDER, UserId.of("alice"), lines, "pm_card_visa", NOW).cancel(bad, NOW)),
                Arguments.of("Payment provider reference", (Executable) () -> Payment.pending(PAYMENT, "stripe", AMOUNT, "pm_card_visa", "token", NOW)
                        .withProviderReference(bad, NOW)),
                Arguments.of("Payment method", (Executable) () -> Payment.pending(PAYMENT, "stripe", AMOUNT, bad, "token", NOW)),
                Arguments.of("Payment task token", (Executable) () -> Payment.pending(PAYMENT, "stripe", AMOUNT, "pm_card_visa", bad, NOW)),
                Arguments.of("Payment failure code", (Executable) () -> Payment.pending(PAYMENT, "stripe", AMOUNT, "pm_card_visa", "token", NOW).fail(bad, NOW)),
                Arguments.of("IdempotencyRecord key", (Executable) () -> new IdempotencyRecord(bad, "hash", ORDER.value(), NOW, NOW)),
                Arguments.of("PaymentEvent id", (Executable) () -> event(bad, "payment_intent.succeeded", "pi_1", null)),
                Arguments.of("PaymentEvent type", (Executable) () -> event("evt_1", bad, "pi_1", null)),
                Arguments.of("PaymentEvent reference", (Executable) () -> event("evt_1", "payment_intent.succeeded", bad, null)),
                Arguments.of("PaymentEvent code", (Executable) () -> event("evt_1", "payment_intent.payment_failed", "pi_1", bad)),
                Arguments.of("PaymentEvent orderId", (Executable) () -> new PaymentEvent("stripe", "evt_1", PaymentEvent.Kind.IGNORED, "t", null, null, bad, null, null, null)),
                Arguments.of("PaymentEvent paymentId", (Executable) () -> new PaymentEvent("stripe", "evt_1", PaymentEvent.Kind.IGNORED, "t", null, null, null, bad, null, null)),
                Arguments.of("PaymentEvent refundId", (Executable) () -> new PaymentEvent("stripe", "evt_1", PaymentEvent.Kind.IGNORED, "t", null, null, null, null, bad, null)),
                Arguments.of("ProviderPayment reference", (Executable) () -> new PaymentProvider.ProviderPayment(bad, PaymentProvider.Status.SUCCEEDED, AMOUNT, null)),
                Arguments.of("ProviderRefund failure reason", (Executable) () -> new PaymentProvider.ProviderRefund("re_1", PaymentProvider.Status.FAILED, AMOUNT, bad)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueObjectsWithInvalidText")
    void valueObjects_refuseText_withAnUnpairedSurrogate(String what, Executable construct) {
        assertThrows(ValidationException.class, construct);
    }

    private static PaymentEvent event(String id, String type, String reference, String code) {
        return new PaymentEvent("stripe", id, PaymentEvent.Kind.PAYMENT_SUCCEEDED, type, reference, reference, ORDER.value(), PAYMENT.value(), null, code);
    }
}
