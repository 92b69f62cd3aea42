package dev.checkout.aws.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.aws.logging.LogContext;
import dev.checkout.domain.CheckoutException;
import dev.checkout.domain.Text;
import dev.checkout.domain.UserId;
import dev.checkout.domain.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Base of every HTTP function: reads the API Gateway HTTP API event (payload format 2.0), refuses
 * bodies over {@value #MAX_BODY_BYTES} bytes with 413, hands an {@link HttpRequest} to
 * {@link #handle}, and maps whatever it throws through {@link HttpErrors} (a body of the wrong media
 * type, {@link UnsupportedMediaTypeException}, to 415). This is the only place an HTTP function
 * catches everything: turning any failure into a response is its job.
 *
 * <p>Every 5xx it answers is logged through {@link System.Logger} at ERROR as one record (one JSON
 * line, {@link dev.checkout.aws.logging.JsonLogFormatter}): the request id that the error body names,
 * the status, the error code, and the cause with its cause chain and stack trace. Every line logged
 * while a request is served carries its request id and, where the route names them, the order and
 * payment ids ({@link LogContext}).
 */
public abstract class HttpFunction implements RequestStreamHandler {
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** Serves one request. Throw domain exceptions for 4xx answers. */
    protected abstract HttpResponse handle(HttpRequest request);

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = Json.read(input);
        String requestId = event.path("requestContext").path("requestId").asText(context != null ? context.getAwsRequestId() : null);
        LogContext.begin(context, requestId);
        LogContext.put(LogContext.ORDER_ID, event.path("pathParameters").path("orderId").asText(null));
        LogContext.put(LogContext.PAYMENT_ID, event.path("pathParameters").path("paymentId").asText(null));
        try {
            Json.write(output, respond(event, requestId).toEvent(requestId));
        } finally {
            LogContext.clear();
        }
    }

    private HttpResponse respond(JsonNode event, String requestId) {
        HttpResponse response;
        RuntimeException failure = null;
        try {
            byte[] body = body(event);
            if (body.length > MAX_BODY_BYTES) {
                response = HttpErrors.error(413, "PAYLOAD_TOO_LARGE", "the body must be at most " + MAX_BODY_BYTES + " bytes", requestId);
            } else {
                response = handle(toRequest(event, body, requestId));
            }
        } catch (UnsupportedMediaTypeException e) {
            response = HttpErrors.unsupportedMediaType(e, requestId);
        } catch (CheckoutException e) {
            response = HttpErrors.of(e, requestId);
            failure = e;
        } catch (RuntimeException e) {
            response = HttpErrors.unexpected(requestId);
            failure = e;
        }
        if (response.statusCode() >= 500) {
            logServerError(requestId, response, failure);
        }
        return response.statusCode() >= 400 ? errorInCallersWords(event, response) : response;
    }

    /**
     * The error answer as this route's caller reads it; by default the service's own error body. A route whose
     * caller is a payment platform that expects its own shape (WeChat Pay's {@code {"code": "FAIL"}}) reshapes it.
     *
     * @param event the API Gateway event, as received
     */
    protected HttpResponse errorInCallersWords(JsonNode event, HttpResponse standard) {
        return standard;
    }

    /** One log record for a 5xx answer, so that the request id a client quotes finds the failure. */
    private static void logServerError(String requestId, HttpResponse response, Throwable failure) {
        var line = new StringBuilder("request ").append(requestId).append(" answered ").append(response.statusCode())
                .append(' ').append(response.body() == null ? "" : response.body().path("error").path("code").asText(""));
        if (failure == null) {
            line.append(": no exception");
        } else {
            String separator = ": cause ";
            var seen = Collections.newSetFromMap(new IdentityHashMap<Throwable, Boolean>());
            for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
                line.append(separator).append(cause);
                separator = "; caused by ";
            }
        }
        serverErrorLog().log(System.Logger.Level.ERROR, line.toString(), failure);
    }

    /**
     * The logger, looked up on the first 5xx: the lookup starts java.util.logging (its configuration
     * file, its manager), which a function that never fails has no use for at cold start.
     */
    private static System.Logger serverErrorLog() {
        return System.getLogger(HttpFunction.class.getName());
    }

    static HttpRequest toRequest(JsonNode event, byte[] body, String requestId) {
        JsonNode http = event.path("requestContext").path("http");
        return new HttpRequest(
                event.path("routeKey").asText(event.path("requestContext").path("routeKey").asText("")),
                http.path("method").asText(""),
                event.path("rawPath").asText(http.path("path").asText("")),
                strings(event.path("pathParameters"), false),
                strings(event.path("queryStringParameters"), false),
                strings(event.path("headers"), true),
                body,
                requestId,
                caller(event.path("requestContext").path("authorizer").path("jwt").path("claims")));
    }

    private static byte[] body(JsonNode event) {
        JsonNode body = event.get("body");
        if (body == null || body.isNull()) {
            return new byte[0];
        }
        if (event.path("isBase64Encoded").asBoolean(false)) {
            try {
                return Base64.getDecoder().decode(body.asText());
            } catch (IllegalArgumentException e) {
                throw new ValidationException("the body is not valid base64");
            }
        }
        String text = body.asText();
        // Text the gateway passes as a string is UTF-8 it decoded; a lone surrogate in it has no UTF-8 bytes.
        if (!Text.isValid(text)) {
            throw new ValidationException("the body is not valid UTF-8 text");
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> strings(JsonNode node, boolean lowerCaseKeys) {
        var map = new HashMap<String, String>();
        node.fields().forEachRemaining(e -> map.put(lowerCaseKeys ? e.getKey().toLowerCase(Locale.ROOT) : e.getKey(), e.getValue().asText()));
        return map;
    }

    /** The caller from verified JWT claims; null when there are none (a route without the authorizer). */
    static Caller caller(JsonNode claims) {
        String sub = claims.path("sub").asText("");
        if (sub.isBlank()) {
            return null;
        }
        List<String> groups = new ArrayList<>();
        groups.addAll(groups(claims.get("cognito:groups")));
        groups.addAll(groups(claims.get("groups")));
        return new Caller(UserId.of(sub), groups.contains("admin"));
    }

    /** The HTTP API passes list claims either as JSON arrays or flattened as "[a b]" / "a,b". */
    private static List<String> groups(JsonNode claim) {
        var groups = new ArrayList<String>();
        if (claim == null || claim.isNull()) {
            return groups;
        }
        if (claim.isArray()) {
            claim.forEach(g -> groups.add(g.asText()));
            return groups;
        }
        for (String g : claim.asText().replace("[", " ").replace("]", " ").split("[,\\s]+")) {
            if (!g.isBlank()) {
                groups.add(g.trim());
            }
        }
        return groups;
    }
}
