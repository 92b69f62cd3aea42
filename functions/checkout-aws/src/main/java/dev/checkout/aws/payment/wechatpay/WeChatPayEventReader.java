package dev.checkout.aws.payment.wechatpay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.aws.lambda.Json;
import dev.checkout.domain.Money;
import dev.checkout.domain.PaymentEvent;
import dev.checkout.domain.PaymentEvent.Kind;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.RefundId;
import dev.checkout.domain.ValidationException;
import dev.checkout.domain.WebhookSignatureException;
import dev.checkout.port.PaymentEventReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * WeChat Pay API v3 notifications ({@code TRANSACTION.SUCCESS}, {@code REFUND.SUCCESS}, {@code REFUND.ABNORMAL},
 * {@code REFUND.CLOSED}; anything else is {@link Kind#IGNORED}).
 *
 * <p>{@link #verify} checks {@code Wechatpay-Signature} over the raw body with the platform public key named by
 * {@code Wechatpay-Serial}, refuses WeChat Pay's probe signatures ({@code WECHATPAY/SIGNTEST/...}) and a timestamp
 * more than five minutes from now either side (the official SDK does not check freshness; a replayed notification
 * is refused here), decrypts the resource and checks it names this merchant ({@code mchid}, and {@code appid} where
 * the resource states one).
 *
 * <p>The body is encrypted, so reading needs the APIv3 key: the inbox and queue keep the body as received, and
 * {@link #read} (the queue's consumer) decrypts it again with the same configuration. The function that consumes the
 * notification queue must therefore be given the WeChat Pay settings too. The configuration is asked for on the
 * first verify or read, not on construction.
 */
public final class WeChatPayEventReader implements PaymentEventReader {
    private static final String PROBE_SIGNATURE = "WECHATPAY/SIGNTEST/";

    private final Supplier<WeChatPayConfig> config;
    private final Clock clock;

    public WeChatPayEventReader(Supplier<WeChatPayConfig> config) {
        this(config, Clock.systemUTC());
    }

    WeChatPayEventReader(Supplier<WeChatPayConfig> config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public String provider() {
        return WeChatPayProvider.NAME;
    }

    @Override
    public PaymentEvent verify(String payload, Map<String, String> headers) {
        String signature = headers.get("wechatpay-signature");
        String timestamp = headers.get("wechatpay-timestamp");
        String nonce = headers.get("wechatpay-nonce");
        String serial = headers.get("wechatpay-serial");
        if (signature == null || signature.isBlank() || timestamp == null || nonce == null || serial == null) {
            throw new WebhookSignatureException("the notification lacks a Wechatpay-Signature, -Timestamp, -Nonce or -Serial header");
        }
        if (signature.startsWith(PROBE_SIGNATURE)) {
            throw new WebhookSignatureException("a WeChat Pay signature probe (WECHATPAY/SIGNTEST/) is refused");
        }
        WeChatPayConfig settings = config.get();
        if (!settings.platformPublicKeyId().equals(serial.trim())) {
            throw new WebhookSignatureException("the notification is signed with a key unknown here (Wechatpay-Serial " + serial + ")");
        }
        long signedAt;
        try {
            signedAt = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new WebhookSignatureException("the Wechatpay-Timestamp header is not a number");
        }
        if (Math.abs(clock.instant().getEpochSecond() - signedAt) > WeChatPaySignatures.TOLERANCE_SECONDS) {
            throw new WebhookSignatureException("the notification's timestamp is more than "
                    + WeChatPaySignatures.TOLERANCE_SECONDS + " s from now");
        }
        byte[] message = WeChatPaySignatures.responseMessage(timestamp, nonce, payload.getBytes(StandardCharsets.UTF_8));
        if (!WeChatPaySignatures.verify(settings.platformPublicKey(), message, signature)) {
            throw new WebhookSignatureException("the Wechatpay-Signature does not verify");
        }
        try {
            return read(payload, settings);
        } catch (NotificationResource.UndecryptableResourceException e) {
            throw new WebhookSignatureException("the notification's resource " + e.getMessage().replaceFirst("^the resource ", ""));
        }
    }

    @Override
    public PaymentEvent read(String payload) {
        try {
            return read(payload, config.get());
        } catch (NotificationResource.UndecryptableResourceException e) {
            throw new ValidationException("the WeChat Pay notification's resource cannot be read: " + e.getMessage());
        }
    }

    private PaymentEvent read(String payload, WeChatPayConfig settings) {
        Objects.requireNonNull(settings.apiV3Key(), "the APIv3 key (it decrypts the notification's resource)");
        JsonNode notification;
        try {
            notification = Json.parse(payload);
        } catch (UncheckedIOException e) {
            throw new ValidationException("the notification body is not JSON");
        }
        if (!notification.isObject() || !notification.path("id").isTextual()
                || !notification.path("resource_type").asText("").equals("encrypt-resource")) {
            throw new ValidationException("the notification body is not a WeChat Pay notification");
        }
        Json.invalidUnicodeAt(notification).ifPresent(where -> {
            throw new ValidationException("the notification's " + where + " must be valid Unicode text");
        });
        JsonNode resource = notification.path("resource");
        if (!resource.path("algorithm").asText("").equals(NotificationResource.ALGORITHM) || !resource.path("ciphertext").isTextual()) {
            throw new ValidationException("the notification's resource is not " + NotificationResource.ALGORITHM);
        }
        String plaintext = NotificationResource.decrypt(settings.apiV3Key(), resource.path("nonce").asText(""),
                resource.path("associated_data").isTextual() ? resource.path("associated_data").asText() : null,
                resource.path("ciphertext").asText());
        JsonNode object;
        try {
            object = Json.parse(plaintext);
        } catch (UncheckedIOException e) {
            throw new ValidationException("the notification's resource is not JSON");
        }
        Json.invalidUnicodeAt(object).ifPresent(where -> {
            throw new ValidationException("the notification resource's " + where + " must be valid Unicode text");
        });
        if (!settings.mchId().equals(object.path("mchid").asText(null))) {
            throw new WebhookSignatureException("the notification is for another merchant");
        }
        if (object.has("appid") && !settings.appId().equals(object.path("appid").asText(null))) {
            throw new WebhookSignatureException("the notification is for another app");
        }
        return event(notification, object);
    }

    private PaymentEvent event(JsonNode notification, JsonNode object) {
        String eventId = notification.path("id").asText();
        String type = notification.path("event_type").asText("");
        String outTradeNo = text(object, "out_trade_no");
        Optional<PaymentId> paymentId = WeChatPayProvider.paymentId(outTradeNo);
        String orderId = paymentId.map(id -> id.orderId().value()).orElse(null);
        String paymentIdText = paymentId.map(PaymentId::value).orElse(null);
        if (type.startsWith("TRANSACTION.")) {
            String state = text(object, "trade_state");
            Kind kind = type.equals("TRANSACTION.SUCCESS") && "SUCCESS".equals(state) ? Kind.PAYMENT_SUCCEEDED : Kind.IGNORED;
            Money amount = WeChatPayProvider.money(object.path("amount").path("total"), object.path("amount").path("currency"));
            return new PaymentEvent(provider(), eventId, kind, type, outTradeNo, outTradeNo, orderId, paymentIdText, null,
                    null, amount);
        }
        if (type.startsWith("REFUND.")) {
            String outRefundNo = text(object, "out_refund_no");
            Kind kind = switch (type) {
                case "REFUND.SUCCESS" -> "SUCCESS".equals(text(object, "refund_status")) ? Kind.REFUND_SUCCEEDED : Kind.IGNORED;
                case "REFUND.ABNORMAL", "REFUND.CLOSED" -> Kind.REFUND_FAILED;
                default -> Kind.IGNORED;
            };
            String refundId = outRefundNo != null && outRefundNo.matches("rfd_[0-9A-HJKMNP-TV-Z]{26}") ? RefundId.of(outRefundNo).value() : null;
            Money amount = WeChatPayProvider.money(object.path("amount").path("refund"), object.path("amount").path("currency"));
            return new PaymentEvent(provider(), eventId, kind, type, outRefundNo, outTradeNo, orderId, paymentIdText, refundId,
                    kind == Kind.REFUND_FAILED ? text(object, "refund_status") : null, amount);
        }
        return new PaymentEvent(provider(), eventId, Kind.IGNORED, type, outTradeNo, outTradeNo, orderId, paymentIdText, null, null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isValueNode() || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }
}
