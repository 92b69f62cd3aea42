package dev.checkout.local.payments;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error the simulated API answers with, in Stripe's shape:
 * {@code {"error": {"type", "code", "decline_code", "message", "param", ...}}}. Thrown by request handling and
 * turned into the HTTP response by {@link StripeApiHandler}.
 */
final class StripeApiException extends RuntimeException {
    private final int status;
    private final ObjectNode error;

    private StripeApiException(int status, String type, String code, String message, String param) {
        super(message);
        this.status = status;
        this.error = JsonNodeFactory.instance.objectNode();
        error.put("type", type);
        if (code != null) {
            error.put("code", code);
            error.put("doc_url", "https://stripe.com/docs/error-codes/" + code.replace('_', '-'));
        }
        error.put("message", message);
        if (param != null) {
            error.put("param", param);
        }
    }

    static StripeApiException invalidRequest(String code, String message, String param) {
        return new StripeApiException(400, "invalid_request_error", code, message, param);
    }

    static StripeApiException missingParameter(String param) {
        return invalidRequest("parameter_missing", "Missing required param: " + param + ".", param);
    }

    static StripeApiException notFound(String objectName, String id, String param) {
        return new StripeApiException(404, "invalid_request_error", "resource_missing",
                "No such " + objectName + ": '" + id + "'", param);
    }

    static StripeApiException unrecognizedUrl(String method, String path) {
        return new StripeApiException(404, "invalid_request_error", null,
                "Unrecognized request URL (" + method + ": " + path + "). Please see https://stripe.com/docs"
                        + " or we can help at https://support.stripe.com/.", null);
    }

    static StripeApiException unauthorized(String message) {
        return new StripeApiException(401, "invalid_request_error", null, message, null);
    }

    static StripeApiException idempotencyMismatch(String key) {
        return new StripeApiException(400, "idempotency_error", null,
                "Keys for idempotent requests can only be used with the same parameters they were first used with. "
                        + "Try using a key other than '" + key + "' if you meant to execute a different request.",
                null);
    }

    static StripeApiException cardDeclined(String code, String declineCode, String message) {
        StripeApiException exception = new StripeApiException(402, "card_error", code, message, null);
        if (declineCode != null) {
            exception.error.put("decline_code", declineCode);
        }
        return exception;
    }

    static StripeApiException serverError() {
        return new StripeApiException(500, "api_error", null,
                "An unknown error occurred while processing your request (simulated fault).", null);
    }

    /** Adds a field to the error object (e.g. the declined {@code payment_intent}); returns this. */
    StripeApiException with(String field, com.fasterxml.jackson.databind.JsonNode value) {
        error.set(field, value);
        return this;
    }

    int status() {
        return status;
    }

    ObjectNode body(String requestId) {
        ObjectNode copy = error.deepCopy();
        copy.put("request_log_url", "https://dashboard.stripe.com/test/logs/" + requestId);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("error", copy);
        return body;
    }
}
