package dev.checkout.local.payments;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Sends events to the webhook endpoint, signed, on its own thread (never inline with an API response), one event
 * after another in the order they were emitted. A failed attempt (non-2xx, no connection, no answer in time) is
 * retried with exponential backoff up to the configured number of attempts. Every attempt is recorded. The event
 * faults of {@link FaultSwitches} act here.
 */
final class WebhookDispatcher implements AutoCloseable {
    private final ScheduledExecutorService executor;
    private final HttpClient http;
    private final FaultSwitches faults;
    private final PaymentSimulatorConfig config;
    private final Clock clock;

    private volatile URI endpoint;
    private volatile String secret;

    // guarded by this
    private final List<DeliveryAttempt> attempts = new ArrayList<>();
    private long sequence;
    private int outstanding;
    private long generation;
    private SimulatedEvent heldBack;

    WebhookDispatcher(PaymentSimulatorConfig config, FaultSwitches faults, Clock clock) {
        this.config = config;
        this.faults = faults;
        this.clock = clock;
        this.endpoint = config.webhookEndpoint();
        this.secret = config.webhookSecret();
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "payment-simulator-webhooks");
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.webhookTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
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
        long scheduledIn = begin();
        executor.execute(() -> run(scheduledIn, () -> firstDispatch(event, scheduledIn)));
    }

    /** Sends {@code event} again: one copy, no faults, with the usual retries. */
    void redeliver(SimulatedEvent event) {
        long scheduledIn = begin();
        executor.execute(() -> run(scheduledIn, () -> attempt(event, FaultSwitches.EventFaultPlan.NONE, 1, 1, scheduledIn)));
    }

    private void firstDispatch(SimulatedEvent event, long scheduledIn) {
        FaultSwitches.EventFaultPlan plan = faults.planFor(event);
        SimulatedEvent release = null;
        synchronized (this) {
            if (plan.outOfOrder() && heldBack == null) {
                heldBack = event;
                outstanding += 2; // the held event, and the timer that releases it if no successor comes
                executor.schedule(() -> run(scheduledIn, () -> releaseHeldBack(event, scheduledIn)),
                        config.outOfOrderMaxHold().toNanos(), TimeUnit.NANOSECONDS);
                return;
            }
            if (heldBack != null) {
                release = heldBack;
                heldBack = null;
            }
        }
        send(event, plan, scheduledIn);
        if (release != null) {
            send(release, faultsWithoutReordering(release), scheduledIn);
            finish();
        }
    }

    private void releaseHeldBack(SimulatedEvent event, long scheduledIn) {
        synchronized (this) {
            if (heldBack != event) {
                return;
            }
            heldBack = null;
        }
        send(event, faultsWithoutReordering(event), scheduledIn);
        finish();
    }

    private FaultSwitches.EventFaultPlan faultsWithoutReordering(SimulatedEvent event) {
        FaultSwitches.EventFaultPlan plan = faults.planFor(event);
        return new FaultSwitches.EventFaultPlan(plan.copies(), plan.droppedAttempts(), plan.lost(), false);
    }

    private void send(SimulatedEvent event, FaultSwitches.EventFaultPlan plan, long scheduledIn) {
        if (plan.lost()) {
            record(event, 1, 1, DeliveryOutcome.LOST, 0, "lost by the lost-events fault", false);
            return;
        }
        for (int copy = 1; copy <= plan.copies(); copy++) {
            attempt(event, plan, copy, 1, scheduledIn);
        }
    }

    private void attempt(SimulatedEvent event, FaultSwitches.EventFaultPlan plan, int copy, int attempt,
                         long scheduledIn) {
        URI target = endpoint;
        boolean retriesLeft = attempt < config.webhookMaxAttempts();
        if (target == null) {
            record(event, copy, attempt, DeliveryOutcome.NO_ENDPOINT, 0, "no webhook endpoint configured", false);
            return;
        }
        if (attempt <= plan.droppedAttempts()) {
            record(event, copy, attempt, DeliveryOutcome.DROPPED, 0, "dropped by the dropped-events fault",
                    retriesLeft);
            scheduleRetry(event, plan, copy, attempt, scheduledIn, retriesLeft);
            return;
        }
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(config.webhookTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
                .header("Stripe-Signature", WebhookSignature.header(event.payload(), secret, timestamp))
                .POST(HttpRequest.BodyPublishers.ofString(event.payload()))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                record(event, copy, attempt, DeliveryOutcome.DELIVERED, status, null, false);
            } else {
                record(event, copy, attempt, DeliveryOutcome.FAILED, status, "HTTP " + status, retriesLeft);
                scheduleRetry(event, plan, copy, attempt, scheduledIn, retriesLeft);
            }
        } catch (IOException e) {
            record(event, copy, attempt, DeliveryOutcome.FAILED, 0, e.getClass().getSimpleName() + ": "
                    + e.getMessage(), retriesLeft);
            scheduleRetry(event, plan, copy, attempt, scheduledIn, retriesLeft);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void scheduleRetry(SimulatedEvent event, FaultSwitches.EventFaultPlan plan, int copy, int attempt,
                               long scheduledIn, boolean retriesLeft) {
        if (!retriesLeft) {
            return;
        }
        long delay = Math.min(config.webhookRetryDelay().toNanos() << Math.min(attempt - 1, 20),
                config.webhookMaxRetryDelay().toNanos());
        synchronized (this) {
            outstanding++;
        }
        executor.schedule(() -> run(scheduledIn, () -> attempt(event, plan, copy, attempt + 1, scheduledIn)),
                delay, TimeUnit.NANOSECONDS);
    }

    private synchronized void record(SimulatedEvent event, int copy, int attempt, DeliveryOutcome outcome,
                                     int status, String error, boolean willRetry) {
        URI target = endpoint;
        attempts.add(new DeliveryAttempt(++sequence, event.id(), event.type(), copy, attempt, clock.instant(),
                target == null ? null : target.toString(), outcome, status, error, willRetry));
        notifyAll();
    }

    private synchronized long begin() {
        outstanding++;
        return generation;
    }

    private synchronized void finish() {
        outstanding = Math.max(0, outstanding - 1);
        notifyAll();
    }

    /** Runs a delivery task unless a reset happened since it was scheduled, and counts it done. */
    private void run(long scheduledIn, Runnable task) {
        try {
            boolean current;
            synchronized (this) {
                current = scheduledIn == generation;
            }
            if (current) {
                task.run();
            }
        } finally {
            synchronized (this) {
                if (scheduledIn == generation) {
                    outstanding = Math.max(0, outstanding - 1);
                }
                notifyAll();
            }
        }
    }

    synchronized List<DeliveryAttempt> attempts() {
        return List.copyOf(attempts);
    }

    synchronized List<DeliveryAttempt> await(Predicate<List<DeliveryAttempt>> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(List.copyOf(attempts))) {
            waitUntil(deadline, "deliveries did not meet the condition within " + timeout + "; attempts: " + attempts);
        }
        return List.copyOf(attempts);
    }

    /** Waits until no delivery is queued, held back or awaiting a retry. */
    synchronized void awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (outstanding > 0) {
            waitUntil(deadline, "webhook deliveries still outstanding after " + timeout + ": " + outstanding);
        }
    }

    private void waitUntil(long deadline, String failure) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new AwaitTimedOutException(failure);
        }
        try {
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwaitTimedOutException("interrupted: " + failure);
        }
    }

    /** Forgets all attempts and abandons queued deliveries and retries. */
    synchronized void reset() {
        generation++;
        attempts.clear();
        sequence = 0;
        outstanding = 0;
        heldBack = null;
        notifyAll();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
