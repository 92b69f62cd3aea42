package dev.checkout.local.payments.wechatpay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The trades and refunds of one merchant and the rules WeChat Pay applies to them: an out_trade_no names one order
 * (the same order again answers the same code_url; other parameters are refused), only an unpaid trade closes, only a
 * paid one refunds, an out_refund_no names one refund, refunds never exceed the trade's total. Paying and refund
 * success send notifications; a failed payment (PAYERROR) sends none, as on WeChat Pay.
 */
final class WeChatPayLedger {
    static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);
    /** WeChat Pay's times: RFC 3339 to the second, with the offset as +08:00. */
    static final DateTimeFormatter RFC3339 = new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd'T'HH:mm:ss")
            .appendOffset("+HH:MM", "Z").toFormatter();
    private static final String CODE_URL_PREFIX = "weixin://wxpay/bizpayurl?pr=";

    private final ObjectMapper mapper = new ObjectMapper();
    private final WeChatPaySimulatorConfig config;
    private final SimulatorKeys keys;
    private final Clock clock;
    private final ScheduledExecutorService settlement;
    private final Consumer<WeChatPayNotification> notifications;

    // guarded by this
    private final Map<String, WeChatPayTrade> trades = new LinkedHashMap<>();
    private final Map<String, WeChatPayRefund> refunds = new LinkedHashMap<>();
    private final List<WeChatPayNotification> sent = new ArrayList<>();
    private String notifyOverride;
    private int failingRefunds;
    private long generation;

    WeChatPayLedger(WeChatPaySimulatorConfig config, SimulatorKeys keys, Clock clock, ScheduledExecutorService settlement,
                    Consumer<WeChatPayNotification> notifications) {
        this.config = config;
        this.keys = keys;
        this.clock = clock;
        this.settlement = settlement;
        this.notifications = notifications;
    }

    synchronized WeChatPayTrade order(String appId, String mchId, String description, String outTradeNo, String notifyUrl,
                                      long total, String currency) {
        WeChatPayTrade existing = trades.get(outTradeNo);
        if (existing != null) {
            if (existing.paid()) {
                throw new WeChatPayApiError(400, "ORDERPAID", "该订单已支付");
            }
            if (existing.state().equals("CLOSED")) {
                throw new WeChatPayApiError(400, "ORDER_CLOSED", "订单已关闭");
            }
            if (existing.state().equals("PAYERROR")) {
                throw new WeChatPayApiError(403, "TRADE_ERROR", "交易错误：订单支付失败，请使用新的商户订单号");
            }
            if (existing.total() != total || !existing.description().equals(description) || !existing.appId().equals(appId)
                    || !existing.notifyUrl().equals(notifyUrl)) {
                throw new WeChatPayApiError(403, "OUT_TRADE_NO_USED", "商户订单号重复");
            }
            return existing;
        }
        String codeUrl = CODE_URL_PREFIX + SimulatorKeys.random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 9);
        WeChatPayTrade trade = new WeChatPayTrade(outTradeNo, appId, mchId, description, total, currency, notifyUrl, codeUrl,
                "NOTPAY", null, now(), null, 0);
        trades.put(outTradeNo, trade);
        return trade;
    }

    synchronized Optional<WeChatPayTrade> trade(String outTradeNo) {
        return Optional.ofNullable(trades.get(outTradeNo));
    }

    synchronized List<WeChatPayTrade> trades() {
        return List.copyOf(trades.values());
    }

    synchronized void close(String outTradeNo) {
        WeChatPayTrade trade = trades.get(outTradeNo);
        if (trade == null) {
            throw WeChatPayApiError.orderNotExist();
        }
        if (trade.paid()) {
            throw new WeChatPayApiError(400, "ORDERPAID", "订单已支付");
        }
        trades.put(outTradeNo, trade.withState("CLOSED", null, null));
    }

    /** The customer scans the code and pays: SUCCESS and a TRANSACTION.SUCCESS notification. */
    synchronized WeChatPayTrade pay(String outTradeNoOrCodeUrl) {
        WeChatPayTrade trade = payable(outTradeNoOrCodeUrl);
        WeChatPayTrade paid = trade.withState("SUCCESS", "42000" + SimulatorKeys.digits(23), now());
        trades.put(paid.outTradeNo(), paid);
        notify("TRANSACTION.SUCCESS", "transaction", "支付成功", paid.outTradeNo(), paid.notifyUrl(), transactionJson(paid));
        return paid;
    }

    /** The customer's payment fails (e.g. the bank refuses): PAYERROR, no notification. */
    synchronized WeChatPayTrade decline(String outTradeNoOrCodeUrl) {
        WeChatPayTrade trade = payable(outTradeNoOrCodeUrl);
        WeChatPayTrade failed = trade.withState("PAYERROR", null, null);
        trades.put(failed.outTradeNo(), failed);
        return failed;
    }

    private WeChatPayTrade payable(String outTradeNoOrCodeUrl) {
        WeChatPayTrade trade = trades.get(outTradeNoOrCodeUrl);
        if (trade == null) {
            trade = trades.values().stream().filter(t -> t.codeUrl().equals(outTradeNoOrCodeUrl)).findFirst()
                    .orElseThrow(WeChatPayApiError::orderNotExist);
        }
        if (!trade.state().equals("NOTPAY") && !trade.state().equals("USERPAYING")) {
            throw new WeChatPayApiError(409, "ORDER_NOT_PAYABLE", "the trade is " + trade.state() + ", not waiting for payment");
        }
        return trade;
    }

    synchronized WeChatPayRefund refund(String outTradeNo, String outRefundNo, long amount, long total, String currency, String notifyUrl) {
        WeChatPayTrade trade = trades.get(outTradeNo);
        if (trade == null) {
            throw new WeChatPayApiError(404, "RESOURCE_NOT_EXISTS", "订单不存在");
        }
        WeChatPayRefund existing = refunds.get(outRefundNo);
        if (existing != null) {
            if (!existing.outTradeNo().equals(outTradeNo) || existing.refund() != amount || existing.total() != total) {
                throw new WeChatPayApiError(400, "INVALID_REQUEST", "订单号或退款金额与之前请求不一致，请核实后再试");
            }
            return existing;
        }
        if (!trade.paid()) {
            throw new WeChatPayApiError(400, "INVALID_REQUEST", "订单未支付，不能退款");
        }
        if (total != trade.total()) {
            throw new WeChatPayApiError(400, "INVALID_REQUEST", "订单金额与实际不符");
        }
        if (!"CNY".equals(currency)) {
            throw WeChatPayApiError.paramError("退款币种只支持CNY");
        }
        if (amount <= 0 || trade.refunded() + amount > trade.total()) {
            throw new WeChatPayApiError(400, "INVALID_REQUEST", "申请退款金额超过订单可退金额");
        }
        WeChatPayRefund refund = new WeChatPayRefund(outRefundNo, "50" + SimulatorKeys.digits(27), outTradeNo, trade.transactionId(),
                amount, total, "PROCESSING", notifyUrl != null ? notifyUrl : trade.notifyUrl(), now(), null);
        refunds.put(outRefundNo, refund);
        trades.put(outTradeNo, trade.withRefunded(trade.refunded() + amount));
        long scheduledIn = generation;
        settlement.schedule(() -> settle(outRefundNo, scheduledIn), config.refundDelay().toNanos(), TimeUnit.NANOSECONDS);
        return refund;
    }

    private synchronized void settle(String outRefundNo, long scheduledIn) {
        WeChatPayRefund refund = refunds.get(outRefundNo);
        if (scheduledIn != generation || refund == null || !refund.status().equals("PROCESSING")) {
            return;
        }
        boolean fail = failingRefunds > 0;
        if (fail) {
            failingRefunds--;
            WeChatPayTrade trade = trades.get(refund.outTradeNo());
            trades.put(trade.outTradeNo(), trade.withRefunded(trade.refunded() - refund.refund()));
        }
        WeChatPayRefund settled = refund.settled(fail ? "ABNORMAL" : "SUCCESS", fail ? null : now());
        refunds.put(outRefundNo, settled);
        notify(fail ? "REFUND.ABNORMAL" : "REFUND.SUCCESS", "refund", fail ? "退款异常" : "退款成功", outRefundNo, settled.notifyUrl(),
                refundNotificationJson(settled));
    }

    synchronized Optional<WeChatPayRefund> findRefund(String outRefundNo) {
        return Optional.ofNullable(refunds.get(outRefundNo));
    }

    synchronized List<WeChatPayRefund> refunds() {
        return List.copyOf(refunds.values());
    }

    synchronized List<WeChatPayNotification> notifications() {
        return List.copyOf(sent);
    }

    synchronized void failNextRefunds(int count) {
        failingRefunds = count;
    }

    synchronized void setNotifyOverride(String url) {
        notifyOverride = url;
    }

    synchronized void reset() {
        generation++;
        trades.clear();
        refunds.clear();
        sent.clear();
        failingRefunds = 0;
    }

    private void notify(String eventType, String originalType, String summary, String objectId, String notifyUrl, ObjectNode resource) {
        String plaintext = resource.toString();
        ObjectNode body = envelope(eventType, originalType, summary, plaintext);
        WeChatPayNotification notification = new WeChatPayNotification(body.get("id").asText(), eventType, objectId,
                notifyOverride != null ? notifyOverride : notifyUrl, body.toString(), plaintext);
        sent.add(notification);
        notifications.accept(notification);
    }

    /** A notification's body: a fresh id, {@code plaintext} encrypted with the APIv3 key as the resource. */
    ObjectNode envelope(String eventType, String originalType, String summary, String plaintext) {
        String nonce = SimulatorKeys.resourceNonce();
        ObjectNode body = mapper.createObjectNode();
        body.put("id", UUID.randomUUID().toString());
        body.put("create_time", time(now()));
        body.put("resource_type", "encrypt-resource");
        body.put("event_type", eventType);
        body.put("summary", summary);
        ObjectNode encrypted = body.putObject("resource");
        encrypted.put("original_type", originalType);
        encrypted.put("algorithm", "AEAD_AES_256_GCM");
        encrypted.put("ciphertext", keys.encrypt(nonce, originalType, plaintext));
        encrypted.put("associated_data", originalType);
        encrypted.put("nonce", nonce);
        return body;
    }

    /** A trade as the query and the TRANSACTION notification state it. */
    ObjectNode transactionJson(WeChatPayTrade trade) {
        ObjectNode node = mapper.createObjectNode();
        node.put("appid", trade.appId());
        node.put("mchid", trade.mchId());
        node.put("out_trade_no", trade.outTradeNo());
        if (trade.transactionId() != null) {
            node.put("transaction_id", trade.transactionId());
        }
        node.put("trade_type", "NATIVE");
        node.put("trade_state", trade.state());
        node.put("trade_state_desc", switch (trade.state()) {
            case "SUCCESS" -> "支付成功";
            case "REFUND" -> "转入退款";
            case "NOTPAY" -> "订单未支付";
            case "CLOSED" -> "订单已关闭";
            case "PAYERROR" -> "支付失败，请重新下单支付";
            default -> trade.state();
        });
        if (trade.paidAt() != null) {
            node.put("bank_type", "OTHERS");
            node.put("attach", "");
            node.put("success_time", time(trade.paidAt()));
            node.putObject("payer").put("openid", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o");
        }
        ObjectNode amount = node.putObject("amount");
        amount.put("total", trade.total());
        if (trade.paidAt() != null) {
            amount.put("payer_total", trade.total());
        }
        amount.put("currency", trade.currency());
        amount.put("payer_currency", trade.currency());
        return node;
    }

    /** A refund as the create and query answers state it. */
    ObjectNode refundJson(WeChatPayRefund refund) {
        ObjectNode node = mapper.createObjectNode();
        node.put("refund_id", refund.refundId());
        node.put("out_refund_no", refund.outRefundNo());
        node.put("transaction_id", refund.transactionId());
        node.put("out_trade_no", refund.outTradeNo());
        node.put("channel", "ORIGINAL");
        node.put("user_received_account", "支付用户零钱");
        if (refund.succeededAt() != null) {
            node.put("success_time", time(refund.succeededAt()));
        }
        node.put("create_time", time(refund.createdAt()));
        node.put("status", refund.status());
        node.put("funds_account", "AVAILABLE");
        ObjectNode amount = node.putObject("amount");
        amount.put("total", refund.total());
        amount.put("refund", refund.refund());
        amount.put("payer_total", refund.total());
        amount.put("payer_refund", refund.refund());
        amount.put("settlement_refund", refund.refund());
        amount.put("settlement_total", refund.total());
        amount.put("discount_refund", 0);
        amount.put("currency", "CNY");
        amount.put("refund_fee", 0);
        amount.putArray("from");
        node.putArray("promotion_detail");
        return node;
    }

    /** A refund as the REFUND notification states it (no currency, as on WeChat Pay). */
    private ObjectNode refundNotificationJson(WeChatPayRefund refund) {
        ObjectNode node = mapper.createObjectNode();
        node.put("mchid", config.mchId());
        node.put("out_trade_no", refund.outTradeNo());
        node.put("transaction_id", refund.transactionId());
        node.put("out_refund_no", refund.outRefundNo());
        node.put("refund_id", refund.refundId());
        node.put("refund_status", refund.status());
        if (refund.succeededAt() != null) {
            node.put("success_time", time(refund.succeededAt()));
        }
        node.put("user_received_account", "支付用户零钱");
        ObjectNode amount = node.putObject("amount");
        amount.put("total", refund.total());
        amount.put("refund", refund.refund());
        amount.put("payer_total", refund.total());
        amount.put("payer_refund", refund.refund());
        return node;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    static String time(Instant instant) {
        return RFC3339.format(instant.atOffset(BEIJING));
    }
}
