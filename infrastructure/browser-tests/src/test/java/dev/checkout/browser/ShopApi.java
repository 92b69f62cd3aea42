package dev.checkout.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** The local cloud's API as the tests call it to set the scene and check what the browser did. */
record ShopApi(URI api) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    JsonNode get(String path, String token) {
        return send(HttpRequest.newBuilder(api.resolve(path)).header("authorization", "Bearer " + token).GET());
    }

    void putProduct(String token, String sku, String name, long price, String currency, long available) {
        send(HttpRequest.newBuilder(api.resolve("/products/" + sku)).header("authorization", "Bearer " + token)
                .header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("name", name).put("available", available)
                        .set("price", JSON.createObjectNode().put("amount", price).put("currency", currency)).toString())));
    }

    JsonNode awaitOrder(String token, String orderId, Predicate<JsonNode> done) {
        return Awaitility.await("order " + orderId + " reaching the expected state").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100)).until(() -> get("/orders/" + orderId, token), done::test);
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
