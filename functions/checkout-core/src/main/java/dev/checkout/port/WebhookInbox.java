package dev.checkout.port;

import java.util.Optional;

/**
 * Provider notifications as received, keyed by provider and event id, kept for a few days. The receiver
 * records each one before it enqueues it and marks it enqueued after; the consumer marks it applied.
 * Together they make sure no notification is lost between the two writes and none is applied twice.
 */
public interface WebhookInbox {

    /**
     * Stores a notification the first time it is received.
     *
     * @return the entry stored now, or the one a previous delivery stored
     */
    Entry record(String provider, String eventId, String type, String payload);

    Optional<Entry> find(String provider, String eventId);

    /** Notes that the notification is on the queue. */
    void markEnqueued(String provider, String eventId);

    /**
     * Notes that the notification was applied.
     *
     * @return false when it had already been marked applied
     */
    boolean markApplied(String provider, String eventId);

    enum State {
        RECEIVED,
        ENQUEUED,
        APPLIED
    }

    /** {@code created} is true when this call stored the entry. */
    record Entry(String provider, String eventId, String type, String payload, State state, boolean created) {
    }
}
