package dev.checkout.local.payments.alipay;

import dev.checkout.local.payments.DeliveryAttempt;
import dev.checkout.local.payments.DeliveryOutcome;
import dev.checkout.local.payments.FaultSwitches;
import dev.checkout.local.payments.SimulatedEvent;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Sends notifications as Alipay does: a form POST ({@code application/x-www-form-urlencoded; charset=utf-8}) to the
 * trade's {@code notify_url}, signed RSA2 with Alipay's key over every parameter but {@code sign} and {@code sign_type},
 * with that attempt's {@code notify_time}. Only a body of exactly {@code success} ends the resends; anything else (another
 * body, an error status, no answer) is resent on Alipay's schedule, scaled. The event faults of {@link FaultSwitches}
 * act here; every attempt is recorded.
 */
final class AlipayNotifier implements AutoCloseable {
    private final AlipaySimulatorConfig config;
    private final FaultSwitches faults;
    private final PrivateKey alipayKey;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final HttpClient http;

    private volatile URI endpointOverride;
    // guarded by this
    private final List<DeliveryAttempt> attempts = new ArrayList<>();
    private final List<AlipayNotification> emitted = new ArrayList<>();
    private long sequence;
    private long generation;
    private AlipayNotification heldBack;
    private FaultSwitches.EventFaultPlan heldBackPlan;

    AlipayNotifier(AlipaySimulatorConfig config, FaultSwitches faults, PrivateKey alipayKey, Clock clock) {
        this.config = config;
        this.faults = faults;
        this.alipayKey = alipayKey;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "alipay-simulator-notify");
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder().connectTimeout(config.notifyTimeout()).version(HttpClient.Version.HTTP_1_1).build();
    }

    void setEndpointOverride(URI endpoint) {
        this.endpointOverride = endpoint;
    }

    URI endpointOverride() {
        return endpointOverride;
    }

    /** Queues {@code notification} for delivery; returns at once. */
    synchronized void emit(AlipayNotification notification) {
        emitted.add(notification);
        long current = generation;
        executor.execute(() -> firstDispatch(notification, current));
    }

    /** Sends a notification again: one copy, no faults, the usual resends. */
    void redeliver(String notifyId) {
        AlipayNotification notification;
        long current;
        synchronized (this) {
            notification = emitted.stream().filter(n -> n.notifyId().equals(notifyId)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no notification " + notifyId));
            current = generation;
        }
        executor.execute(() -> attempt(notification, 1, 1, 0, current));
    }

    private void firstDispatch(AlipayNotification notification, long current) {
        FaultSwitches.EventFaultPlan plan = faults.planFor(new SimulatedEvent(notification.notifyId(), notification.type(),
                notification.outTradeNo(), clock.instant().getEpochSecond(), ""));
        if (plan.lost()) {
            record(notification, 1, 1, DeliveryOutcome.LOST, 0, "lost by the lose-events fault", false, current);
            return;
        }
        AlipayNotification release = null;
        FaultSwitches.EventFaultPlan releasePlan = null;
        synchronized (this) {
            if (generation != current) {
                return;
            }
            if (plan.outOfOrder() && heldBack == null) {
                heldBack = notification;
                heldBackPlan = plan;
                executor.schedule(() -> releaseHeldBack(notification, current), config.outOfOrderMaxHold().toNanos(), TimeUnit.NANOSECONDS);
                return;
            }
            if (heldBack != null) {
                release = heldBack;
                releasePlan = heldBackPlan;
                heldBack = null;
                heldBackPlan = null;
            }
        }
        send(notification, plan, current);
        if (release != null) {
            send(release, releasePlan, current);
        }
    }

    private void releaseHeldBack(AlipayNotification notification, long current) {
        FaultSwitches.EventFaultPlan plan;
        synchronized (this) {
            if (heldBack != notification) {
                return;
            }
            plan = heldBackPlan;
            heldBack = null;
            heldBackPlan = null;
        }
        send(notification, plan, current);
    }

    private void send(AlipayNotification notification, FaultSwitches.EventFaultPlan plan, long current) {
        for (int copy = 1; copy <= plan.copies(); copy++) {
            attempt(notification, copy, 1, plan.droppedAttempts(), current);
        }
    }

    private void attempt(AlipayNotification notification, int copy, int attempt, int dropped, long current) {
        synchronized (this) {
            if (generation != current) {
                return;
            }
        }
        boolean willRetry = attempt <= AlipaySimulatorConfig.ALIPAY_RESEND_SCHEDULE.size();
        URI url = endpointOverride != null ? endpointOverride
                : notification.notifyUrl() == null ? null : URI.create(notification.notifyUrl());
        if (url == null) {
            record(notification, copy, attempt, DeliveryOutcome.NO_ENDPOINT, 0, "the trade has no notify_url", false, current);
            return;
        }
        if (attempt <= dropped) {
            record(notification, copy, attempt, DeliveryOutcome.DROPPED, 0, "dropped by the drop-deliveries fault", willRetry, current);
        } else {
            int status = 0;
            String error = null;
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(url)
                                .timeout(config.notifyTimeout())
                                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                                .POST(HttpRequest.BodyPublishers.ofString(body(notification), StandardCharsets.UTF_8))
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                status = response.statusCode();
                if (status == 200 && response.body().equals("success")) {
                    record(notification, copy, attempt, DeliveryOutcome.DELIVERED, status, null, false, current);
                    return;
                }
                error = "answered HTTP " + status + " '" + abbreviate(response.body()) + "', not 'success'";
            } catch (java.io.IOException e) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            record(notification, copy, attempt, DeliveryOutcome.FAILED, status, error, willRetry, current);
        }
        if (willRetry) {
            executor.schedule(() -> attempt(notification, copy, attempt + 1, dropped, current),
                    config.resendDelay(attempt).toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** The form body of one attempt: the notification's parameters, this attempt's notify_time, signed. */
    String body(AlipayNotification notification) {
        return signedBody(notification.params());
    }

    /** {@code parameters} with a current notify_time unless they name one, signed, as a form body. */
    String signedBody(Map<String, String> parameters) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("notify_time", AlipayTrades.TIME.format(clock.instant().atZone(AlipayTrades.BEIJING)));
        params.putAll(parameters);
        params.put("sign_type", "RSA2");
        params.put("sign", AlipaySigning.sign(AlipaySigning.content(params, Set.of("sign", "sign_type")), alipayKey));
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private synchronized void record(AlipayNotification notification, int copy, int attempt, DeliveryOutcome outcome, int status,
                                     String error, boolean willRetry, long current) {
        if (generation != current) {
            return;
        }
        URI url = endpointOverride != null ? endpointOverride
                : notification.notifyUrl() == null ? null : URI.create(notification.notifyUrl());
        attempts.add(new DeliveryAttempt(++sequence, notification.notifyId(), notification.type(), copy, attempt, Instant.now(clock),
                url == null ? null : url.toString(), outcome, status, error, willRetry));
        notifyAll();
    }

    synchronized List<DeliveryAttempt> attempts() {
        return List.copyOf(attempts);
    }

    synchronized List<AlipayNotification> notifications() {
        return List.copyOf(emitted);
    }

    /** Forgets every notification and attempt; resends already scheduled are dropped. */
    synchronized void reset() {
        generation++;
        attempts.clear();
        emitted.clear();
        heldBack = null;
        heldBackPlan = null;
        sequence = 0;
    }

    private static String abbreviate(String body) {
        return body.length() <= 40 ? body : body.substring(0, 40) + "...";
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
