package dev.checkout.port;

import dev.checkout.domain.Money;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentId;
import java.util.Optional;

/**
 * Provider notifications as received, keyed by provider and event id, kept for a few days. The receiver
 * records each one before it enqueues it (a repeated delivery of one not yet applied is enqueued again,
 * so none is lost between the two writes); the consumer marks it applied, so none is applied twice.
 */
public interface WebhookInbox {

    /**
     * Stores a notification the first time it is received.
     *
     * @param orderId the order the notification is about, when it names one: the operations console finds
     *     an order's notifications by it ({@link ReceivedNotifications})
     * @return the entry stored now, or the one a previous delivery stored
     */
    Entry record(String provider, String eventId, String type, String payload, Optional<OrderId> orderId);

    Optional<Entry> find(String provider, String eventId);

    /**
     * Notes that the notification was applied.
     *
     * @return false when it had already been marked applied
     */
    boolean markApplied(String provider, String eventId);

    /**
     * Notes that the notification did not match the payment or refund it names (amount, currency or
     * provider reference), so it was not applied; {@code reason} says what differed. Like an applied
     * one, it is never applied later.
     *
     * @return false when it had already been marked applied or mismatched
     */
    boolean markMismatched(String provider, String eventId, String reason);

    /**
     * The consumer's one-write path for a payment's success that the checkout already has (the charge's
     * synchronous answer, confirmed with the order): marks the notification applied in the same write that
     * checks the payment is SUCCEEDED and was taken by its order (stored with the order's PAID by
     * {@link OrderConfirmation#confirmPaid}), of {@code amount} and with the provider reference
     * {@code reference}. Any other success is not settled by this path: one that does not match, and one
     * recorded while its order was closed, whose refund an earlier delivery may have left unfinished.
     *
     * @return APPLIED when so; DUPLICATE when the notification had been applied; otherwise NOT_SETTLED with
     *     the payment as stored (empty when there is no record), for the caller to apply the event
     */
    SettledCheck markAppliedIfSettled(String provider, String eventId, PaymentId paymentId, Money amount, String reference);

    enum State {
        RECEIVED,
        APPLIED,
        /** Did not match what it names; kept as evidence, never applied. */
        MISMATCHED;

        /** Applied or refused as mismatched: a repeated delivery has nothing left to do. */
        public boolean isHandled() {
            return this == APPLIED || this == MISMATCHED;
        }
    }

    /** What {@link #markAppliedIfSettled} found. */
    record SettledCheck(SettledOutcome outcome, Optional<Payment> payment) {
    }

    enum SettledOutcome {
        APPLIED,
        DUPLICATE,
        NOT_SETTLED
    }

    /** {@code created} is true when this call stored the entry. */
    record Entry(String provider, String eventId, String type, String payload, State state, boolean created) {
    }
}
