package dev.checkout.local.payments;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Delivers a simulator's notifications on its own thread, one after another in the order they were emitted, as every
 * payment platform does: a failed attempt (an answer the platform does not count as stored, no connection, no answer
 * in time) is resent on the platform's schedule; the event faults of {@link FaultSwitches} (duplicates, out of order,
 * dropped attempts, lost notifications) act here; every attempt is recorded as a {@link DeliveryAttempt}. What differs
 * between platforms (where a notification goes, how it is signed and formatted, which answer counts as stored, the
 * resend schedule) comes from its {@link Channel}.
 *
 * @param <N> the platform's notification
 */
public final class NotificationDelivery<N> implements AutoCloseable {

    /** What one platform does its own way. */
    public interface Channel<N> {
        /** The notification as an event: its id and type are recorded, and the fault plan is decided for it. */
        SimulatedEvent event(N notification);

        /** Where the notification goes now, or {@code null} when nowhere. */
        URI url(N notification);

        /** Why there is nowhere to send, recorded when {@link #url} is {@code null}. */
        String noUrl();

        /** The request of one attempt to {@code url}, formatted and signed afresh. */
        HttpRequest request(N notification, URI url);

        /** Why {@code response} does not count as stored, or {@code null} when it does. */
        String refusal(HttpResponse<String> response);

        /** How long after failed attempt {@code attempt} (from 1) the next one follows, or {@code null} for none. */
        Duration retryDelay(int attempt);
    }

    private final Channel<N> channel;
    private final FaultSwitches faults;
    private final Duration outOfOrderMaxHold;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final HttpClient http;

    // guarded by this
    private final List<DeliveryAttempt> attempts = new ArrayList<>();
    private long sequence;
    private int outstanding;
    private long generation;
    private N heldBack;
    private FaultSwitches.EventFaultPlan heldBackPlan;

