package dev.checkout.aws.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response in API Gateway's payload format 2.0; the body is JSON. */
public record HttpResponse(int statusCode, JsonNode body, Map<String, String> headers) {

    public static HttpResponse of(int statusCode, JsonNode body) {
        return new HttpResponse(statusCode, body, Map.of());
    }

    public static HttpResponse ok(JsonNode body) {
        return of(200, body);
    }

    public HttpResponse withHeader(String name, String value) {
        var copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HttpResponse(statusCode, body, copy);
    }

    /** The Lambda result the HTTP API expects. */
    ObjectNode toEvent(String requestId) {
        ObjectNode event = Json.object();
        event.put("statusCode", statusCode);
        ObjectNode outHeaders = event.putObject("headers");
        outHeaders.put("content-type", "application/json");
        if (requestId != null) {
            outHeaders.put("x-request-id", requestId);
        }
        headers.forEach(outHeaders::put);
        event.put("body", body == null ? "" : Json.write(body));
        event.put("isBase64Encoded", false);
        return event;
    }
}
