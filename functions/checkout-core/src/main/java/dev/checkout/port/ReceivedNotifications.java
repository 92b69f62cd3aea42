package dev.checkout.port;

import dev.checkout.domain.OrderId;
import java.time.Instant;
import java.util.List;

/**
 * The payment providers' notifications about an order, as the webhook inbox holds them (kept as long as
 * the inbox keeps them). Only what they are and what became of them: never their payload, which can
 * hold the customer's personal data.
 */
public interface ReceivedNotifications {

    /** The order's notifications, oldest first. */
    List<Notification> ofOrder(OrderId orderId);

    /**
     * One notification: its provider and event id, the provider's event type, its state in the inbox, what
     * differed when it was refused as mismatched, when it was received and when it was applied or refused.
     */
    record Notification(String provider, String eventId, String type, WebhookInbox.State state, String mismatch,
                        Instant receivedAt, Instant handledAt) {
    }
}
