package dev.checkout.aws.payment.wechatpay;

import com.sun.net.httpserver.HttpServer;
import dev.checkout.domain.PaymentEvent;
import dev.checkout.domain.WebhookSignatureException;
import dev.checkout.port.PaymentEventReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The merchant's notify_url for tests: hands each body and its headers (names lower-cased, as API Gateway gives
 * them) to a {@link PaymentEventReader}, keeps the events, answers 204, or 401 {@code {"code":"FAIL"}} when the
 * signature is refused, or 500 while told to fail.
 */
final class NotificationReceiver implements AutoCloseable {
    private final HttpServer server;
    private final List<PaymentEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    NotificationReceiver(PaymentEventReader reader) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/webhooks/wechatpay", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            int status;
            byte[] answer = new byte[0];
            if (failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                status = 500;
                answer = "{\"code\":\"FAIL\",\"message\":\"not stored\"}".getBytes(StandardCharsets.UTF_8);
            } else {
                try {
                    events.add(reader.verify(body, headers));
                    status = 204;
                } catch (WebhookSignatureException e) {
                    refusals.add(e.getMessage());
                    status = 401;
                    answer = "{\"code\":\"FAIL\",\"message\":\"signature\"}".getBytes(StandardCharsets.UTF_8);
                }
            }
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/wechatpay");
    }

    List<PaymentEvent> events() {
        return List.copyOf(events);
    }

    List<String> refusals() {
        return List.copyOf(refusals);
    }

    void failNext(int count) {
        failuresLeft.set(count);
    }

    void clear() {
        events.clear();
        refusals.clear();
        failuresLeft.set(0);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
