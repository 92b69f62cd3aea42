package dev.checkout.local.payments;

import com.stripe.StripeClient;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.StripeObject;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signed, asynchronous webhooks, verified and parsed by stripe-java exactly as the production adapter does. */
@Tag("unit")
class WebhookDeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private WebhookReceiver receiver;
    private PaymentSimulator sim;
    private StripeClient stripe;

    @BeforeEach
    void start() throws Exception {
        receiver = new WebhookReceiver();
        sim = PaymentSimulator.start(PaymentSimulatorConfig.forTests().withWebhookEndpoint(receiver.url()));
        stripe = StripeClient.builder().setApiKey("sk_test_simulator").setApiBase(sim.baseUrl()).build();
    }

    @AfterEach
    void stop() {
        sim.close();
        receiver.close();
    }

    private PaymentIntent pay(String paymentMethod, String key) throws Exception {
        return stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                        .setAmount(1999L).setCurrency("usd").setPaymentMethod(paymentMethod).setConfirm(true)
                        .putMetadata("order_id", "o-42").build(),
                RequestOptions.builder().setIdempotencyKey(key).build());
    }

    private Event verify(WebhookReceiver.Received received) throws SignatureVerificationException {
        return Webhook.constructEvent(received.payload(), received.signature(), sim.webhookSecret(), 300);
    }

    private List<Event> verifiedEvents(List<WebhookReceiver.Received> received) throws Exception {
        List<Event> events = new java.util.ArrayList<>();
        for (WebhookReceiver.Received r : received) {
            events.add(verify(r));
        }
        return events;
    }

    private static List<String> types(List<Event> events) {
        return events.stream().map(Event::getType).toList();
    }

    @Test
    void successfulPayment_sendsASignedEvent_thatStripeJavaVerifiesAndDeserializes() throws Exception {
        PaymentIntent intent = pay("pm_card_visa", "order-o-42");

        WebhookReceiver.Received received = receiver.await(r -> !r.isEmpty(), WAIT).get(0);
        Event event = verify(received);

        assertEquals("payment_intent.succeeded", event.getType());
        assertTrue(event.getId().startsWith("evt_"));
        assertEquals(com.stripe.Stripe.API_VERSION, event.getApiVersion());
        assertEquals("order-o-42", event.getRequest().getIdempotencyKey());
        StripeObject object = event.getDataObjectDeserializer().getObject().orElseThrow();
        PaymentIntent delivered = assertInstanceOf(PaymentIntent.class, object);
        assertEquals(intent.getId(), delivered.getId());
        assertEquals("succeeded", delivered.getStatus());
        assertEquals("o-42", delivered.getMetadata().get("order_id"));
    }

    @Test
    void signature_failsVerification_withAnotherSecret() throws Exception {
        pay("pm_card_visa", "k-1");
        WebhookReceiver.Received received = receiver.await(r -> !r.isEmpty(), WAIT).get(0);

        assertThrows(SignatureVerificationException.class, () -> Webhook.constructEvent(received.payload(),
                received.signature(), "whsec_someoneElses", 300));
    }

    @Test
    void decline_sendsPaymentFailed() throws Exception {
        assertThrows(com.stripe.exception.CardException.class, () -> pay("pm_card_chargeDeclined", "k-2"));

        Event event = verify(receiver.await(r -> !r.isEmpty(), WAIT).get(0));

        assertEquals("payment_intent.payment_failed", event.getType());
        PaymentIntent intent = (PaymentIntent) event.getDataObjectDeserializer().getObject().orElseThrow();
        assertEquals("generic_decline", intent.getLastPaymentError().getDeclineCode());
        assertEquals("o-42", intent.getMetadata().get("order_id"));
    }

    @Test
    void authentication_sendsRequiresAction_thenSucceededOnceConfirmed() throws Exception {
        PaymentIntent intent = pay("pm_card_authenticationRequired", "k-3");
        receiver.await(r -> r.size() == 1, WAIT);

        sim.completeAuthentication(intent.getId());

        List<Event> events = verifiedEvents(receiver.await(r -> r.size() == 2, WAIT));
        assertEquals(List.of("payment_intent.requires_action", "payment_intent.succeeded"), types(events));
    }

    @Test
    void cancellation_sendsCanceled() throws Exception {
        PaymentIntent intent = pay("pm_card_authenticationRequired", "k-4");
        stripe.v1().paymentIntents().cancel(intent.getId());

        List<Event> events = verifiedEvents(receiver.await(r -> r.size() == 2, WAIT));

        assertEquals(List.of("payment_intent.requires_action", "payment_intent.canceled"), types(events));
    }

    @Test
    void refund_sendsCreatedChargeRefundedAndUpdated_withTheRefundsMetadata() throws Exception {
        PaymentIntent intent = pay("pm_card_visa", "k-5");
        Refund refund = stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(intent.getId())
                .setAmount(500L).putMetadata("refund_id", "r-9").build());

        List<Event> events = verifiedEvents(receiver.await(r -> r.size() == 4, WAIT));

        assertEquals(List.of("payment_intent.succeeded", "refund.created", "charge.refunded", "refund.updated"),
                types(events));
        Refund updated = (Refund) events.get(3).getDataObjectDeserializer().getObject().orElseThrow();
        assertEquals(refund.getId(), updated.getId());
        assertEquals("succeeded", updated.getStatus());
        assertEquals("r-9", updated.getMetadata().get("refund_id"));
    }

    @Test
    void failingRefund_sendsUpdatedAndFailed() throws Exception {
        PaymentIntent intent = pay("pm_card_refundFail", "k-6");
        stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(intent.getId()).build());

        List<Event> events = verifiedEvents(receiver.await(r -> r.size() == 5, WAIT));

        assertEquals(List.of("payment_intent.succeeded", "refund.created", "charge.refunded", "refund.updated",
                "refund.failed"), types(events));
        Refund failed = (Refund) events.get(4).getDataObjectDeserializer().getObject().orElseThrow();
        assertEquals("failed", failed.getStatus());
    }

    @Test
    void endpointAnsweringNon2xx_getsTheEventAgain_untilItAccepts() throws Exception {
        receiver.respondWith(500, 503);
        pay("pm_card_visa", "k-7");

        List<WebhookReceiver.Received> received = receiver.await(r -> r.size() == 3, WAIT);

        assertEquals(verify(received.get(0)).getId(), verify(received.get(2)).getId());
        List<DeliveryAttempt> attempts = sim.awaitDelivered("payment_intent.succeeded", 1, WAIT);
        assertEquals(List.of(DeliveryOutcome.FAILED, DeliveryOutcome.FAILED, DeliveryOutcome.DELIVERED),
                attempts.stream().map(DeliveryAttempt::outcome).toList());
        assertEquals(List.of(500, 503, 200), attempts.stream().map(DeliveryAttempt::httpStatus).toList());
        assertEquals(List.of(1, 2, 3), attempts.stream().map(DeliveryAttempt::attempt).toList());
    }

    @Test
    void retries_stopAfterTheConfiguredNumberOfAttempts() throws Exception {
        receiver.close();
        sim.close();
        receiver = new WebhookReceiver().respondWith(500, 500, 500, 500);
        sim = PaymentSimulator.start(PaymentSimulatorConfig.forTests().withWebhookEndpoint(receiver.url())
                .withWebhookMaxAttempts(2));
        stripe = StripeClient.builder().setApiKey("sk_test_simulator").setApiBase(sim.baseUrl()).build();
        pay("pm_card_visa", "k-8");

        sim.awaitQuiet(WAIT);

        List<DeliveryAttempt> attempts = sim.deliveries();
        assertEquals(2, attempts.size());
        assertTrue(attempts.get(0).willRetry());
        assertEquals(false, attempts.get(1).willRetry());
    }

    @Test
    void unreachableEndpoint_isRecordedAsFailedAttempts() throws Exception {
        receiver.close();
        sim.setWebhookEndpoint(receiver.url());
        pay("pm_card_visa", "k-9");

        List<DeliveryAttempt> attempts = sim.awaitDeliveries(a -> a.size() >= 2, WAIT);

        assertEquals(DeliveryOutcome.FAILED, attempts.get(0).outcome());
        assertEquals(0, attempts.get(0).httpStatus());
    }

    @Test
    void events_areRecorded_evenWithoutAnEndpoint() throws Exception {
        sim.setWebhookEndpoint(null);
        pay("pm_card_visa", "k-10");

        List<SimulatedEvent> events = sim.awaitEvents(e -> e.stream()
                .anyMatch(ev -> ev.type().equals("payment_intent.succeeded")), WAIT);

        assertTrue(events.stream().anyMatch(e -> e.type().equals("payment_intent.created")));
        sim.awaitQuiet(WAIT);
        assertTrue(receiver.received().isEmpty());
    }

    @Test
    void newSecret_setAtRuntime_signsTheFollowingEvents() throws Exception {
        String secret = PaymentSimulatorConfig.randomSecret();
        sim.setWebhookEndpoint(receiver.url(), secret);
        pay("pm_card_visa", "k-11");

        WebhookReceiver.Received received = receiver.await(r -> !r.isEmpty(), WAIT).get(0);

        assertEquals("payment_intent.succeeded",
                Webhook.constructEvent(received.payload(), received.signature(), secret, 300).getType());
    }
}
