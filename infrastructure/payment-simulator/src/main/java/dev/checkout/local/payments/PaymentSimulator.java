package dev.checkout.local.payments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A local payment provider that speaks the subset of Stripe's HTTP API the checkout uses (PaymentIntents, Refunds,
 * Charges), honours Stripe's test payment methods, sends signed webhooks asynchronously, and injects faults on
 * demand. Point stripe-java at {@link #baseUrl()} and it cannot tell the difference for these calls.
 *
 * <pre>{@code
 * try (PaymentSimulator sim = PaymentSimulator.start(PaymentSimulatorConfig.forTests())) {
 *     StripeClient stripe = StripeClient.builder().setApiKey("sk_test_x").setApiBase(sim.baseUrl()).build();
 *     sim.setWebhookEndpoint(URI.create("http://127.0.0.1:3000/webhooks/stripe"));
 *     sim.faults().serverErrors(1, FaultPhase.AFTER_PROCESSING);
 *     ...
 * }
 * }</pre>
 *
 * <p>The HTTP server serves {@code /v1/...} (the Stripe API) and {@code /_simulator/...} (the admin API). All
 * objects live in memory; {@link #reset()} forgets them.
 */
public final class PaymentSimulator implements AutoCloseable {
    private final PaymentSimulatorConfig config;
    private final HttpServer server;
    private final ExecutorService requestThreads;
    private final ScheduledExecutorService settlement;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final FaultSwitches faults = new FaultSwitches();
    private final IdempotencyStore idempotency = new IdempotencyStore();
    private final WebhookDispatcher dispatcher;
    private final EventLog events;
    private final PaymentLedger<StripePaymentIntent> ledger;
    private final LedgerSnapshots snapshots;
    private final StripePaymentIntentLifecycle paymentIntentLifecycle;
    private final String baseUrl;

    private PaymentSimulator(PaymentSimulatorConfig config) throws IOException {
        this.config = config;
        ObjectMapper mapper = new ObjectMapper();
        Clock clock = Clock.systemUTC();
        this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        this.baseUrl = "http://" + hostForUrl(config.host()) + ":" + server.getAddress().getPort();
        this.dispatcher = new WebhookDispatcher(config, faults, clock);
        this.events = new EventLog(mapper, config.apiVersion(), config.enabledEvents(), dispatcher, clock);
        this.settlement = Executors.newSingleThreadScheduledExecutor(daemon("payment-simulator-settlement"));
        this.ledger = new PaymentLedger<>(clock);
        this.snapshots = new LedgerSnapshots(ledger);
        this.paymentIntentLifecycle = new StripePaymentIntentLifecycle(ledger, events, () -> baseUrl);
        StripeRefundLifecycle refundLifecycle =
                new StripeRefundLifecycle(ledger, events, settlement, config.refundSettleDelay());
        this.requestThreads = Executors.newCachedThreadPool(daemon("payment-simulator-http"));
        server.setExecutor(requestThreads);
        server.createContext("/v1/", new StripeApiHandler(mapper, paymentIntentLifecycle, refundLifecycle,
                idempotency, faults, config.apiVersion(), config.timeoutHold(), closing));
        server.createContext("/_simulator/", new AdminApiHandler(mapper, this));
        server.start();
    }

    /** Starts a simulator with {@code config}; port 0 picks a free port (see {@link #baseUrl()}). */
    public static PaymentSimulator start(PaymentSimulatorConfig config) {
        try {
            return new PaymentSimulator(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the payment simulator on " + config.host() + ":"
                    + config.port(), e);
        }
    }

    /** Starts a simulator with {@link PaymentSimulatorConfig#defaults()} (port 12111). */
    public static PaymentSimulator start() {
        return start(PaymentSimulatorConfig.defaults());
    }

    /** The API base for stripe-java, e.g. {@code http://127.0.0.1:12111} (no trailing slash). */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The address the server's socket is bound to. */
    public InetSocketAddress boundAddress() {
        return server.getAddress();
    }

    public PaymentSimulatorConfig config() {
        return config;
    }

    /** The {@code api_version} written into events. */
    public String apiVersion() {
        return config.apiVersion();
    }

    /** The current webhook signing secret ({@code whsec_...}). */
    public String webhookSecret() {
        return dispatcher.secret();
    }

    public Optional<URI> webhookEndpoint() {
        return Optional.ofNullable(dispatcher.endpoint());
    }

    /** Sends events to {@code endpoint} from now on ({@code null}: send none), signed with the current secret. */
    public void setWebhookEndpoint(URI endpoint) {
        dispatcher.setEndpoint(endpoint, null);
    }

    /** Sends events to {@code endpoint} signed with {@code secret} ({@code null} keeps the current secret). */
    public void setWebhookEndpoint(URI endpoint, String secret) {
        dispatcher.setEndpoint(endpoint, secret);
    }

    /** The global fault switches. */
    public FaultSwitches faults() {
        return faults;
    }

    public List<SimulatedPaymentIntent> paymentIntents() {
        return snapshots.paymentIntents();
    }

    public Optional<SimulatedPaymentIntent> paymentIntent(String id) {
        return snapshots.paymentIntents().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public List<SimulatedCharge> charges() {
        return snapshots.charges();
    }

    public List<SimulatedRefund> refunds() {
        return snapshots.refunds();
    }

    public Optional<SimulatedRefund> refund(String id) {
        return snapshots.refunds().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** Every event emitted, in order, whether it was sent or not. */
    public List<SimulatedEvent> events() {
        return events.events();
    }

    /** Every webhook delivery attempt, in order. */
    public List<DeliveryAttempt> deliveries() {
        return dispatcher.attempts();
    }

    /** The charges made for the PaymentIntents created with {@code idempotencyKey}. */
    public ChargeCount chargeCount(String idempotencyKey) {
        return snapshots.chargeCount(idempotencyKey);
    }

    /** The customer completes authentication of a {@code requires_action} PaymentIntent: it succeeds. */
    public void completeAuthentication(String paymentIntentId) {
        paymentIntentLifecycle.completeAuthentication(paymentIntentId);
    }

    /** The customer fails authentication: the PaymentIntent goes back to {@code requires_payment_method}. */
    public void failAuthentication(String paymentIntentId) {
        paymentIntentLifecycle.failAuthentication(paymentIntentId);
    }

    /** Sends an event again (one copy, no faults, usual retries). */
    public void redeliver(String eventId) {
        SimulatedEvent event = events.event(eventId)
                .orElseThrow(() -> new IllegalArgumentException("no such event: " + eventId));
        dispatcher.redeliver(event);
    }

    /** Waits until the delivery log satisfies {@code condition}; returns the log then. */
    public List<DeliveryAttempt> awaitDeliveries(Predicate<List<DeliveryAttempt>> condition, Duration timeout) {
        return dispatcher.await(condition, timeout);
    }

    /** Waits until {@code count} attempts of events of {@code eventType} were {@link DeliveryOutcome#DELIVERED}. */
    public List<DeliveryAttempt> awaitDelivered(String eventType, int count, Duration timeout) {
        return awaitDeliveries(attempts -> attempts.stream()
                .filter(a -> a.eventType().equals(eventType) && a.outcome() == DeliveryOutcome.DELIVERED)
                .count() >= count, timeout);
    }

    /** Waits until the event log satisfies {@code condition}; returns the log then. */
    public List<SimulatedEvent> awaitEvents(Predicate<List<SimulatedEvent>> condition, Duration timeout) {
        return events.await(condition, timeout);
    }

    /** Waits until no refund is pending settlement and no webhook delivery is queued or awaiting a retry. */
    public void awaitQuiet(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ledger.awaitSettled(timeout);
        dispatcher.awaitIdle(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    }

    /** Forgets every object, event, delivery, idempotency key and fault; keeps the webhook endpoint and secret. */
    public void reset() {
        faults.clear();
        dispatcher.reset();
        ledger.reset();
        events.reset();
        idempotency.reset();
    }

    PaymentLedger<StripePaymentIntent> ledger() {
        return ledger;
    }

    StripePaymentIntentLifecycle paymentIntentLifecycle() {
        return paymentIntentLifecycle;
    }

    /** Stops the server at once; requests held by faults are released and dropped. */
    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        requestThreads.shutdownNow();
        settlement.shutdownNow();
        dispatcher.close();
    }

    /**
     * Runs the simulator standalone until interrupted. Options: {@code --port N} (default 12111, or
     * {@code PAYMENT_SIMULATOR_PORT}), {@code --host H}, {@code --webhook-url URL}
     * ({@code PAYMENT_SIMULATOR_WEBHOOK_URL}), {@code --webhook-secret whsec_...}
     * ({@code PAYMENT_SIMULATOR_WEBHOOK_SECRET}).
     */
    public static void main(String[] args) throws InterruptedException {
        PaymentSimulatorConfig config = PaymentSimulatorConfig.defaults();
        String port = System.getenv("PAYMENT_SIMULATOR_PORT");
        String webhookUrl = System.getenv("PAYMENT_SIMULATOR_WEBHOOK_URL");
        String secret = System.getenv("PAYMENT_SIMULATOR_WEBHOOK_SECRET");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = value;
                case "--host" -> config = config.withHost(value);
                case "--webhook-url" -> webhookUrl = value;
                case "--webhook-secret" -> secret = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --port N --host H --webhook-url URL --webhook-secret whsec_...");
            }
            i++;
        }
        if (port != null) {
            config = config.withPort(Integer.parseInt(port));
        }
        if (webhookUrl != null) {
            config = config.withWebhookEndpoint(URI.create(webhookUrl));
        }
        if (secret != null) {
            config = config.withWebhookSecret(secret);
        }
        PaymentSimulator simulator = start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "payment-simulator-shutdown"));
        System.out.println("payment simulator (Stripe API " + simulator.apiVersion() + ") listening on "
                + simulator.baseUrl());
        System.out.println("webhook endpoint: " + simulator.webhookEndpoint().map(URI::toString).orElse("(none)")
                + ", signing secret: " + simulator.webhookSecret());
        simulator.closing.await();
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
