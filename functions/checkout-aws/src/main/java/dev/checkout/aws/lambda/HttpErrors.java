package dev.checkout.aws.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.domain.CheckoutException;
import dev.checkout.domain.ErrorKind;

/**
 * The one error mapper of every HTTP function: a domain error becomes its status and
 * {@code {"error": {"code", "message", "requestId"}}}; anything unexpected becomes a 500 that names
 * the request id and nothing of the failure.
 */
public final class HttpErrors {
    private HttpErrors() {
    }

    public static int status(ErrorKind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNPROCESSABLE -> 422;
            case TRANSIENT -> 503;
        };
    }

    public static HttpResponse of(CheckoutException e, String requestId) {
        int status = status(e.kind());
        String message = e.kind() == ErrorKind.TRANSIENT ? "a dependency is unavailable; retry with the same Idempotency-Key" : e.getMessage();
        return error(status, e.code(), message, requestId);
    }

    /** 415: a body of a media type the route does not take. */
    public static HttpResponse unsupportedMediaType(UnsupportedMediaTypeException e, String requestId) {
        return error(415, "UNSUPPORTED_MEDIA_TYPE", e.getMessage(), requestId);
    }

    public static HttpResponse unexpected(String requestId) {
        return error(500, "INTERNAL_ERROR", "the request failed unexpectedly; quote the request id when reporting it", requestId);
    }

    public static HttpResponse error(int status, String code, String message, String requestId) {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        error.put("requestId", requestId);
        return HttpResponse.of(status, body);
    }
}
