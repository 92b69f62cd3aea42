package dev.checkout.local.payments;

/**
 * An event the simulator emitted.
 *
 * @param objectId the id of {@code data.object}
 * @param created  Unix seconds
 * @param payload  the exact JSON sent to the webhook endpoint (the bytes that are signed)
 */
public record SimulatedEvent(String id, String type, String objectId, long created, String payload) {
}
