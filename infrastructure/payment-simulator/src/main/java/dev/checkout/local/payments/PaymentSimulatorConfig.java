package dev.checkout.local.payments;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of a {@link PaymentSimulator}. Start from {@link #defaults()} and change what matters with the
 * {@code with...} methods; every value is validated on construction.
 *
 * @param host                 loopback address the HTTP server binds to ({@code 127.0.0.1} by default; {@code ::1}
 *                             and {@code localhost} also do); any other address is refused
 * @param port                 TCP port; 0 picks a free one
 * @param apiVersion           the {@code api_version} written into events; defaults to the version stripe-java
 *                             33.3.0 pins, so {@code EventDataObjectDeserializer.getObject()} is present
 * @param webhookEndpoint      where events are POSTed; {@code null} means events are recorded but not sent
 * @param webhookSecret        signing secret ({@code whsec_...})
 * @param webhookMaxAttempts   delivery attempts per event copy before giving up (Stripe retries for days; here a count)
 * @param webhookRetryDelay    delay before the second attempt; doubles for each further attempt
 * @param webhookMaxRetryDelay upper bound of the retry delay
 * @param webhookTimeout       how long one delivery attempt waits for the endpoint's answer
 * @param refundSettleDelay    how long a refund stays {@code pending} before it succeeds or fails
 * @param timeoutHold          how long a request hit by a timeout fault is held before its connection is dropped;
 *                             must exceed the client's read timeout
 * @param outOfOrderMaxHold    how long an event held back by the out-of-order fault waits for a successor event
 *                             before it is sent anyway
 * @param enabledEvents        event types sent to the endpoint, like a Stripe endpoint's {@code enabled_events};
 *                             {@code "*"} for all (the simulator also emits {@code payment_intent.created},
 *                             {@code charge.succeeded} and {@code charge.failed})
 */
public record PaymentSimulatorConfig(
        String host,
        int port,
        String apiVersion,
        URI webhookEndpoint,
        String webhookSecret,
        int webhookMaxAttempts,
        Duration webhookRetryDelay,
        Duration webhookMaxRetryDelay,
        Duration webhookTimeout,
        Duration refundSettleDelay,
        Duration timeoutHold,
        Duration outOfOrderMaxHold,
        Set<String> enabledEvents) {

    /**
     * The event types sent to the webhook endpoint by default: the ones the checkout subscribes to. Every event is
     * recorded whether sent or not; {@code "*"} subscribes to all.
     */
    public static final Set<String> CHECKOUT_EVENTS = Set.of(
            "payment_intent.succeeded", "payment_intent.payment_failed", "payment_intent.canceled",
            "payment_intent.requires_action", "refund.created", "refund.updated", "refund.failed", "charge.refunded");

    /** The Stripe API version stripe-java 33.3.0 sends and expects ({@code com.stripe.Stripe.API_VERSION}). */
    public static final String STRIPE_JAVA_API_VERSION = "2026-07-29.dahlia";

    /** The port the standalone simulator listens on (the one stripe-mock uses, too). */
    public static final int DEFAULT_PORT = 12111;

    public PaymentSimulatorConfig {
        Objects.requireNonNull(host, "host");
        if (!isLoopback(host)) {
            throw new IllegalArgumentException("host must be a loopback address (127.0.0.1, ::1 or localhost): the simulator is for this machine only, was " + host);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        if (apiVersion == null || apiVersion.isBlank()) {
            throw new IllegalArgumentException("apiVersion is required");
        }
        if (webhookEndpoint != null && !webhookEndpoint.isAbsolute()) {
            throw new IllegalArgumentException("webhookEndpoint must be an absolute URL: " + webhookEndpoint);
        }
        if (webhookSecret == null || !webhookSecret.startsWith("whsec_")) {
            throw new IllegalArgumentException("webhookSecret must start with whsec_");
        }
        if (webhookMaxAttempts < 1) {
            throw new IllegalArgumentException("webhookMaxAttempts must be at least 1: " + webhookMaxAttempts);
        }
        requirePositive(webhookRetryDelay, "webhookRetryDelay");
        requirePositive(webhookMaxRetryDelay, "webhookMaxRetryDelay");
        requirePositive(webhookTimeout, "webhookTimeout");
        requirePositive(refundSettleDelay, "refundSettleDelay");
        requirePositive(timeoutHold, "timeoutHold");
        requirePositive(outOfOrderMaxHold, "outOfOrderMaxHold");
        if (enabledEvents == null || enabledEvents.isEmpty()) {
            throw new IllegalArgumentException("enabledEvents must name at least one event type (or \"*\")");
        }
        enabledEvents = Set.copyOf(enabledEvents);
    }

    /**
     * Loopback, {@link #DEFAULT_PORT}, stripe-java's API version, no webhook endpoint, a fresh random secret,
     * 5 delivery attempts from 1 s apart up to 30 s, refunds settle after 500 ms, timeouts hold for 90 s
     * (longer than stripe-java's 80 s default read timeout).
     */
    public static PaymentSimulatorConfig defaults() {
        return new PaymentSimulatorConfig("127.0.0.1", DEFAULT_PORT, STRIPE_JAVA_API_VERSION, null, randomSecret(),
                5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10),
                Duration.ofMillis(500), Duration.ofSeconds(90), Duration.ofSeconds(2), CHECKOUT_EVENTS);
    }

    /**
     * Settings for tests: a free port and short delays (retries from 20 ms, refunds settle after 50 ms,
     * timeouts hold for 5 s, out-of-order holds for 500 ms).
     */
    public static PaymentSimulatorConfig forTests() {
        return defaults().withPort(0)
                .withWebhookRetryDelay(Duration.ofMillis(20), Duration.ofMillis(200))
                .withRefundSettleDelay(Duration.ofMillis(50))
                .withTimeoutHold(Duration.ofSeconds(5))
                .withOutOfOrderMaxHold(Duration.ofMillis(500))
                .withWebhookTimeout(Duration.ofSeconds(5));
    }

    /** A random {@code whsec_} secret of 32 hex digits. */
    public static String randomSecret() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return "whsec_" + HexFormat.of().formatHex(bytes);
    }

    public PaymentSimulatorConfig withHost(String value) {
        return new PaymentSimulatorConfig(value, port, apiVersion, webhookEndpoint, webhookSecret, webhookMaxAttempts,
                webhookRetryDelay, webhookMaxRetryDelay, webhookTimeout, refundSettleDelay, timeoutHold,
                outOfOrderMaxHold, enabledEvents);
    }

    public PaymentSimulatorConfig withPort(int value) {
        return new PaymentSimulatorConfig(host, value, apiVersion, webhookEndpoint, webhookSecret, webhookMaxAttempts,
                webhookRetryDelay, webhookMaxRetryDelay, webhookTimeout, refundSettleDelay, timeoutHold,
                outOfOrderMaxHold, enabledEvents);
    }

    public PaymentSimulatorConfig withApiVersion(String value) {
        return new PaymentSimulatorConfig(host, port, value, webhookEndpoint, webhookSecret, webhookMaxAttempts,
                webhookRetryDelay, webhookMaxRetryDelay, webhookTimeout, refundSettleDelay, timeoutHold,
                outOfOrderMaxHold, enabledEvents);
    }

    public PaymentSimulatorConfig withWebhookEndpoint(URI value) {
        return new PaymentSimulatorConfig(host, port, apiVersion, value, webhookSecret, webhookMaxAttempts,
                webhookRetryDelay, webhookMaxRetryDelay, webhookTimeout, refundSettleDelay, timeoutHold,
                outOfOrderMaxHold, enabledEvents);
    }

    public PaymentSimulatorConfig withWebhookSecret(String value) {
        return new PaymentSimulatorConfig(host, port, apiVersion, webhookEndpoint, value, webhookMaxAttempts,
                webhookRetryDelay, webhookMaxRetryDelay, webhookTimeout, refundSettleDelay, timeoutHold,
                outOfOrderMaxHold, enabledEvents);
    }

    public PaymentSimulatorConfig withWebhookMaxAttempts(int value) {
        return new PaymentSimulatorConfig(host, port, apiVersion, webhookEndpoint, webhookSecret, value,
                webhookRetryDelay, webhookMaxRetryDelay, webhookTimeout, refundSettleDelay, timeoutHold,
                outOfOrderMaxHold, enabledEvents);
    }

    public PaymentSimulatorConfig withWebhookRetryDelay(Duration first, Duration max) {
        return new PaymentSimulatorConfig(host, port, apiVersion, webhookEndpoint, webhookSecret, webhookMaxAttempts,
                first, max, webhookTimeout, refundSettleDelay, timeoutHold, outOfOrderMaxHold, enabledEvents);
    }

    public PaymentSimulatorConfig withWebhookTimeout(Duration value) {
        return new PaymentSimulatorConfig(host, port, apiVersion, webhookEndpoint, webhookSecret, webhookMaxAttempts,
                webhookRetryDelay, webhookMaxRetryDelay, value, refundSettleDelay, timeoutHold, outOfOrderMaxHold, enabledEvents);
    }

    public PaymentSimulatorConfig withRefundSettleDelay(Duration value) {
        return new PaymentSimulatorConfig(host, port, apiVersion, webhookEndpoint, webhookSecret, webhookMaxAttempts,
                webhookRetryDelay, webhookMaxRetryDelay, webhookTimeout, value, timeoutHold, outOfOrderMaxHold, enabledEvents);
    }

    public PaymentSimulatorConfig withTimeoutHold(Duration value) {
        return new PaymentSimulatorConfig(host, port, apiVersion, webhookEndpoint, webhookSecret, webhookMaxAttempts,
                webhookRetryDelay, webhookMaxRetryDelay, webhookTimeout, refundSettleDelay, value, outOfOrderMaxHold, enabledEvents);
    }

    public PaymentSimulatorConfig withOutOfOrderMaxHold(Duration value) {
        return new PaymentSimulatorConfig(host, port, apiVersion, webhookEndpoint, webhookSecret, webhookMaxAttempts,
                webhookRetryDelay, webhookMaxRetryDelay, webhookTimeout, refundSettleDelay, timeoutHold, value, enabledEvents);
    }

    public PaymentSimulatorConfig withEnabledEvents(Set<String> value) {
        return new PaymentSimulatorConfig(host, port, apiVersion, webhookEndpoint, webhookSecret, webhookMaxAttempts,
                webhookRetryDelay, webhookMaxRetryDelay, webhookTimeout, refundSettleDelay, timeoutHold,
                outOfOrderMaxHold, value);
    }

    /** Only address literals and {@code localhost} are taken, so that nothing is looked up. */
    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration: " + value);
        }
    }
}
