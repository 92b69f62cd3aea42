package dev.checkout.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import java.util.UUID;
import java.util.function.Predicate;

/** A shop client of the local cloud's HTTP API, as curl would call it. */
final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    ApiClient(URI base) {
        this.base = base;
    }

    record Response(int status, JsonNode body) {
        String errorCode() {
            return body.path("error").path("code").asText(null);
        }
    }

    Response send(String method, String path, String token, String body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json");
        return send(request, token, idempotencyKey);
    }

    /** A body of any bytes, with the given Content-Type (none when null). */
    Response sendBytes(String method, String path, String token, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("content-type", contentType);
        }
        return send(request, token, null);
    }

    private Response send(HttpRequest.Builder request, String token, String idempotencyKey) {
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            request.header("idempotency-key", idempotencyKey);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response get(String path, String token) {
        return send("GET", path, token, null, null);
    }

    Response post(String path, String token, String body) {
        return send("POST", path, token, body, UUID.randomUUID().toString());
    }

    Response putProduct(String adminToken, String sku, long price, long available) {
        return putProduct(adminToken, sku, price, "USD", available);
    }

    Response order(String token, String sku, int quantity, String paymentMethod) {
        return orderPaidWith(token, sku, quantity, "\"" + paymentMethod + "\"");
    }

    /** An order whose {@code paymentMethod} is the JSON given, e.g. {@code {"platform":"alipay","type":"qr"}}. */
    Response orderPaidWith(String token, String sku, int quantity, String paymentMethodJson) {
        return post("/orders", token, "{\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}],\"paymentMethod\":"
                + paymentMethodJson + "}");
    }

    Response putProduct(String adminToken, String sku, long price, String currency, long available) {
        return send("PUT", "/products/" + sku, adminToken, "{\"name\":\"" + sku + "\",\"price\":{\"amount\":" + price + ",\"currency\":\""
                + currency + "\"},\"available\":" + available + "}", null);
    }

    /** Polls the order until {@code done} holds; the condition is awaited, never slept on blindly. */
    JsonNode awaitOrder(String token, String orderId, Predicate<JsonNode> done) {
        return Awaitility.await("order " + orderId + " reaching the expected state").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(25))
                .until(() -> get("/orders/" + orderId, token).body(), done::test);
    }

    static Predicate<JsonNode> status(String status) {
        return order -> status.equals(order.path("status").asText());
    }
}
