package dev.checkout.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** A shop client of the local cloud's HTTP API (loopback), as the benchmark's customers and admin. */
final class ShopClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    ShopClient(URI base) {
        this.base = base;
    }

    record Response(int status, JsonNode body) {
    }

    Response send(String method, String path, String token, String body) {
        return send(method, path, token, body, UUID.randomUUID().toString());
    }

    Response send(String method, String path, String token, String body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json")
                .header("idempotency-key", idempotencyKey);
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void putProduct(String adminToken, String sku, long price, long available) {
        putProduct(adminToken, sku, price, "USD", available);
    }

    void putProduct(String adminToken, String sku, long price, String currency, long available) {
        putProduct(adminToken, sku, price, currency, available, 1);
    }

    /** A product whose stock is spread over {@code shards} stock items (1: one item). */
    void putProduct(String adminToken, String sku, long price, String currency, long available, int shards) {
        Response response = send("PUT", "/products/" + sku, adminToken, "{\"name\":\"" + sku + "\",\"price\":{\"amount\":" + price
                + ",\"currency\":\"" + currency + "\"},\"available\":" + available + (shards > 1 ? ",\"shards\":" + shards : "") + "}");
        if (response.status() != 200 && response.status() != 201) {
            throw new IllegalStateException("PUT /products/" + sku + " answered " + response.status() + ": " + response.body());
        }
    }

    /** Places an order for one unit of the SKU; returns the order id. */
    String order(String token, String sku, String paymentMethod) {
        return orderPaidWith(token, sku, "\"" + paymentMethod + "\"");
    }

    /** Places an order for one unit of the SKU paid with {@code paymentMethodJson} (a card token in quotes, or a wallet object). */
    String orderPaidWith(String token, String sku, String paymentMethodJson) {
        Response response = send("POST", "/orders", token,
                "{\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":1}],\"paymentMethod\":" + paymentMethodJson + "}");
        if (response.status() != 201) {
            throw new IllegalStateException("POST /orders answered " + response.status() + ": " + response.body());
        }
        return response.body().path("orderId").asText();
    }
}
