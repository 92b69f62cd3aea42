package dev.checkout.local.payments.wechatpay;

import java.time.Instant;

/**
 * A Native trade as the simulated WeChat Pay holds it.
 *
 * @param state         NOTPAY, SUCCESS, REFUND (paid, refunds made), CLOSED or PAYERROR
 * @param transactionId WeChat Pay's id, set once paid
 * @param refunded      fen refunded or being refunded
 */
public record WeChatPayTrade(
        String outTradeNo,
        String appId,
        String mchId,
        String description,
        long total,
        String currency,
        String notifyUrl,
        String codeUrl,
        String state,
        String transactionId,
        Instant createdAt,
        Instant paidAt,
        long refunded) {

    WeChatPayTrade withState(String value, String transactionIdValue, Instant paidAtValue) {
        return new WeChatPayTrade(outTradeNo, appId, mchId, description, total, currency, notifyUrl, codeUrl, value,
                transactionIdValue, createdAt, paidAtValue, refunded);
    }

    WeChatPayTrade withRefunded(long value) {
        return new WeChatPayTrade(outTradeNo, appId, mchId, description, total, currency, notifyUrl, codeUrl,
                value > 0 && (state.equals("SUCCESS") || state.equals("REFUND")) ? "REFUND" : state, transactionId, createdAt, paidAt, value);
    }

    boolean paid() {
        return state.equals("SUCCESS") || state.equals("REFUND");
    }
}
