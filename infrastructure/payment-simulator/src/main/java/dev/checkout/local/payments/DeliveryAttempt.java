package dev.checkout.local.payments;

import java.time.Instant;

/**
 * One attempt to deliver one copy of an event to the webhook endpoint.
 *
 * @param sequence   position in the simulator's delivery log, from 1
 * @param copy       which copy of the event, from 1 (more than one with the duplicate-events fault)
 * @param attempt    attempt number of this copy, from 1
 * @param httpStatus the endpoint's status code, or 0 when there was no answer
 * @param error      why there was no answer, or {@code null}
 * @param willRetry  whether another attempt is scheduled
 */
public record DeliveryAttempt(
        long sequence,
        String eventId,
        String eventType,
        int copy,
        int attempt,
        Instant at,
        String url,
        DeliveryOutcome outcome,
        int httpStatus,
        String error,
        boolean willRetry) {
}
