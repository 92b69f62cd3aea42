package dev.checkout.local.payments.wechatpay;

/**
 * A notification the simulated WeChat Pay sent (or tried to).
 *
 * @param id        the notification id, the same on every resend
 * @param eventType e.g. {@code TRANSACTION.SUCCESS}, {@code REFUND.SUCCESS}
 * @param objectId  the out_trade_no or out_refund_no it is about
 * @param notifyUrl where it goes (the order's or refund's notify_url, unless the simulator's notify endpoint overrides it)
 * @param body      the exact JSON sent, resource encrypted
 * @param plaintext the decrypted resource, for inspection
 */
public record WeChatPayNotification(String id, String eventType, String objectId, String notifyUrl, String body, String plaintext) {
}