    public NotificationDelivery(String threadName, Duration connectTimeout, Duration outOfOrderMaxHold,
                                FaultSwitches faults, Clock clock, Channel<N> channel) {
        this.channel = channel;
        this.faults = faults;
        this.outOfOrderMaxHold = outOfOrderMaxHold;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Queues {@code notification} for delivery under the event faults; returns at once. */
    public void dispatch(N notification) {
        long scheduledIn = begin();
        executor.execute(() -> run(scheduledIn, () -> firstDispatch(notification, scheduledIn)));
    }

    /** Sends {@code notification} again: one copy, no faults, with the usual resends; returns at once. */
    public void redeliver(N notification) {
        long scheduledIn = begin();
        executor.execute(() -> run(scheduledIn,
                () -> attempt(notification, FaultSwitches.EventFaultPlan.NONE, 1, 1, scheduledIn)));
    }

    private void firstDispatch(N notification, long scheduledIn) {
        FaultSwitches.EventFaultPlan plan = faults.planFor(channel.event(notification));
        N release = null;
        FaultSwitches.EventFaultPlan releasePlan = null;
        synchronized (this) {
            if (plan.outOfOrder() && heldBack == null) {
                heldBack = notification;
                heldBackPlan = plan;
                outstanding += 2; // the held notification, and the timer that releases it if no successor comes
                executor.schedule(() -> run(scheduledIn, () -> releaseHeldBack(notification, scheduledIn)),
                        outOfOrderMaxHold.toNanos(), TimeUnit.NANOSECONDS);
                return;
            }
            if (heldBack != null) {
                release = heldBack;
                releasePlan = heldBackPlan;
                heldBack = null;
                heldBackPlan = null;
            }
        }
        send(notification, plan, scheduledIn);
        if (release != null) {
            send(release, releasePlan, scheduledIn);
            finish();
        }
    }

    private void releaseHeldBack(N notification, long scheduledIn) {
        FaultSwitches.EventFaultPlan plan;
        synchronized (this) {
            if (heldBack != notification) {
                return;
            }
            plan = heldBackPlan;
            heldBack = null;
            heldBackPlan = null;
        }
        send(notification, plan, scheduledIn);
        finish();
    }

    private void send(N notification, FaultSwitches.EventFaultPlan plan, long scheduledIn) {
        if (plan.lost()) {
            record(notification, 1, 1, DeliveryOutcome.LOST, 0, "lost by the lost-events fault", false, scheduledIn);
            return;
        }
        for (int copy = 1; copy <= plan.copies(); copy++) {
            attempt(notification, plan, copy, 1, scheduledIn);
        }
    }

    private void attempt(N notification, FaultSwitches.EventFaultPlan plan, int copy, int attempt, long scheduledIn) {
        URI url = channel.url(notification);
        Duration nextDelay = channel.retryDelay(attempt);
        boolean retriesLeft = nextDelay != null;
        if (url == null) {
            record(notification, copy, attempt, DeliveryOutcome.NO_ENDPOINT, 0, channel.noUrl(), false, scheduledIn);
            return;
        }
        if (attempt <= plan.droppedAttempts()) {
            record(notification, copy, attempt, DeliveryOutcome.DROPPED, 0, "dropped by the dropped-events fault",
                    retriesLeft, scheduledIn);
            retry(notification, plan, copy, attempt, nextDelay, scheduledIn);
            return;
        }
        try {
            HttpResponse<String> response = http.send(channel.request(notification, url),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            int status = response.statusCode();
            String refusal = channel.refusal(response);
            if (refusal == null) {
                record(notification, copy, attempt, DeliveryOutcome.DELIVERED, status, null, false, scheduledIn);
            } else {
                record(notification, copy, attempt, DeliveryOutcome.FAILED, status, refusal, retriesLeft, scheduledIn);
                retry(notification, plan, copy, attempt, nextDelay, scheduledIn);
            }
        } catch (IOException | IllegalArgumentException e) {
            record(notification, copy, attempt, DeliveryOutcome.FAILED, 0,
                    e.getClass().getSimpleName() + ": " + e.getMessage(), retriesLeft, scheduledIn);
            retry(notification, plan, copy, attempt, nextDelay, scheduledIn);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void retry(N notification, FaultSwitches.EventFaultPlan plan, int copy, int attempt, Duration delay,
                       long scheduledIn) {
        if (delay == null) {
            return;
        }
        synchronized (this) {
            outstanding++;
        }
        executor.schedule(() -> run(scheduledIn, () -> attempt(notification, plan, copy, attempt + 1, scheduledIn)),
                delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private synchronized void record(N notification, int copy, int attempt, DeliveryOutcome outcome, int status,
                                     String error, boolean willRetry, long scheduledIn) {
        if (scheduledIn != generation) {
            return;
        }
        SimulatedEvent event = channel.event(notification);
        URI url = channel.url(notification);
        attempts.add(new DeliveryAttempt(++sequence, event.id(), event.type(), copy, attempt, clock.instant(),
                url == null ? null : url.toString(), outcome, status, error, willRetry));
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

    public synchronized List<DeliveryAttempt> attempts() {
        return List.copyOf(attempts);
    }

    /** Waits until the attempts meet {@code condition}, and returns them. */
    public synchronized List<DeliveryAttempt> await(Predicate<List<DeliveryAttempt>> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(List.copyOf(attempts))) {
            waitUntil(deadline, "deliveries did not meet the condition within " + timeout + "; attempts: " + attempts);
        }
        return List.copyOf(attempts);
    }

    /** Waits until no delivery is queued, held back or awaiting a retry. */
    public synchronized void awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (outstanding > 0) {
            waitUntil(deadline, "deliveries still outstanding after " + timeout + ": " + outstanding);
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
    public synchronized void reset() {
        generation++;
        attempts.clear();
        sequence = 0;
        outstanding = 0;
        heldBack = null;
        heldBackPlan = null;
        notifyAll();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
