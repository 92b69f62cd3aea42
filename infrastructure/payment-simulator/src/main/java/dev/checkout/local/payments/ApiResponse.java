package dev.checkout.local.payments;

/** A response of the simulated API: status and JSON body; {@code replayed} when served from the idempotency store. */
record ApiResponse(int status, byte[] body, boolean replayed) {

    ApiResponse asReplay() {
        return new ApiResponse(status, body, true);
    }
}
