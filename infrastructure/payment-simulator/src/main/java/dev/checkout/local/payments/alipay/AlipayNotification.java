package dev.checkout.local.payments.alipay;

import java.util.Map;

/**
 * A notification the simulated Alipay emitted. Each delivery attempt sends {@code params} with that attempt's
 * {@code notify_time}, signed; {@code notifyId} stays the same across attempts and copies.
 *
 * @param type   the trade status it reports, prefixed {@code refund.} when it follows a refund
 * @param params the parameters without {@code notify_time}, {@code sign_type} and {@code sign}
 */
public record AlipayNotification(String notifyId, String type, String outTradeNo, String notifyUrl, Map<String, String> params) {
    public AlipayNotification {
        params = Map.copyOf(params);
    }
}
