package dev.checkout.local.payments;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A webhook endpoint for tests: records every request and answers the scripted statuses, then 200. */
final class WebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new ArrayList<>();
    private final Deque<Integer> scriptedStatuses = new ArrayDeque<>();

    /** One request as it arrived. */
    record Received(String payload, String signature) {
    }

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(executor);
        server.createContext("/webhooks/stripe", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                String payload = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                int status;
                synchronized (this) {
                    received.add(new Received(payload, exchange.getRequestHeaders().getFirst("Stripe-Signature")));
                    Integer scripted = scriptedStatuses.poll();
                    status = scripted == null ? 200 : scripted;
                    notifyAll();
                }
                exchange.sendResponseHeaders(status, -1);
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/stripe");
    }

    /** The next requests are answered with these statuses, in order. */
    synchronized WebhookReceiver respondWith(int... statuses) {
        for (int status : statuses) {
            scriptedStatuses.add(status);
        }
        return this;
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits until the received requests satisfy {@code condition}. */
    synchronized List<Received> await(Predicate<List<Received>> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(List.copyOf(received))) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("webhook receiver did not get the expected requests within " + timeout
                        + "; got " + received.size());
            }
            try {
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
