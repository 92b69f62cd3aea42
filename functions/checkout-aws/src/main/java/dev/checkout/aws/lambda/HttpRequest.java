package dev.checkout.aws.lambda;

import dev.checkout.domain.UnauthenticatedException;
import dev.checkout.domain.ValidationException;
import java.util.Map;
import java.util.Optional;

/**
 * An API Gateway HTTP API request (payload format 2.0) as the handlers see it: headers lower-cased,
 * the body decoded from base64 when the gateway encoded it, the caller taken from the claims that
 * the JWT authorizer verified (never from the body).
 */
public record HttpRequest(
        String routeKey,
        String method,
        String path,
        Map<String, String> pathParameters,
        Map<String, String> queryParameters,
        Map<String, String> headers,
        byte[] rawBody,
        String requestId,
        Caller caller) {

    public String body() {
        return rawBody == null ? "" : new String(rawBody, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The verified caller, or 401. */
    public Caller requireCaller() {
        if (caller == null) {
            throw new UnauthenticatedException("a valid bearer token is required");
        }
        return caller;
    }

    public String pathParameter(String name) {
        String value = pathParameters.get(name);
        if (value == null || value.isEmpty()) {
            throw new ValidationException("path parameter " + name + " is missing");
        }
        return value;
    }

    public Optional<String> query(String name) {
        return Optional.ofNullable(queryParameters.get(name)).filter(v -> !v.isEmpty());
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT))).filter(v -> !v.isBlank());
    }

    /** The {@code Idempotency-Key} header: required, 1 to 255 printable ASCII characters. */
    public String idempotencyKey() {
        String key = header("idempotency-key").orElseThrow(() -> new ValidationException("the Idempotency-Key header is required"));
        if (key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new ValidationException("Idempotency-Key must be 1-255 printable ASCII characters without spaces");
        }
        return key;
    }
}
