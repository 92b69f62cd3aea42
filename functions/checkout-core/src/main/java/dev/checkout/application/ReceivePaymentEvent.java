package dev.checkout.application;

import dev.checkout.domain.OrderId;
import dev.checkout.domain.PaymentEvent;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.Text;
import dev.checkout.port.PaymentEventQueue;
import dev.checkout.port.PaymentEventReaders;
import dev.checkout.port.WebhookInbox;
import java.util.Map;
import java.util.Optional;

/**
 * Takes a provider's notification at the webhook: checks its signature before anything else, stores it
 * in the inbox, enqueues it for {@link ApplyPaymentEvent}, and returns. A repeated delivery is
 * acknowledged; it is enqueued again unless it was applied (or refused as mismatched), so that no event is lost between the inbox
 * write and the queue write (the consumer applies an event once however often it is enqueued).
 */
public final class ReceivePaymentEvent {
    private final PaymentEventReaders readers;
    private final WebhookInbox inbox;
    private final PaymentEventQueue queue;

    public ReceivePaymentEvent(PaymentEventReaders readers, WebhookInbox inbox, PaymentEventQueue queue) {
        this.readers = readers;
        this.inbox = inbox;
        this.queue = queue;
    }

    public enum Outcome {
        ENQUEUED,
        /** Received before: applied already, or enqueued again. */
        DUPLICATE
    }

    public record Receipt(PaymentEvent event, Outcome outcome) {
    }

    /**
     * @param provider the provider the notification claims to come from, as in {@code POST /webhooks/{provider}};
     *     its reader checks the claim (404 for a provider this deployment does not take)
     * @param payload the body exactly as received
     * @param headers the request's headers, names in lower case
     * @throws dev.checkout.domain.WebhookSignatureException when the signature does not verify; nothing was stored
     * @throws dev.checkout.domain.ValidationException when the notification is not valid Unicode text or not an
     *     event the reader understands; nothing was stored
     */
    public Receipt receive(String provider, String payload, Map<String, String> headers) {
        PaymentEvent event = readers.named(provider).verify(payload, headers);
        Text.requireValid(payload, "the notification");
        Optional<OrderId> orderId = event.orderIdIfKnown().or(() -> event.paymentIdIfKnown().map(PaymentId::orderId));
        WebhookInbox.Entry entry = inbox.record(event.provider(), event.eventId(), event.providerType(), payload, orderId);
        if (!entry.created() && entry.state().isHandled()) {
            return new Receipt(event, Outcome.DUPLICATE);
        }
        queue.send(event.provider(), event.eventId(), event.providerType(), payload);
        return new Receipt(event, entry.created() ? Outcome.ENQUEUED : Outcome.DUPLICATE);
    }
}
