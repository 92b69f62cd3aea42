package dev.checkout.port;

/** Carries verified provider notifications from the webhook receiver to their consumer. */
public interface PaymentEventQueue {

    /** Enqueues {@code {provider, eventId, type, payload}}. */
    void send(String provider, String eventId, String type, String payload);
}
