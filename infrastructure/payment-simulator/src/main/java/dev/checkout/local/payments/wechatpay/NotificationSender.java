package dev.checkout.local.payments.wechatpay;

import dev.checkout.local.payments.DeliveryAttempt;
import dev.checkout.local.payments.FaultSwitches;
import dev.checkout.local.payments.NotificationDelivery;
import dev.checkout.local.payments.SimulatedEvent;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Posts notifications to the merchant's notify_url through a {@link NotificationDelivery}, signed afresh on each
 * attempt ({@code Wechatpay-Timestamp}, {@code -Nonce}, {@code -Serial}, {@code -Signature},
 * {@code -Signature-Type}). Only HTTP 200 or 204 counts as received; anything else, no answer or no connection is
 * resent on WeChat Pay's schedule ({@link WeChatPaySimulatorConfig#RETRY_SCHEDULE}, scaled) with the same
 * notification id and body.
 */
final class NotificationSender implements NotificationDelivery.Channel<WeChatPayNotification>, AutoCloseable {
    private static final Duration OUT_OF_ORDER_MAX_HOLD = Duration.ofSeconds(1);

    private final WeChatPaySimulatorConfig config;
    private final SimulatorKeys keys;
    private final Clock clock;
    private final NotificationDelivery<WeChatPayNotification> delivery;

    NotificationSender(WeChatPaySimulatorConfig config, SimulatorKeys keys, FaultSwitches faults, Clock clock) {
        this.config = config;
        this.keys = keys;
        this.clock = clock;
        this.delivery = new NotificationDelivery<>("wechatpay-simulator-notifications", config.notifyTimeout(),
                OUT_OF_ORDER_MAX_HOLD, faults, clock, this);
    }

    /** Queues {@code notification}; returns at once. */
    void send(WeChatPayNotification notification) {
        delivery.dispatch(notification);
    }

    @Override
    public SimulatedEvent event(WeChatPayNotification notification) {
        return new SimulatedEvent(notification.id(), notification.eventType(), notification.objectId(),
                clock.instant().getEpochSecond(), notification.body());
    }

    @Override
    public URI url(WeChatPayNotification notification) {
        return notification.notifyUrl() == null ? null : URI.create(notification.notifyUrl());
    }

    @Override
    public String noUrl() {
        return "no notify_url";
    }

    @Override
    public HttpRequest request(WeChatPayNotification notification, URI url) {
        byte[] body = notification.body().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder builder = HttpRequest.newBuilder(url)
                .timeout(config.notifyTimeout())
                .header("User-Agent", "Mozilla/4.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers(keys, body, clock.instant().getEpochSecond()).forEach(builder::header);
        return builder.build();
    }

    @Override
    public String refusal(HttpResponse<String> response) {
        int status = response.statusCode();
        return status == 200 || status == 204 ? null : "HTTP " + status;
    }

    @Override
    public Duration retryDelay(int attempt) {
        return config.retryDelay(attempt);
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

    List<DeliveryAttempt> attempts() {
        return delivery.attempts();
    }

    /** Forgets all attempts and abandons queued and scheduled deliveries. */
    void reset() {
        delivery.reset();
    }

    @Override
    public void close() {
        delivery.close();
    }
}
