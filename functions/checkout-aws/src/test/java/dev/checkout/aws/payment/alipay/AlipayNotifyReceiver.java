package dev.checkout.aws.payment.alipay;

import com.sun.net.httpserver.HttpServer;
import dev.checkout.domain.PaymentEvent;
import dev.checkout.domain.WebhookSignatureException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A merchant's notify endpoint for tests: verifies each notification with {@link AlipayPaymentEventReader}, keeps the
 * events, answers {@code success} (or the scripted answers first, e.g. {@code fail}); a notification that does not
 * verify is answered {@code fail} with HTTP 400 and counted.
 */
final class AlipayNotifyReceiver implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<PaymentEvent> events = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();
    private final Deque<String> scripted = new ArrayDeque<>();

    AlipayNotifyReceiver(AlipayPaymentEventReader reader) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(executor);
        server.createContext("/webhooks/alipay", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                String payload = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
                int status = 200;
                String answer;
                try {
                    PaymentEvent event = reader.verify(payload, contentType == null ? Map.of() : Map.of("content-type", contentType));
                    synchronized (this) {
                        String next = scripted.poll();
                        answer = next != null ? next : "success";
                        if (answer.equals("success")) {
                            events.add(event);
                        }
                    }
                } catch (WebhookSignatureException e) {
                    synchronized (this) {
                        refused.add(e.getMessage());
                    }
                    status = 400;
                    answer = "fail";
                }
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/alipay");
    }

    /** The next answers, before {@code success} again. */
    synchronized void answerNext(String... answers) {
        scripted.addAll(List.of(answers));
    }

    synchronized List<PaymentEvent> events() {
        return List.copyOf(events);
    }

    synchronized List<String> refused() {
        return List.copyOf(refused);
    }

    synchronized void clear() {
        events.clear();
        refused.clear();
        scripted.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
