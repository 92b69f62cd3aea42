package dev.checkout.local.payments;

/** What became of one webhook delivery attempt. */
public enum DeliveryOutcome {
    /** The endpoint answered 2xx. */
    DELIVERED,
    /** The endpoint answered non-2xx, or could not be reached, or did not answer in time. */
    FAILED,
    /** Not sent, by the dropped-events fault; a later attempt follows. */
    DROPPED,
    /** Not sent and never will be, by the lost-events fault. */
    LOST,
    /** Not sent: no webhook endpoint was configured. */
    NO_ENDPOINT
}
