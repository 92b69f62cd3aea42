package dev.checkout.local.payments;

/**
 * An armed fault for API calls: the next {@code remaining} calls that match get a 5xx or a timeout.
 *
 * @param kind      {@code ERROR} (HTTP 500 {@code api_error}) or {@code TIMEOUT} (held past the client's read timeout,
 *                  then the connection is dropped)
 * @param match     {@code null} for every API call, else a method and path prefix such as
 *                  {@code POST /v1/payment_intents}
 */
public record RequestFault(Kind kind, FaultPhase phase, int remaining, String match) {

    /** What the fault does to the call. */
    public enum Kind { ERROR, TIMEOUT }

    public RequestFault {
        if (kind == null || phase == null) {
            throw new IllegalArgumentException("kind and phase are required");
        }
        if (remaining < 0) {
            throw new IllegalArgumentException("remaining must not be negative: " + remaining);
        }
        if (match != null && match.isBlank()) {
            match = null;
        }
    }

    boolean matches(String method, String path) {
        if (match == null) {
            return true;
        }
        String request = method + " " + path;
        return request.startsWith(match) || path.startsWith(match);
    }
}
