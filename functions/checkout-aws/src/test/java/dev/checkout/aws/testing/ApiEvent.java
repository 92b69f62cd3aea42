package dev.checkout.aws.testing;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.aws.lambda.Json;
import dev.checkout.local.services.Events;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** An API Gateway v2 event from {@code events/}, adjusted for one test and invoked on a handler. */
public final class ApiEvent {
    private final ObjectNode event;

    private ApiEvent(ObjectNode event) {
        this.event = event;
    }

    public static ApiEvent from(String eventFile) {
        return new ApiEvent((ObjectNode) Json.parse(Events.read(eventFile)));
    }

    public ApiEvent body(String body) {
        event.put("body", body);
        event.put("isBase64Encoded", false);
        return this;
    }

    public ApiEvent body(JsonNode body) {
        return body(Json.write(body));
    }

    public ApiEvent base64Body(byte[] body) {
        event.put("body", Base64.getEncoder().encodeToString(body));
        event.put("isBase64Encoded", true);
        return this;
    }

    public ObjectNode bodyJson() {
        return (ObjectNode) Json.parse(event.path("body").asText());
    }

    /** Without a body, as a request that sent none. */
    public ApiEvent withoutBody() {
        event.remove("body");
        event.put("isBase64Encoded", false);
        return this;
    }

    public ApiEvent header(String name, String value) {
        ((ObjectNode) event.path("headers")).put(name.toLowerCase(), value);
        return this;
    }

    public ApiEvent withoutHeader(String name) {
        ((ObjectNode) event.path("headers")).remove(name.toLowerCase());
        return this;
    }

    public ApiEvent pathParameter(String name, String value) {
        ObjectNode parameters = event.has("pathParameters") ? (ObjectNode) event.get("pathParameters") : event.putObject("pathParameters");
        parameters.put(name, value);
        return this;
    }

    public ApiEvent query(String name, String value) {
        ObjectNode parameters = event.has("queryStringParameters") ? (ObjectNode) event.get("queryStringParameters") : event.putObject("queryStringParameters");
        parameters.put(name, value);
        return this;
    }

    public ApiEvent withoutQuery() {
        event.remove("queryStringParameters");
        return this;
    }

    /** The verified caller: the JWT claims the authorizer passes. */
    public ApiEvent caller(String sub, boolean admin) {
        ObjectNode claims = ((ObjectNode) event.path("requestContext")).putObject("authorizer").putObject("jwt").putObject("claims");
        claims.put("sub", sub);
        if (admin) {
            claims.put("cognito:groups", "[admin]");
        }
        return this;
    }

    public ApiEvent anonymous() {
        ((ObjectNode) event.path("requestContext")).remove("authorizer");
        withoutHeader("authorization");
        return this;
    }

    public ObjectNode json() {
        return event;
    }

    public ApiResult invoke(RequestStreamHandler handler) {
        try {
            // Written as bytes by Jackson's UTF-8 generator, as the gateway's JSON reaches Lambda: text
            // that has no UTF-8 form (an unpaired surrogate) is escaped, not replaced by '?'.
            var in = new ByteArrayOutputStream();
            Json.write(in, event);
            var out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(in.toByteArray()), out, null);
            return ApiResult.parse(out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the handler answered: {@code body} parsed when it is JSON, {@code text} as it was sent. */
    public record ApiResult(int status, JsonNode body, JsonNode headers, String text) {
        static ApiResult parse(String response) {
            JsonNode node = Json.parse(response);
            String body = node.path("body").asText("");
            boolean json = node.path("headers").path("content-type").asText("").startsWith("application/json");
            return new ApiResult(node.path("statusCode").asInt(), body.isEmpty() || !json ? Json.object() : Json.parse(body), node.path("headers"), body);
        }

        public String errorCode() {
            return body.path("error").path("code").asText(null);
        }

        public String errorMessage() {
            return body.path("error").path("message").asText(null);
        }
    }
}
