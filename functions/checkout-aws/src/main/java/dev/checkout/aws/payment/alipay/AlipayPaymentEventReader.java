package dev.checkout.aws.payment.alipay;

import dev.checkout.domain.Money;
import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.PaymentEvent;
import dev.checkout.domain.PaymentEvent.Kind;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.RefundId;
import dev.checkout.domain.ValidationException;
import dev.checkout.domain.WebhookSignatureException;
import dev.checkout.port.PaymentEventReader;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Alipay's asynchronous notifications ({@code notify_type=trade_status_sync}): a form body
 * ({@code application/x-www-form-urlencoded}, in the charset the request names, else the body's {@code charset}
 * parameter, else UTF-8), signed RSA2 with Alipay's key over every parameter received but {@code sign} and
 * {@code sign_type}. A notification verifies only when, besides the signature, its {@code app_id} is ours (and its
 * {@code seller_id}, when {@link AlipayConfig#sellerId()} is set): Alipay signs every app's notifications with the same
 * key, so a signature alone does not say the notification is for this shop.
 *
 * <p>Freshness: Alipay resends a notification that was not answered {@code success} for about 25 hours (4 m, 10 m,
 * 10 m, 1 h, 2 h, 6 h, 15 h). A {@code notify_time} (Beijing time) more than {@link #MAX_AGE} (26 h: the
 * resend window and an hour's margin) in the past, or more than {@link #MAX_AHEAD} ahead, is refused as stale. Alipay
 * documents {@code notify_time} as the time the notification is sent; whether a resend carries a fresh one is not
 * stated, so the window is the whole resend period, which holds either way. The inbox's dedupe on {@code notify_id}
 * stops a replay within that window.
 *
 * <p>Mapping: {@code TRADE_SUCCESS} and {@code TRADE_FINISHED} are PAYMENT_SUCCEEDED with {@code total_amount};
 * {@code TRADE_CLOSED} (closed unpaid) is PAYMENT_CANCELED; {@code WAIT_BUYER_PAY} is IGNORED. A notification about a
 * refund ({@code refund_fee}, {@code out_biz_no} or {@code gmt_refund} present, including the TRADE_CLOSED of a trade
 * refunded in full) is IGNORED: it states the trade's cumulative refunded amount ({@code refund_fee}), not the amount
 * of the refund it follows, so it cannot settle a refund; refunds are settled by the refund call's own answer and by
 * {@code alipay.trade.fastpay.refund.query}. The event's id is {@code notify_id}; the payment's reference, payment id
 * and order come from {@code out_trade_no}.
 */
public final class AlipayPaymentEventReader implements PaymentEventReader {
    public static final Duration MAX_AGE = Duration.ofHours(26);
    public static final Duration MAX_AHEAD = Duration.ofMinutes(10);

    private final Supplier<AlipayConfig> config;
    private final Clock clock;

    /** {@code config} is asked for by {@link #verify} only; {@link #read} needs no key. */
    public AlipayPaymentEventReader(Supplier<AlipayConfig> config) {
        this(config, Clock.systemUTC());
    }

    AlipayPaymentEventReader(Supplier<AlipayConfig> config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public String provider() {
        return AlipayPaymentProvider.NAME;
    }

    @Override
    public PaymentEvent verify(String payload, Map<String, String> headers) {
        Map<String, String> params = parameters(payload, charsetOf(headers == null ? null : headers.get("content-type")));
        String sign = params.get("sign");
        if (sign == null || sign.isBlank()) {
            throw new WebhookSignatureException("the Alipay notification has no sign");
        }
        String signType = params.get("sign_type");
        if (signType != null && !signType.equals(AlipayRsa2.SIGN_TYPE)) {
            throw new WebhookSignatureException("the Alipay notification is signed " + signType + "; RSA2 is expected");
        }
        AlipayConfig ours = config.get();
        if (!AlipayRsa2.verify(AlipayRsa2.notificationContent(params), sign, ours.alipayPublicKey())) {
            throw new WebhookSignatureException("the Alipay notification's signature does not verify with Alipay's public key");
        }
        if (!ours.appId().equals(params.get("app_id"))) {
            throw new WebhookSignatureException("the Alipay notification is for app " + params.get("app_id") + ", not ours ("
                    + ours.appId() + ")");
        }
        if (ours.sellerId() != null && !ours.sellerId().equals(params.get("seller_id"))) {
            throw new WebhookSignatureException("the Alipay notification is for seller " + params.get("seller_id") + ", not ours ("
                    + ours.sellerId() + ")");
        }
        Instant notified = notifyTime(params.get("notify_time"));
        Instant now = clock.instant();
        if (notified.isBefore(now.minus(MAX_AGE))) {
            throw new WebhookSignatureException("the Alipay notification is stale: notify_time " + params.get("notify_time")
                    + " is more than " + MAX_AGE.toHours() + " h ago");
        }
        if (notified.isAfter(now.plus(MAX_AHEAD))) {
            throw new WebhookSignatureException("the Alipay notification's notify_time " + params.get("notify_time")
                    + " is more than " + MAX_AHEAD.toMinutes() + " min ahead");
        }
        return event(params);
    }

    @Override
    public PaymentEvent read(String payload) {
        return event(parameters(payload, null));
    }

    private PaymentEvent event(Map<String, String> params) {
        String notifyId = params.get("notify_id");
        String outTradeNo = params.get("out_trade_no");
        String tradeStatus = params.get("trade_status");
        if (notifyId == null || outTradeNo == null || tradeStatus == null) {
            throw new ValidationException("not an Alipay trade notification (notify_id, out_trade_no and trade_status are required)");
        }
        boolean aboutRefund = params.containsKey("refund_fee") || params.containsKey("out_biz_no") || params.containsKey("gmt_refund");
        Kind kind = aboutRefund ? Kind.IGNORED : switch (tradeStatus) {
            case "TRADE_SUCCESS", "TRADE_FINISHED" -> Kind.PAYMENT_SUCCEEDED;
            case "TRADE_CLOSED" -> Kind.PAYMENT_CANCELED;
            default -> Kind.IGNORED;
        };
        String total = params.get("total_amount");
        Money amount = total == null ? null : AlipayAmount.fromYuan(total);
        String paymentId = null;
        String orderId = null;
        try {
            PaymentId id = PaymentId.of(outTradeNo);
            paymentId = id.value();
            orderId = id.orderId().value();
        } catch (NotFoundException notOurs) {
            // a trade this checkout did not create: the event still names it by reference
        }
        String refundId = null;
        if (params.get("out_biz_no") != null) {
            try {
                refundId = RefundId.of(params.get("out_biz_no")).value();
            } catch (NotFoundException notOurs) {
                // not a refund number of this checkout
            }
        }
        String type = aboutRefund ? "refund." + tradeStatus : tradeStatus;
        return new PaymentEvent(provider(), notifyId, kind, type, outTradeNo, outTradeNo, orderId, paymentId, refundId, null, amount);
    }

    private static Instant notifyTime(String text) {
        if (text == null) {
            throw new WebhookSignatureException("the Alipay notification has no notify_time");
        }
        try {
            return LocalDateTime.parse(text, AlipayGateway.TIMESTAMP).atZone(AlipayGateway.BEIJING).toInstant();
        } catch (DateTimeParseException e) {
            throw new WebhookSignatureException("the Alipay notification's notify_time is not yyyy-MM-dd HH:mm:ss: " + text);
        }
    }

    /** The charset a {@code Content-Type} header names, or null. */
    private static Charset charsetOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String part : contentType.split(";")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("charset")) {
                return charset(pair[1].trim().replace("\"", ""));
            }
        }
        return null;
    }

    private static Charset charset(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new ValidationException("the Alipay notification names an unknown charset: " + name);
        }
    }

    /**
     * The form's parameters, decoded with {@code charset}, else the body's own {@code charset} parameter, else UTF-8.
     * A parameter given twice is refused: which of the two was signed could not be told.
     */
    static Map<String, String> parameters(String payload, Charset charset) {
        if (payload == null || payload.isBlank()) {
            throw new ValidationException("the Alipay notification is empty");
        }
        String[] pairs = payload.trim().split("&");
        Charset decoding = charset;
        if (decoding == null) {
            decoding = StandardCharsets.UTF_8;
            for (String pair : pairs) {
                if (pair.startsWith("charset=")) {
                    decoding = charset(URLDecoder.decode(pair.substring("charset=".length()), StandardCharsets.US_ASCII));
                }
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : pairs) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), decoding);
                value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), decoding);
            } catch (IllegalArgumentException e) {
                throw new ValidationException("the Alipay notification is not a form body");
            }
            if (params.put(name, value) != null) {
                throw new ValidationException("the Alipay notification names " + name.toLowerCase(Locale.ROOT) + " twice");
            }
        }
        params.values().removeIf(String::isEmpty);
        return params;
    }
}
