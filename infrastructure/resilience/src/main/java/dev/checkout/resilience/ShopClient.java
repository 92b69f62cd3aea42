package dev.checkout.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * A shop client of the local cloud's HTTP API. Like a careful client it retries a request that got no answer or a
 * 5xx, with the same {@code Idempotency-Key}, a few times with backoff; every other answer is returned as it came.
 */
final class ShopClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * A refund makes about six DynamoDB calls; with the throttling segment failing 8 % of calls before the
     * SDK's own retries, one attempt fails 4 times in 10, and six attempts all failed in one full run
     * (answered 503, as documented). Ten attempts (about 14 s) make that a one-in-10,000 event.
     */
    private static final int ATTEMPTS = 10;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    ShopClient(URI base) {
        this.base = base;
    }

    record Response(int status, JsonNode body, int attempts) {
    }

    /** One request, retried on no answer or 5xx. */
    Response send(String method, String path, String token, String body, String idempotencyKey) {
        RuntimeException lastFailure = null;
        Response last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                last = once(method, path, token, body, idempotencyKey, attempt);
                if (last.status() < 500) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastFailure = e;
            }
            backoff(attempt);
        }
        if (last != null) {
            return last;
        }
        throw lastFailure;
    }

    private Response once(String method, String path, String token, String body, String idempotencyKey, int attempt) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json");
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            request.header("idempotency-key", idempotencyKey);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Response(response.statusCode(), json, attempt);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode order(String token, String orderId) {
        return send("GET", "/orders/" + orderId, token, null, null).body();
    }

    /** Polls the order until {@code done} holds or {@code patience} runs out; returns the last order seen. */
    JsonNode awaitOrder(String token, String orderId, Predicate<JsonNode> done, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        JsonNode order = order(token, orderId);
        while (!done.test(order) && System.nanoTime() < deadline) {
            pause(20);
            order = order(token, orderId);
        }
        return order;
    }

    private static void backoff(int attempt) {
        pause(Math.min(2_000, 100L << attempt));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
