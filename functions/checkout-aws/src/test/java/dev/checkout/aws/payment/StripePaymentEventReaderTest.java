package dev.checkout.aws.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.aws.testing.ApiEvent;
import dev.checkout.aws.testing.LocalPayments;
import dev.checkout.domain.PaymentEvent;
import dev.checkout.domain.ValidationException;
import dev.checkout.domain.WebhookSignatureException;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Unit: the webhook signature check (stripe-java's {@code Webhook.Signature}) and what is read from
 * the event, on the body of {@code events/stripe-webhook-payment-succeeded.json}.
 */
@Tag("unit")
class StripePaymentEventReaderTest {
    private static final String SECRET = "whsec_test_reader";
    private static final String PAYLOAD = ApiEvent.from("stripe-webhook-payment-succeeded.json").json().path("body").asText();

    private final StripePaymentEventReader reader = new StripePaymentEventReader(() -> SECRET);

    @Test
    void verify_readsTheEvent_whenTheSignatureMatches() {
        PaymentEvent event = reader.verify(PAYLOAD, signedNow(PAYLOAD));

        assertEquals("evt_1QexamplePaymentSucceeded", event.eventId());
        assertEquals(PaymentEvent.Kind.PAYMENT_SUCCEEDED, event.kind());
        assertEquals("pi_3QexampleSucceeded", event.reference());
        assertEquals("ord_01JDZ8Q4K3M5N7P9R2T4V6X8Y0", event.orderId());
        assertEquals("pay_01JDZ8Q4K3M5N7P9R2T4V6X8Y0_1", event.paymentId());
    }

    @Test
    void verify_refusesTheEvent_whenSignedWithAnotherSecret() {
        long now = Instant.now().getEpochSecond();
        var headers = Map.of("stripe-signature", LocalPayments.stripeSignature(PAYLOAD, "whsec_test_someone_else", now));

        assertThrows(WebhookSignatureException.class, () -> reader.verify(PAYLOAD, headers));
    }

    @Test
    void verify_refusesTheEvent_whenTheSignatureIsOutsideTheTolerance() {
        long old = Instant.now().getEpochSecond() - StripePaymentEventReader.TOLERANCE_SECONDS - 60;
        var headers = Map.of("stripe-signature", LocalPayments.stripeSignature(PAYLOAD, SECRET, old));

        assertThrows(WebhookSignatureException.class, () -> reader.verify(PAYLOAD, headers));
    }

    @Test
    void verify_refusesTheEvent_whenTheSignatureIsFurtherInTheFutureThanTheTolerance() {
        long ahead = Instant.now().getEpochSecond() + StripePaymentEventReader.TOLERANCE_SECONDS + 60;
        var headers = Map.of("stripe-signature", LocalPayments.stripeSignature(PAYLOAD, SECRET, ahead));

        assertThrows(WebhookSignatureException.class, () -> reader.verify(PAYLOAD, headers));
    }

    @Test
    void verify_acceptsAClockSlightlyAhead_withinTheTolerance() {
        long ahead = Instant.now().getEpochSecond() + 60;

        assertEquals("evt_1QexamplePaymentSucceeded", reader.verify(PAYLOAD, Map.of("stripe-signature", LocalPayments.stripeSignature(PAYLOAD, SECRET, ahead))).eventId());
    }

    @Test
    void verify_refusesAMalformedSignatureHeader() {
        var headers = Map.of("stripe-signature", "t=yesterday,v1=00");

        assertThrows(WebhookSignatureException.class, () -> reader.verify(PAYLOAD, headers));
    }

    @Test
    void verify_refusesASignedBodyThatIsNotAnEventObject() {
        assertThrows(ValidationException.class, () -> reader.verify("[1,2]", signedNow("[1,2]")));
        assertThrows(ValidationException.class, () -> reader.verify("{\"id\":", signedNow("{\"id\":")));
    }

    /** A lone surrogate, written as JSON writes it, in each part of the fixture's event: read or not, value or key. */
    static Stream<Arguments> eventsWithAnUnpairedSurrogate() {
        return Stream.of(
                Arguments.of("the event id", "\"evt_1QexamplePaymentSucceeded\"", "\"evt_\\ud800\""),
                Arguments.of("the type", "\"payment_intent.succeeded\"", "\"payment_intent.succeeded\\udc00\""),
                Arguments.of("the payment intent id", "\"pi_3QexampleSucceeded\"", "\"pi_\\udbff\""),
                Arguments.of("the orderId metadata", "\"ord_01JDZ8Q4K3M5N7P9R2T4V6X8Y0\"", "\"ord_\\ud800\""),
                Arguments.of("a field the checkout does not read", "\"2026-07-29.dahlia\"", "\"\\ud800\""),
                Arguments.of("a key", "\"livemode\"", "\"live\\udfffmode\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventsWithAnUnpairedSurrogate")
    void verify_refusesASignedEvent_holdingAnUnpairedSurrogateAnywhere(String where, String original, String replacement) {
        String payload = PAYLOAD.replace(original, replacement);

        ValidationException refused = assertThrows(ValidationException.class, () -> reader.verify(payload, signedNow(payload)));
        assertTrue(refused.getMessage().contains("must be valid Unicode"), refused.getMessage());
    }

    private static Map<String, String> signedNow(String payload) {
        return Map.of("stripe-signature", LocalPayments.stripeSignature(payload, SECRET, Instant.now().getEpochSecond()));
    }
}
