package dev.checkout.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.payments.WebhookSignature;
import dev.checkout.local.payments.alipay.AlipaySimulator;
import dev.checkout.local.payments.wechatpay.WeChatPaySimulator;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validly signed platform notifications that do not match the payment they name. Stripe: its order and payment id in
 * the metadata, but an amount of 1, another currency, or another PaymentIntent's id; a success and a failure of each.
 * Alipay: the trade's {@code out_trade_no} with a {@code total_amount} of 0.01 or one fen more than the order's, a
 * success for another payment number of the same order, and a close stating 0.01. WeChat Pay: a
 * {@code TRANSACTION.SUCCESS} for the trade stating 1 fen, or USD, or another payment number of the order. They are
 * what someone holding the platform's signing key, or a confused integration on the same account, could send. Each is
 * posted to the API's webhook route of its platform, as the platform posts (signed now), and must change nothing: the
 * checkout keeps it in its inbox as MISMATCHED and asks the platform.
 */
final class MismatchedWebhooks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final String secret;
    private final URI alipayEndpoint;
    private final URI wechatpayEndpoint;
    private final AlipaySimulator alipay;
    private final WeChatPaySimulator wechatpay;
    private final Set<String> sent = ConcurrentHashMap.newKeySet();

    MismatchedWebhooks(URI apiEndpoint, String webhookSecret, AlipaySimulator alipay, WeChatPaySimulator wechatpay) {
        this.endpoint = apiEndpoint.resolve("/webhooks/stripe");
        this.alipayEndpoint = apiEndpoint.resolve("/webhooks/alipay");
        this.wechatpayEndpoint = apiEndpoint.resolve("/webhooks/wechatpay");
        this.secret = webhookSecret;
        this.alipay = alipay;
        this.wechatpay = wechatpay;
    }

    /** Ids of every event sent, whatever the answer. */
    Set<String> sentEventIds() {
        return Set.copyOf(sent);
    }

    /**
     * Sends the burst for the payment {@code payment} of an order view ({@code paymentId}, {@code providerReference},
     * {@code amount}); returns how many events the webhook route took (2xx).
     */
    int sendBurst(String orderId, JsonNode payment) {
        return switch (payment.path("provider").asText("stripe")) {
            case "alipay" -> sendAlipayBurst(payment);
            case "wechatpay" -> sendWeChatPayBurst(payment);
            default -> sendStripeBurst(orderId, payment);
        };
    }

    private int sendStripeBurst(String orderId, JsonNode payment) {
        String paymentId = payment.path("paymentId").asText();
        String reference = payment.path("providerReference").asText("pi_unknown");
        long amount = payment.path("amount").path("amount").asLong();
        String currency = payment.path("amount").path("currency").asText("USD").toLowerCase(Locale.ROOT);
        String otherCurrency = currency.equals("eur") ? "usd" : "eur";
        String otherIntent = "pi_forged" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        int taken = 0;
        for (String type : List.of("payment_intent.succeeded", "payment_intent.payment_failed")) {
            taken += post(event(type, orderId, paymentId, reference, 1, currency));
            taken += post(event(type, orderId, paymentId, reference, amount, otherCurrency));
            taken += post(event(type, orderId, paymentId, otherIntent, amount, currency));
        }
        return taken;
    }

    private int sendAlipayBurst(JsonNode payment) {
        String outTradeNo = payment.path("providerReference").asText();
        long amount = payment.path("amount").path("amount").asLong();
        String otherPayment = outTradeNo.replaceFirst("_[0-9]+$", "_9");
        int taken = 0;
        taken += postAlipay(alipayParams(outTradeNo, "TRADE_SUCCESS", 1));
        taken += postAlipay(alipayParams(outTradeNo, "TRADE_SUCCESS", amount + 1));
        taken += postAlipay(alipayParams(otherPayment, "TRADE_SUCCESS", 1));
        taken += postAlipay(alipayParams(outTradeNo, "TRADE_CLOSED", 1));
        return taken;
    }

    private Map<String, String> alipayParams(String outTradeNo, String status, long fen) {
        String notifyId = "mismatch" + UUID.randomUUID().toString().replace("-", "");
        sent.add(notifyId);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("notify_type", "trade_status_sync");
        params.put("notify_id", notifyId);
        params.put("app_id", alipay.appId());
        params.put("charset", "utf-8");
        params.put("version", "1.0");
        params.put("trade_no", "2026" + UUID.randomUUID().toString().replace("-", "").substring(0, 24));
        params.put("out_trade_no", outTradeNo);
        params.put("seller_id", alipay.sellerId());
        params.put("trade_status", status);
        params.put("total_amount", BigDecimal.valueOf(fen, 2).toPlainString());
        params.put("subject", "forged");
        return params;
    }

    private int postAlipay(Map<String, String> params) {
        HttpRequest request = HttpRequest.newBuilder(alipayEndpoint).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(alipay.signedNotification(params)))
                .build();
        return send(request) == 200 ? 1 : 0;
    }

    private int sendWeChatPayBurst(JsonNode payment) {
        String outTradeNo = payment.path("providerReference").asText();
        long amount = payment.path("amount").path("amount").asLong();
        String otherPayment = outTradeNo.replaceFirst("_[0-9]+$", "_9");
        int taken = 0;
        taken += postWeChatPay(transaction(outTradeNo, 1, "CNY"));
        taken += postWeChatPay(transaction(outTradeNo, amount, "USD"));
        taken += postWeChatPay(transaction(otherPayment, 1, "CNY"));
        return taken;
    }

    private ObjectNode transaction(String outTradeNo, long fen, String currency) {
        ObjectNode resource = JSON.createObjectNode();
        resource.put("appid", wechatpay.appId()).put("mchid", wechatpay.mchId()).put("out_trade_no", outTradeNo)
                .put("transaction_id", "4200" + UUID.randomUUID().toString().replace("-", "").substring(0, 24))
                .put("trade_type", "NATIVE").put("trade_state", "SUCCESS").put("trade_state_desc", "forged")
                .put("success_time", java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(8)).withNano(0).toString());
        resource.putObject("amount").put("total", fen).put("payer_total", fen).put("currency", currency).put("payer_currency", currency);
        return resource;
    }

    private int postWeChatPay(ObjectNode resource) {
        WeChatPaySimulator.SignedNotification notification = wechatpay.signedNotification("TRANSACTION.SUCCESS", resource);
        try {
            sent.add(JSON.readTree(notification.body()).path("id").asText());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(wechatpayEndpoint).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(notification.body()));
        notification.headers().forEach(request::header);
        return send(request.build()) / 100 == 2 ? 1 : 0;
    }

    private String event(String type, String orderId, String paymentId, String intentId, long amount, String currency) {
        String eventId = "evt_mismatch" + UUID.randomUUID().toString().replace("-", "");
        sent.add(eventId);
        ObjectNode event = JSON.createObjectNode();
        event.put("id", eventId).put("object", "event").put("api_version", "2026-07-29.dahlia").put("created", Instant.now().getEpochSecond());
        ObjectNode intent = event.putObject("data").putObject("object");
        boolean succeeded = type.endsWith("succeeded");
        intent.put("id", intentId).put("object", "payment_intent").put("amount", amount).put("amount_received", succeeded ? amount : 0)
                .put("currency", currency).put("status", succeeded ? "succeeded" : "requires_payment_method");
        if (!succeeded) {
            intent.putObject("last_payment_error").put("code", "card_declined").put("decline_code", "generic_decline");
        }
        intent.putObject("metadata").put("orderId", orderId).put("paymentId", paymentId);
        event.put("livemode", false).put("type", type);
        return event.toString();
    }

    private int post(String payload) {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json; charset=utf-8")
                .header("stripe-signature", WebhookSignature.header(payload, secret, Instant.now().getEpochSecond()))
                .POST(HttpRequest.BodyPublishers.ofString(payload))
                .build();
        return send(request) / 100 == 2 ? 1 : 0;
    }

    /** The status the route answered, 0 when it did not answer. */
    private int send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
