package dev.checkout.local.payments;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Stripe's idempotency: the first response to a POST with an {@code Idempotency-Key} is saved with the request's
 * parameters; a later request with the same key (per API key) and the same method, path and parameters gets the saved
 * response replayed, and one with different parameters gets {@code idempotency_error}. Requests with one key run
 * one at a time.
 */
final class IdempotencyStore {
    private final Map<Scope, Saved> saved = new HashMap<>();

    /**
     * Runs {@code execution} once per (api key, idempotency key), or replays what it answered.
     *
     * @param fingerprint what must be equal for a replay: method, path and parameters
     */
    synchronized ApiResponse execute(String apiKey, String idempotencyKey, String fingerprint,
                                     Supplier<ApiResponse> execution) {
        Scope scope = new Scope(apiKey, idempotencyKey);
        Saved previous = saved.get(scope);
        if (previous != null) {
            if (!previous.fingerprint().equals(fingerprint)) {
                throw StripeApiException.idempotencyMismatch(idempotencyKey);
            }
            return previous.response().asReplay();
        }
        ApiResponse response = execution.get();
        saved.put(scope, new Saved(fingerprint, response));
        return response;
    }

    synchronized void reset() {
        saved.clear();
    }

    private record Scope(String apiKey, String idempotencyKey) {
    }

    private record Saved(String fingerprint, ApiResponse response) {
    }
}
