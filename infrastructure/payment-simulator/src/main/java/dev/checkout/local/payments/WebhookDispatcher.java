package dev.checkout.local.payments;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Sends events to the webhook endpoint as Stripe does, signed ({@code Stripe-Signature}), through a
 * {@link NotificationDelivery}: only a 2xx answer counts as received; a failed attempt is retried with exponential
 * backoff up to the configured number of attempts.
 */
final class WebhookDispatcher implements NotificationDelivery.Channel<SimulatedEvent>, AutoCloseable {
    private final PaymentSimulatorConfig config;
    private final Clock clock;
    private final NotificationDelivery<SimulatedEvent> delivery;

    private volatile URI endpoint;
    private volatile String secret;

    WebhookDispatcher(PaymentSimulatorConfig config, FaultSwitches faults, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.endpoint = config.webhookEndpoint();
        this.secret = config.webhookSecret();
        this.delivery = new NotificationDelivery<>("payment-simulator-webhooks", config.webhookTimeout(),
                config.outOfOrderMaxHold(), faults, clock, this);
    }

    URI endpoint() {
        return endpoint;
    }

    String secret() {
        return secret;
    }

    void setEndpoint(URI endpoint, String secret) {
        if (endpoint != null && !endpoint.isAbsolute()) {
            throw new IllegalArgumentException("webhook endpoint must be an absolute URL: " + endpoint);
        }
        if (secret != null && !secret.startsWith("whsec_")) {
            throw new IllegalArgumentException("webhook secret must start with whsec_");
        }
        this.endpoint = endpoint;
        if (secret != null) {
            this.secret = secret;
        }
    }

    /** Queues {@code event} for delivery; returns at once. */
    void dispatch(SimulatedEvent event) {
        delivery.dispatch(event);
    }

    /** Sends {@code event} again: one copy, no faults, with the usual retries. */
    void redeliver(SimulatedEvent event) {
        delivery.redeliver(event);
    }

    @Override
    public SimulatedEvent event(SimulatedEvent event) {
        return event;
    }

    @Override
    public URI url(SimulatedEvent event) {
        return endpoint;
    }

    @Override
    public String noUrl() {
        return "no webhook endpoint configured";
    }

    @Override
    public HttpRequest request(SimulatedEvent event, URI url) {
        long timestamp = clock.instant().getEpochSecond();
        return HttpRequest.newBuilder(url)
                .timeout(config.webhookTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
                .header("Stripe-Signature", WebhookSignature.header(event.payload(), secret, timestamp))
                .POST(HttpRequest.BodyPublishers.ofString(event.payload()))
                .build();
    }

    @Override
    public String refusal(HttpResponse<String> response) {
        int status = response.statusCode();
        return status >= 200 && status < 300 ? null : "HTTP " + status;
    }

    @Override
    public Duration retryDelay(int attempt) {
        if (attempt >= config.webhookMaxAttempts()) {
            return null;
        }
        return Duration.ofNanos(Math.min(config.webhookRetryDelay().toNanos() << Math.min(attempt - 1, 20),
                config.webhookMaxRetryDelay().toNanos()));
    }

    List<DeliveryAttempt> attempts() {
        return delivery.attempts();
    }

    List<DeliveryAttempt> await(Predicate<List<DeliveryAttempt>> condition, Duration timeout) {
        return delivery.await(condition, timeout);
    }

    /** Waits until no delivery is queued, held back or awaiting a retry. */
    void awaitIdle(Duration timeout) {
        delivery.awaitIdle(timeout);
    }

    /** Forgets all attempts and abandons queued deliveries and retries. */
    void reset() {
        delivery.reset();
    }

    @Override
    public void close() {
        delivery.close();
    }
}
