package dev.checkout.port;

import dev.checkout.domain.PaymentEvent;
import java.util.Map;

/** Turns a provider's notification into a {@link PaymentEvent}. */
public interface PaymentEventReader {

    /** The provider whose notifications this reads, as in {@code POST /webhooks/{provider}}. */
    String provider();

    /**
     * Checks the notification's signature over the exact bytes received, then reads it.
     *
     * @param headers the request's headers, names in lower case
     * @throws dev.checkout.domain.WebhookSignatureException when the signature is missing, wrong or too old
     */
    PaymentEvent verify(String payload, Map<String, String> headers);

    /** Reads a notification that was verified when it was received (e.g. from the inbox queue). */
    PaymentEvent read(String payload);
}
