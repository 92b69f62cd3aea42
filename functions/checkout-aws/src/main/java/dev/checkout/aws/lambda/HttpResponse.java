package dev.checkout.aws.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response in API Gateway's payload format 2.0. The body is JSON, except for the few answers a payment
 * platform expects in its own words ({@link #text}: Alipay's {@code success}) or without a body
 * ({@link #empty}: WeChat Pay's 204).
 */
public record HttpResponse(int statusCode, JsonNode body, String text, String contentType, Map<String, String> headers) {

    public HttpResponse(int statusCode, JsonNode body, Map<String, String> headers) {
        this(statusCode, body, null, "application/json", headers);
    }

    public static HttpResponse of(int statusCode, JsonNode body) {
        return new HttpResponse(statusCode, body, Map.of());
    }

    public static HttpResponse ok(JsonNode body) {
        return of(200, body);
    }

    /** A plain-text answer, e.g. the {@code success} Alipay reads as "stored". */
    public static HttpResponse text(int statusCode, String text) {
        return new HttpResponse(statusCode, null, text, "text/plain; charset=utf-8", Map.of());
    }

    /** An answer without a body (e.g. 204). */
    public static HttpResponse empty(int statusCode) {
        return new HttpResponse(statusCode, null, "", null, Map.of());
    }

    public HttpResponse withHeader(String name, String value) {
        var copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HttpResponse(statusCode, body, text, contentType, copy);
    }

    /** The Lambda result the HTTP API expects. */
    ObjectNode toEvent(String requestId) {
        ObjectNode event = Json.object();
        event.put("statusCode", statusCode);
        ObjectNode outHeaders = event.putObject("headers");
        if (contentType != null) {
            outHeaders.put("content-type", contentType);
        }
        if (requestId != null) {
            outHeaders.put("x-request-id", requestId);
        }
        headers.forEach(outHeaders::put);
        event.put("body", text != null ? text : body == null ? "" : Json.write(body));
        event.put("isBase64Encoded", false);
        return event;
    }
}
