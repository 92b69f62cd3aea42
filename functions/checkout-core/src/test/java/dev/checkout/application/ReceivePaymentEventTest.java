package dev.checkout.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.domain.PaymentEvent;
import dev.checkout.domain.ValidationException;
import dev.checkout.domain.WebhookSignatureException;
import dev.checkout.port.PaymentEventReader;
import dev.checkout.port.PaymentEventReaders;
import dev.checkout.port.WebhookInbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Unit tier: the webhook receiver's store-then-enqueue with redelivery. */
@Tag("unit")
class ReceivePaymentEventTest {
    private final InMemoryStore store = new InMemoryStore();
    private final List<String> queue = new ArrayList<>();
    private boolean queueDown;

    private final PaymentEventReader reader = new PaymentEventReader() {
        @Override
        public String provider() {
            return "stripe";
        }

        @Override
        public PaymentEvent verify(String payload, Map<String, String> headers) {
            if (!"good".equals(headers.get("stripe-signature"))) {
                throw new WebhookSignatureException("bad signature");
            }
            return read(payload);
        }

        @Override
        public PaymentEvent read(String payload) {
            return new PaymentEvent("stripe", payload, PaymentEvent.Kind.IGNORED, "test", null, null, null, null, null, null);
        }
    };

    private final ReceivePaymentEvent receive = new ReceivePaymentEvent(PaymentEventReaders.of(reader), store.webhookInbox, (provider, eventId, type, payload) -> {
        if (queueDown) {
            throw new IllegalStateException("queue down");
        }
        queue.add(eventId);
    });

    @Test
    void badSignature_storesNothing() {
        assertThrows(WebhookSignatureException.class, () -> receive.receive("stripe", "evt_1", Map.of("stripe-signature", "forged")));
        assertThrows(WebhookSignatureException.class, () -> receive.receive("stripe", "evt_1", Map.of()));

        assertTrue(store.inbox.isEmpty());
        assertTrue(queue.isEmpty());
    }

    @Test
    void signedNotification_thatIsNotValidUnicode_isRefused_andNothingIsStoredOrEnqueued() {
        assertThrows(ValidationException.class, () -> receive.receive("stripe", "evt_\uD800", Map.of("stripe-signature", "good")));

        assertTrue(store.inbox.isEmpty());
        assertTrue(queue.isEmpty());
    }

    @Test
    void duplicate_ofAnEventNotAppliedYet_isEnqueuedAgain_soThatNoneIsLost() {
        assertEquals(ReceivePaymentEvent.Outcome.ENQUEUED, receive.receive("stripe", "evt_1", Map.of("stripe-signature", "good")).outcome());
        assertEquals(ReceivePaymentEvent.Outcome.DUPLICATE, receive.receive("stripe", "evt_1", Map.of("stripe-signature", "good")).outcome());

        assertEquals(List.of("evt_1", "evt_1"), queue);
        assertEquals(WebhookInbox.State.RECEIVED, store.inbox.get("stripe#evt_1").state());
    }

    @Test
    void duplicate_ofAnAppliedEvent_isAcknowledged_withoutEnqueueing() {
        receive.receive("stripe", "evt_1", Map.of("stripe-signature", "good"));
        store.webhookInbox.markApplied("stripe", "evt_1");

        assertEquals(ReceivePaymentEvent.Outcome.DUPLICATE, receive.receive("stripe", "evt_1", Map.of("stripe-signature", "good")).outcome());

        assertEquals(List.of("evt_1"), queue);
    }

    @Test
    void redelivery_afterAFailedEnqueue_enqueuesAgain() {
        queueDown = true;
        assertThrows(IllegalStateException.class, () -> receive.receive("stripe", "evt_1", Map.of("stripe-signature", "good")));
        queueDown = false;

        receive.receive("stripe", "evt_1", Map.of("stripe-signature", "good"));

        assertEquals(List.of("evt_1"), queue);
        assertEquals(WebhookInbox.State.RECEIVED, store.inbox.get("stripe#evt_1").state());
    }
}
