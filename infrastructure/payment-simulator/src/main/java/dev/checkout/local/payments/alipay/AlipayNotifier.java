package dev.checkout.local.payments.alipay;

import dev.checkout.local.payments.DeliveryAttempt;
import dev.checkout.local.payments.FaultSwitches;
import dev.checkout.local.payments.NotificationDelivery;
import dev.checkout.local.payments.SimulatedEvent;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Sends notifications as Alipay does, through a {@link NotificationDelivery}: a form POST
 * ({@code application/x-www-form-urlencoded; charset=utf-8}) to the trade's {@code notify_url}, signed RSA2 with
 * Alipay's key over every parameter but {@code sign} and {@code sign_type}, with that attempt's {@code notify_time}.
 * Only a body of exactly {@code success} ends the resends; anything else (another body, an error status, no answer) is
 * resent on Alipay's schedule, scaled.
 */
final class AlipayNotifier implements NotificationDelivery.Channel<AlipayNotification>, AutoCloseable {
    private final AlipaySimulatorConfig config;
    private final PrivateKey alipayKey;
    private final Clock clock;
    private final NotificationDelivery<AlipayNotification> delivery;

    private volatile URI endpointOverride;
    // guarded by this
    private final List<AlipayNotification> emitted = new ArrayList<>();

    AlipayNotifier(AlipaySimulatorConfig config, FaultSwitches faults, PrivateKey alipayKey, Clock clock) {
        this.config = config;
        this.alipayKey = alipayKey;
        this.clock = clock;
        this.delivery = new NotificationDelivery<>("alipay-simulator-notify", config.notifyTimeout(),
                config.outOfOrderMaxHold(), faults, clock, this);
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
        delivery.dispatch(notification);
    }

    /** Sends a notification again: one copy, no faults, the usual resends. */
    void redeliver(String notifyId) {
        AlipayNotification notification;
        synchronized (this) {
            notification = emitted.stream().filter(n -> n.notifyId().equals(notifyId)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no notification " + notifyId));
        }
        delivery.redeliver(notification);
    }

    @Override
    public SimulatedEvent event(AlipayNotification notification) {
        return new SimulatedEvent(notification.notifyId(), notification.type(), notification.outTradeNo(),
                clock.instant().getEpochSecond(), "");
    }

    @Override
    public URI url(AlipayNotification notification) {
        return endpointOverride != null ? endpointOverride
                : notification.notifyUrl() == null ? null : URI.create(notification.notifyUrl());
    }

    @Override
    public String noUrl() {
        return "the trade has no notify_url";
    }

    @Override
    public HttpRequest request(AlipayNotification notification, URI url) {
        return HttpRequest.newBuilder(url)
                .timeout(config.notifyTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body(notification), StandardCharsets.UTF_8))
                .build();
    }

    @Override
    public String refusal(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 200 && response.body().equals("success")) {
            return null;
        }
        return "answered HTTP " + status + " '" + abbreviate(response.body()) + "', not 'success'";
    }

    @Override
    public Duration retryDelay(int attempt) {
        return attempt <= AlipaySimulatorConfig.ALIPAY_RESEND_SCHEDULE.size() ? config.resendDelay(attempt) : null;
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

    List<DeliveryAttempt> attempts() {
        return delivery.attempts();
    }

    synchronized List<AlipayNotification> notifications() {
        return List.copyOf(emitted);
    }

    /** Forgets every notification and attempt; resends already scheduled are dropped. */
    synchronized void reset() {
        delivery.reset();
        emitted.clear();
    }

    private static String abbreviate(String body) {
        return body.length() <= 40 ? body : body.substring(0, 40) + "...";
    }

    @Override
    public void close() {
        delivery.close();
    }
}
