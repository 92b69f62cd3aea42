package dev.checkout.local.payments;

import com.stripe.StripeClient;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.PaymentIntentCreateParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Duplicate, out-of-order, dropped and lost webhook deliveries, and redelivery. */
@Tag("unit")
class EventFaultTest {
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
                        .setAmount(1999L).setCurrency("usd").setPaymentMethod(paymentMethod).setConfirm(true).build(),
                RequestOptions.builder().setIdempotencyKey(key).build());
    }

    private List<Event> verified(List<WebhookReceiver.Received> received) throws Exception {
        List<Event> events = new ArrayList<>();
        for (WebhookReceiver.Received r : received) {
            events.add(Webhook.constructEvent(r.payload(), r.signature(), sim.webhookSecret(), 300));
        }
        return events;
    }

    @Test
    void duplicateEvents_sendsTheSameEventSeveralTimes() throws Exception {
        sim.faults().duplicateEvents(3);
        pay("pm_card_visa", "k-dup");

        List<Event> events = verified(receiver.await(r -> r.size() == 3, WAIT));

        assertEquals(1, events.stream().map(Event::getId).distinct().count());
        sim.awaitQuiet(WAIT);
        assertEquals(List.of(1, 2, 3), sim.deliveries().stream().map(DeliveryAttempt::copy).toList());
    }

    @Test
    void outOfOrderEvents_deliversAnEventAfterTheOneThatFollowsIt() throws Exception {
        sim.close();
        // A hold far longer than the test, so the held event can only be released by its successor.
        sim = PaymentSimulator.start(PaymentSimulatorConfig.forTests().withWebhookEndpoint(receiver.url())
                .withOutOfOrderMaxHold(Duration.ofMinutes(5)));
        stripe = StripeClient.builder().setApiKey("sk_test_simulator").setApiBase(sim.baseUrl()).build();
        sim.faults().outOfOrderEvents(true);
        PaymentIntent intent = pay("pm_card_authenticationRequired", "k-ooo");
        sim.awaitEvents(e -> e.stream().anyMatch(ev -> ev.type().equals("payment_intent.requires_action")), WAIT);

        sim.completeAuthentication(intent.getId());

        List<Event> events = verified(receiver.await(r -> r.size() == 2, WAIT));
        assertEquals(List.of("payment_intent.succeeded", "payment_intent.requires_action"),
                events.stream().map(Event::getType).toList());
    }

    @Test
    void outOfOrderEvents_sendsAHeldEventAnyway_whenNoSuccessorComes() throws Exception {
        sim.faults().outOfOrderEvents(true);
        pay("pm_card_visa", "k-ooo-alone");

        List<Event> events = verified(receiver.await(r -> r.size() == 1, WAIT));

        assertEquals("payment_intent.succeeded", events.get(0).getType());
    }

    @Test
    void droppedDeliveryAttempts_areNotSent_butTheRetryArrives() throws Exception {
        sim.faults().dropDeliveryAttempts(2);
        pay("pm_card_visa", "k-drop");

        List<DeliveryAttempt> attempts = sim.awaitDelivered("payment_intent.succeeded", 1, WAIT);

        assertEquals(List.of(DeliveryOutcome.DROPPED, DeliveryOutcome.DROPPED, DeliveryOutcome.DELIVERED),
                attempts.stream().map(DeliveryAttempt::outcome).toList());
        assertEquals(1, receiver.received().size());
    }

    @Test
    void lostEvents_areNeverSent_andLaterEventsAre() throws Exception {
        sim.faults().loseEvents(1, "payment_intent.succeeded");
        pay("pm_card_visa", "k-lost-1");
        sim.awaitDeliveries(a -> !a.isEmpty(), WAIT);

        pay("pm_card_visa", "k-lost-2");

        List<Event> events = verified(receiver.await(r -> r.size() == 1, WAIT));
        sim.awaitQuiet(WAIT);
        assertEquals(1, receiver.received().size());
        assertEquals("k-lost-2", events.get(0).getRequest().getIdempotencyKey());
        assertEquals(List.of(DeliveryOutcome.LOST, DeliveryOutcome.DELIVERED),
                sim.deliveries().stream().map(DeliveryAttempt::outcome).toList());
    }

    @Test
    void redeliver_sendsALostEventAfterAll() throws Exception {
        sim.faults().loseEvents(1);
        pay("pm_card_visa", "k-redeliver");
        DeliveryAttempt lost = sim.awaitDeliveries(a -> !a.isEmpty(), WAIT).get(0);
        assertEquals(DeliveryOutcome.LOST, lost.outcome());

        sim.redeliver(lost.eventId());

        List<Event> events = verified(receiver.await(r -> r.size() == 1, WAIT));
        assertEquals(lost.eventId(), events.get(0).getId());
    }

    @Test
    void reset_forgetsObjectsEventsAndDeliveries() throws Exception {
        pay("pm_card_visa", "k-reset");
        sim.awaitDelivered("payment_intent.succeeded", 1, WAIT);

        sim.reset();

        assertTrue(sim.paymentIntents().isEmpty());
        assertTrue(sim.events().isEmpty());
        assertTrue(sim.deliveries().isEmpty());
        assertEquals("succeeded", pay("pm_card_visa", "k-reset").getStatus());
        assertEquals(1, sim.paymentIntents().size());
    }
}
