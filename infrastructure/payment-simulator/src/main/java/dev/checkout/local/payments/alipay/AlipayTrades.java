package dev.checkout.local.payments.alipay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The trades and refunds, with Alipay's rules: one trade per {@code out_trade_no}, a QR code's trade unknown to queries
 * until it is scanned, a closed or paid trade not created again, refunds keyed by {@code out_request_no} (a repeat
 * answers success without moving money, the same number with another amount is refused), refunds never above what was
 * paid, a trade refunded in full closed. Thread-safe (one lock).
 */
final class AlipayTrades {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final DateTimeFormatter TIME_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    static final long MAX_FEN = 100_000_000_00L;
    private static final Pattern OUT_NO = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");
    private static final Pattern YUAN = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,2})?");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ObjectMapper mapper;
    private final Clock clock;
    private final String sellerId;
    private final String appId;
    private final Consumer<AlipayNotification> notifications;
    private final Map<String, Trade> trades = new LinkedHashMap<>();
    private final Map<String, String> qrCodes = new LinkedHashMap<>();
    private long tradeSequence;

    private static final class Trade {
        String outTradeNo;
        String tradeNo;
        String productCode;
        long totalFen;
        String subject;
        String status;
        String qrCode;
        String notifyUrl;
        String returnUrl;
        String buyerId;
        Instant created;
        Instant paid;
        Instant closed;
        long refundedFen;
        final Map<String, SimulatedAlipayRefund> refunds = new LinkedHashMap<>();
    }

    AlipayTrades(ObjectMapper mapper, Clock clock, String appId, String sellerId, Consumer<AlipayNotification> notifications) {
        this.mapper = mapper;
        this.clock = clock;
        this.appId = appId;
        this.sellerId = sellerId;
        this.notifications = notifications;
    }

    // ---- gateway methods: each answers the ..._response object's business fields or throws AlipayError

    synchronized ObjectNode precreate(JsonNode biz, String notifyUrl, String qrBase) {
        Trade trade = create(biz, "FACE_TO_FACE_PAYMENT", notifyUrl, null);
        if (trade.qrCode == null) {
            trade.qrCode = qrBase + "/qr/" + random(24);
            qrCodes.put(trade.qrCode, trade.outTradeNo);
        }
        return success().put("out_trade_no", trade.outTradeNo).put("qr_code", trade.qrCode);
    }

    /** The browser arrives on page pay: the buyer is on Alipay's page, the trade waits for them. */
    synchronized SimulatedAlipayTrade pagePay(JsonNode biz, String notifyUrl, String returnUrl) {
        if (!"FAST_INSTANT_TRADE_PAY".equals(text(biz, "product_code"))) {
            throw AlipayError.business("ACQ.INVALID_PARAMETER", "product_code must be FAST_INSTANT_TRADE_PAY");
        }
        Trade trade = create(biz, "FAST_INSTANT_TRADE_PAY", notifyUrl, returnUrl);
        scan(trade);
        return snapshot(trade);
    }

    private Trade create(JsonNode biz, String productCode, String notifyUrl, String returnUrl) {
        String outTradeNo = requireOutNo(biz, "out_trade_no");
        long total = fen(text(biz, "total_amount"), "total_amount");
        if (total > MAX_FEN) {
            throw AlipayError.business("ACQ.TOTAL_FEE_EXCEED", "订单金额超过限额");
        }
        String subject = text(biz, "subject");
        if (subject == null) {
            throw AlipayError.business("ACQ.INVALID_PARAMETER", "subject is required");
        }
        Trade trade = trades.get(outTradeNo);
        if (trade != null) {
            if ("TRADE_SUCCESS".equals(trade.status) || "TRADE_FINISHED".equals(trade.status)) {
                throw AlipayError.business("ACQ.TRADE_HAS_SUCCESS", "交易已被支付");
            }
            if ("TRADE_CLOSED".equals(trade.status)) {
                throw AlipayError.business("ACQ.TRADE_HAS_CLOSE", "交易已经关闭");
            }
            if (trade.totalFen != total || !trade.subject.equals(subject)) {
                throw AlipayError.business("ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改");
            }
            return trade;
        }
        trade = new Trade();
        trade.outTradeNo = outTradeNo;
        trade.tradeNo = tradeNo();
        trade.productCode = productCode;
        trade.totalFen = total;
        trade.subject = subject;
        trade.notifyUrl = notifyUrl;
        trade.returnUrl = returnUrl;
        trades.put(outTradeNo, trade);
        return trade;
    }

    synchronized ObjectNode query(JsonNode biz) {
        Trade trade = visible(biz);
        ObjectNode answer = success()
                .put("trade_no", trade.tradeNo)
                .put("out_trade_no", trade.outTradeNo)
                .put("buyer_logon_id", "buy***@example.com")
                .put("trade_status", trade.status)
                .put("total_amount", yuan(trade.totalFen));
        if (trade.paid != null) {
            answer.put("buyer_pay_amount", yuan(trade.totalFen))
                    .put("receipt_amount", yuan(trade.totalFen))
                    .put("send_pay_date", TIME.format(trade.paid.atZone(BEIJING)))
                    .put("buyer_user_id", trade.buyerId);
        }
        return answer;
    }

    synchronized ObjectNode close(JsonNode biz) {
        Trade trade = visible(biz);
        if (!"WAIT_BUYER_PAY".equals(trade.status)) {
            throw AlipayError.business("ACQ.TRADE_STATUS_ERROR", "交易状态不合法");
        }
        closeUnpaid(trade);
        return success().put("trade_no", trade.tradeNo).put("out_trade_no", trade.outTradeNo);
    }

    synchronized ObjectNode refund(JsonNode biz) {
        Trade trade = visible(biz);
        long amount = fen(text(biz, "refund_amount"), "refund_amount");
        String outRequestNo = text(biz, "out_request_no");
        if (outRequestNo == null) {
            // without a request number Alipay refunds the whole trade, once
            if (amount != trade.totalFen) {
                throw AlipayError.business("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额不等于交易金额");
            }
            outRequestNo = trade.outTradeNo;
        } else if (!OUT_NO.matcher(outRequestNo).matches()) {
            throw AlipayError.business("ACQ.INVALID_PARAMETER", "out_request_no is 1-64 letters, digits, _ or -");
        }
        SimulatedAlipayRefund earlier = trade.refunds.get(outRequestNo);
        if (earlier != null) {
            if (earlier.amount() != amount) {
                throw AlipayError.business("ACQ.DISCORDANT_REPEAT_REQUEST", "请求信息不一致");
            }
            return refundAnswer(trade, "N");
        }
        if (trade.paid == null) {
            throw AlipayError.business("ACQ.TRADE_STATUS_ERROR", "交易状态不合法");
        }
        if ("TRADE_CLOSED".equals(trade.status) || "TRADE_FINISHED".equals(trade.status)) {
            throw AlipayError.business("TRADE_CLOSED".equals(trade.status) ? "ACQ.TRADE_STATUS_ERROR" : "ACQ.TRADE_HAS_FINISHED",
                    "交易状态不合法");
        }
        if (trade.refundedFen + amount > trade.totalFen) {
            throw AlipayError.business("ACQ.REASON_TRADE_REFUND_FEE_ERR", "退款金额无效");
        }
        Instant now = clock.instant();
        trade.refunds.put(outRequestNo, new SimulatedAlipayRefund(trade.outTradeNo, outRequestNo, amount, now));
        trade.refundedFen += amount;
        if (trade.refundedFen == trade.totalFen) {
            trade.status = "TRADE_CLOSED";
            trade.closed = now;
        }
        Map<String, String> params = notificationParams(trade);
        params.put("out_biz_no", outRequestNo);
        params.put("refund_fee", yuan(trade.refundedFen));
        params.put("gmt_refund", TIME_MILLIS.format(now.atZone(BEIJING)));
        notify(trade, "refund." + trade.status, params);
        return refundAnswer(trade, "Y").put("gmt_refund_pay", TIME.format(now.atZone(BEIJING)));
    }

    private ObjectNode refundAnswer(Trade trade, String fundChange) {
        return success()
                .put("trade_no", trade.tradeNo)
                .put("out_trade_no", trade.outTradeNo)
                .put("buyer_logon_id", "buy***@example.com")
                .put("fund_change", fundChange)
                .put("refund_fee", yuan(trade.refundedFen));
    }

    synchronized ObjectNode refundQuery(JsonNode biz) {
        Trade trade = visible(biz);
        String outRequestNo = text(biz, "out_request_no");
        if (outRequestNo == null) {
            outRequestNo = trade.outTradeNo;
        }
        ObjectNode answer = success().put("trade_no", trade.tradeNo).put("out_trade_no", trade.outTradeNo);
        SimulatedAlipayRefund refund = trade.refunds.get(outRequestNo);
        if (refund != null) {
            answer.put("out_request_no", outRequestNo)
                    .put("total_amount", yuan(trade.totalFen))
                    .put("refund_amount", yuan(refund.amount()))
                    .put("refund_status", "REFUND_SUCCESS")
                    .put("gmt_refund_pay", TIME_MILLIS.format(refund.at().atZone(BEIJING)));
        }
        // a refund Alipay does not know: success without refund_status, as Alipay answers
        return answer;
    }

    // ---- the buyer

    /** The buyer scans the QR code (or opens the page): the trade exists and waits for payment. */
    synchronized SimulatedAlipayTrade scan(String outTradeNoOrQrCode) {
        Trade trade = byBuyer(outTradeNoOrQrCode);
        scan(trade);
        return snapshot(trade);
    }

    /** The buyer scans and pays: TRADE_SUCCESS, notified. */
    synchronized SimulatedAlipayTrade pay(String outTradeNoOrQrCode) {
        Trade trade = scannedAndWaiting(outTradeNoOrQrCode, "paid");
        trade.status = "TRADE_SUCCESS";
        trade.paid = clock.instant();
        trade.buyerId = "2088" + digits(12);
        notify(trade, trade.status, notificationParams(trade));
        return snapshot(trade);
    }

    /**
     * The trade can no longer be refunded (Alipay's refund period ended, or the product allows no refund): TRADE_SUCCESS
     * becomes TRADE_FINISHED, notified.
     */
    synchronized SimulatedAlipayTrade finish(String outTradeNo) {
        Trade trade = byBuyer(outTradeNo);
        if (!"TRADE_SUCCESS".equals(trade.status)) {
            throw new IllegalStateException("trade " + trade.outTradeNo + " is " + trade.status + ", only a paid trade finishes");
        }
        trade.status = "TRADE_FINISHED";
        notify(trade, trade.status, notificationParams(trade));
        return snapshot(trade);
    }

    /** The buyer scans and gives up; the trade closes: TRADE_CLOSED, notified. */
    synchronized SimulatedAlipayTrade decline(String outTradeNoOrQrCode) {
        Trade trade = scannedAndWaiting(outTradeNoOrQrCode, "declined");
        closeUnpaid(trade);
        return snapshot(trade);
    }

    /** The buyer's trade, scanned, when it waits for payment; otherwise it cannot be {@code done}. */
    private Trade scannedAndWaiting(String outTradeNoOrQrCode, String done) {
        Trade trade = byBuyer(outTradeNoOrQrCode);
        scan(trade);
        if (!"WAIT_BUYER_PAY".equals(trade.status)) {
            throw new IllegalStateException("trade " + trade.outTradeNo + " is " + trade.status + ", it cannot be " + done);
        }
        return trade;
    }

    private void scan(Trade trade) {
        if (trade.status == null) {
            trade.status = "WAIT_BUYER_PAY";
            trade.created = clock.instant();
        }
    }

    private void closeUnpaid(Trade trade) {
        trade.status = "TRADE_CLOSED";
        trade.closed = clock.instant();
        notify(trade, trade.status, notificationParams(trade));
    }

    // ---- inspection

    synchronized List<SimulatedAlipayTrade> trades() {
        return trades.values().stream().map(AlipayTrades::snapshot).toList();
    }

    synchronized Optional<SimulatedAlipayTrade> trade(String outTradeNo) {
        return Optional.ofNullable(trades.get(outTradeNo)).map(AlipayTrades::snapshot);
    }

    synchronized void reset() {
        trades.clear();
        qrCodes.clear();
    }

    private static SimulatedAlipayTrade snapshot(Trade trade) {
        return new SimulatedAlipayTrade(trade.outTradeNo, trade.tradeNo, trade.productCode, trade.totalFen, trade.subject, trade.status,
                trade.qrCode, trade.notifyUrl, trade.returnUrl, trade.refundedFen, List.copyOf(trade.refunds.values()));
    }

    // ---- helpers

    private Trade byBuyer(String outTradeNoOrQrCode) {
        String outTradeNo = qrCodes.getOrDefault(outTradeNoOrQrCode, outTradeNoOrQrCode);
        Trade trade = trades.get(outTradeNo);
        if (trade == null) {
            throw new java.util.NoSuchElementException("no trade or QR code " + outTradeNoOrQrCode);
        }
        return trade;
    }

    /** The trade {@code out_trade_no} (or {@code trade_no}) names, if the buyer has seen it. */
    private Trade visible(JsonNode biz) {
        String outTradeNo = text(biz, "out_trade_no");
        String tradeNo = text(biz, "trade_no");
        if (outTradeNo == null && tradeNo == null) {
            throw AlipayError.business("ACQ.INVALID_PARAMETER", "out_trade_no or trade_no is required");
        }
        Trade trade = outTradeNo != null ? trades.get(outTradeNo)
                : trades.values().stream().filter(t -> t.tradeNo.equals(tradeNo)).findFirst().orElse(null);
        if (trade == null || trade.status == null) {
            throw AlipayError.business("ACQ.TRADE_NOT_EXIST", "交易不存在");
        }
        return trade;
    }

    private Map<String, String> notificationParams(Trade trade) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("notify_type", "trade_status_sync");
        params.put("notify_id", random(34));
        params.put("app_id", appId);
        params.put("charset", "utf-8");
        params.put("version", "1.0");
        params.put("trade_no", trade.tradeNo);
        params.put("out_trade_no", trade.outTradeNo);
        params.put("seller_id", sellerId);
        params.put("trade_status", trade.status);
        params.put("total_amount", yuan(trade.totalFen));
        params.put("subject", trade.subject);
        params.put("gmt_create", TIME.format(trade.created.atZone(BEIJING)));
        if (trade.paid != null) {
            params.put("buyer_id", trade.buyerId);
            params.put("receipt_amount", yuan(trade.totalFen));
            params.put("buyer_pay_amount", yuan(trade.totalFen));
            params.put("gmt_payment", TIME.format(trade.paid.atZone(BEIJING)));
            params.put("fund_bill_list", "[{\"amount\":\"" + yuan(trade.totalFen) + "\",\"fundChannel\":\"ALIPAYACCOUNT\"}]");
        }
        if (trade.closed != null) {
            params.put("gmt_close", TIME.format(trade.closed.atZone(BEIJING)));
        }
        return params;
    }

    private void notify(Trade trade, String type, Map<String, String> params) {
        notifications.accept(new AlipayNotification(params.get("notify_id"), type, trade.outTradeNo, trade.notifyUrl, params));
    }

    private ObjectNode success() {
        return mapper.createObjectNode().put("code", "10000").put("msg", "Success");
    }

    private static String requireOutNo(JsonNode biz, String field) {
        String value = text(biz, field);
        if (value == null || !OUT_NO.matcher(value).matches()) {
            throw AlipayError.business("ACQ.INVALID_PARAMETER", field + " is 1-64 letters, digits, _ or -");
        }
        return value;
    }

    /** A yuan amount as Alipay takes it (0.01 and up, at most two decimals) in fen. */
    static long fen(String yuan, String field) {
        if (yuan == null || !YUAN.matcher(yuan).matches()) {
            throw AlipayError.business("ACQ.INVALID_PARAMETER", field + " must be yuan with at most 2 decimals");
        }
        long fen = new BigDecimal(yuan).movePointRight(2).longValueExact();
        if (fen < 1) {
            throw AlipayError.business("ACQ.INVALID_PARAMETER", field + " must be at least 0.01");
        }
        return fen;
    }

    static String yuan(long fen) {
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isValueNode() || value.asText().isEmpty() ? null : value.asText();
    }

    private String tradeNo() {
        return DateTimeFormatter.ofPattern("yyyyMMdd").format(clock.instant().atZone(BEIJING)) + "22001" + digits(8)
                + String.format("%07d", ++tradeSequence).substring(0, 7);
    }

    static String random(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static String digits(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(RANDOM.nextInt(10));
        }
        return text.toString();
    }
}
