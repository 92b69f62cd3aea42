package dev.checkout.local.payments.wechatpay;

import java.time.Instant;

/**
 * A refund as the simulated WeChat Pay holds it, keyed by {@code outRefundNo}.
 *
 * @param status PROCESSING, then SUCCESS (or ABNORMAL with the failing-refunds switch)
 */
public record WeChatPayRefund(
        String outRefundNo,
        String refundId,
        String outTradeNo,
        String transactionId,
        long refund,
        long total,
        String status,
        String notifyUrl,
        Instant createdAt,
        Instant succeededAt) {

    WeChatPayRefund settled(String value, Instant at) {
        return new WeChatPayRefund(outRefundNo, refundId, outTradeNo, transactionId, refund, total, value, notifyUrl, createdAt, at);
    }
}
