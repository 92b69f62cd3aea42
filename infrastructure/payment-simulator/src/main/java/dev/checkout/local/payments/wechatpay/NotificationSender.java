package dev.checkout.local.payments.wechatpay;

import dev.checkout.local.payments.DeliveryAttempt;
import dev.checkout.local.payments.DeliveryOutcome;
import dev.checkout.local.payments.FaultSwitches;
import dev.checkout.local.payments.SimulatedEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Posts notifications to the merchant's notify_url, signed afresh on each attempt ({@code Wechatpay-Timestamp},
 * {@code -Nonce}, {@code -Serial}, {@code -Signature}, {@code -Signature-Type}), on its own thread, one after another.
 * Only HTTP 200 or 204 counts as received; anything else, no answer or no connection is resent on WeChat Pay's schedule
 * ({@link WeChatPaySimulatorConfig#RETRY_SCHEDULE}, scaled) with the same notification id and body. The event faults
 * of {@link FaultSwitches} act here: duplicates, out of order, dropped first attempts, lost notifications.
 */
final class NotificationSender implements AutoCloseable {
    private static final Duration OUT_OF_ORDER_MAX_HOLD = Duration.ofSeconds(1);

    private final WeChatPaySimulatorConfig config;
    private final SimulatorKeys keys;
    private final FaultSwitches faults;
    private final Clock clock;
    private final HttpClient http;
    private final ScheduledExecutorService executor;

    // guarded by this
    private final List<DeliveryAttempt> attempts = new ArrayList<>();
    private long sequence;
    private long generation;
    private WeChatPayNotification heldBack;
    private FaultSwitches.EventFaultPlan heldBackPlan;

    NotificationSender(WeChatPaySimulatorConfig config, SimulatorKeys keys, FaultSwitches faults, Clock clock) {
        this.config = config;
        this.keys = keys;
        this.faults = faults;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(config.notifyTimeout()).version(HttpClient.Version.HTTP_1_1).build();
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "wechatpay-simulator-notifications");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Queues {@code notification}; returns at once. */
    void send(WeChatPayNotification notification) {
        long scheduledIn = generation();
        executor.execute(() -> {
            if (scheduledIn != generation()) {
                return;
            }
            FaultSwitches.EventFaultPlan plan = faults.planFor(new SimulatedEvent(notification.id(), notification.eventType(),
                    notification.objectId(), clock.instant().getEpochSecond(), notification.body()));
            WeChatPayNotification release = null;
            FaultSwitches.EventFaultPlan releasePlan = null;
            synchronized (this) {
                if (plan.outOfOrder() && heldBack == null) {
                    heldBack = notification;
                    heldBackPlan = plan;
                    executor.schedule(() -> releaseHeldBack(notification, scheduledIn), OUT_OF_ORDER_MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                }
                if (heldBack != null) {
                    release = heldBack;
                    releasePlan = heldBackPlan;
                    heldBack = null;
                    heldBackPlan = null;
                }
            }
            start(notification, plan, scheduledIn);
            if (release != null) {
                start(release, releasePlan, scheduledIn);
            }
        });
    }

    private void releaseHeldBack(WeChatPayNotification notification, long scheduledIn) {
        FaultSwitches.EventFaultPlan plan;
        synchronized (this) {
            if (heldBack != notification || scheduledIn != generation) {
                return;
            }
            plan = heldBackPlan;
            heldBack = null;
            heldBackPlan = null;
        }
        start(notification, plan, scheduledIn);
    }

    private void start(WeChatPayNotification notification, FaultSwitches.EventFaultPlan plan, long scheduledIn) {
        if (plan.lost()) {
            record(notification, 1, 1, DeliveryOutcome.LOST, 0, "lost by the lost-events fault", false);
            return;
        }
        for (int copy = 1; copy <= plan.copies(); copy++) {
            attempt(notification, plan, copy, 1, scheduledIn);
        }
    }

    private void attempt(WeChatPayNotification notification, FaultSwitches.EventFaultPlan plan, int copy, int attempt, long scheduledIn) {
        if (scheduledIn != generation()) {
            return;
        }
        Duration nextDelay = config.retryDelay(attempt);
        boolean retriesLeft = nextDelay != null;
        if (notification.notifyUrl() == null) {
            record(notification, copy, attempt, DeliveryOutcome.NO_ENDPOINT, 0, "no notify_url", false);
            return;
        }
        if (attempt <= plan.droppedAttempts()) {
            record(notification, copy, attempt, DeliveryOutcome.DROPPED, 0, "dropped by the dropped-events fault", retriesLeft);
            retry(notification, plan, copy, attempt, nextDelay, scheduledIn);
            return;
        }
        byte[] body = notification.body().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(notification.notifyUrl()))
                .timeout(config.notifyTimeout())
                .header("User-Agent", "Mozilla/4.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers(keys, body, clock.instant().getEpochSecond()).forEach(builder::header);
        HttpRequest request = builder.build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status == 200 || status == 204) {
                record(notification, copy, attempt, DeliveryOutcome.DELIVERED, status, null, false);
            } else {
                record(notification, copy, attempt, DeliveryOutcome.FAILED, status, "HTTP " + status, retriesLeft);
                retry(notification, plan, copy, attempt, nextDelay, scheduledIn);
            }
        } catch (IOException | IllegalArgumentException e) {
            record(notification, copy, attempt, DeliveryOutcome.FAILED, 0, e.getClass().getSimpleName() + ": " + e.getMessage(), retriesLeft);
            retry(notification, plan, copy, attempt, nextDelay, scheduledIn);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The headers WeChat Pay sends with a notification {@code body}, signed with the platform key at {@code epochSecond}. */
    static Map<String, String> headers(SimulatorKeys keys, byte[] body, long epochSecond) {
        String timestamp = Long.toString(epochSecond);
        String nonce = SimulatorKeys.nonce();
        var headers = new LinkedHashMap<String, String>();
        headers.put("Content-Type", "application/json");
        headers.put("Wechatpay-Timestamp", timestamp);
        headers.put("Wechatpay-Nonce", nonce);
        headers.put("Wechatpay-Serial", keys.platformKeyId);
        headers.put("Wechatpay-Signature", keys.signAsPlatform(timestamp, nonce, body));
        headers.put("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048");
        return headers;
    }

    private void retry(WeChatPayNotification notification, FaultSwitches.EventFaultPlan plan, int copy, int attempt, Duration delay,
                       long scheduledIn) {
        if (delay != null) {
            executor.schedule(() -> attempt(notification, plan, copy, attempt + 1, scheduledIn), delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private synchronized void record(WeChatPayNotification notification, int copy, int attempt, DeliveryOutcome outcome, int status,
                                     String error, boolean willRetry) {
        attempts.add(new DeliveryAttempt(++sequence, notification.id(), notification.eventType(), copy, attempt, clock.instant(),
                notification.notifyUrl(), outcome, status, error, willRetry));
    }

    synchronized List<DeliveryAttempt> attempts() {
        return List.copyOf(attempts);
    }

    private synchronized long generation() {
        return generation;
    }

    /** Forgets all attempts and abandons queued and scheduled deliveries. */
    synchronized void reset() {
        generation++;
        attempts.clear();
        sequence = 0;
        heldBack = null;
        heldBackPlan = null;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
