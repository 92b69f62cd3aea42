package dev.checkout.local.payments.alipay;

import java.time.Instant;

/** A refund Alipay made: {@code amount} in fen. */
public record SimulatedAlipayRefund(String outTradeNo, String outRequestNo, long amount, Instant at) {
}
