package dev.checkout.local.payments;

/**
 * The API request that caused a change, as written into an event's {@code request} field. Changes made by the
 * simulator itself (refund settlement, admin actions) have neither id nor key.
 */
record RequestContext(String requestId, String idempotencyKey) {
    static final RequestContext AUTOMATIC = new RequestContext(null, null);
}
