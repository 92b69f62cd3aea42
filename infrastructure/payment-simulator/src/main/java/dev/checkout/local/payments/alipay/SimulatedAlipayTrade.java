package dev.checkout.local.payments.alipay;

import java.util.List;

/**
 * A trade as the simulated Alipay holds it. Amounts in fen.
 *
 * @param status    {@code WAIT_BUYER_PAY}, {@code TRADE_SUCCESS}, {@code TRADE_CLOSED}; {@code null} while a precreated QR
 *                  code was not scanned (Alipay then answers queries {@code ACQ.TRADE_NOT_EXIST})
 * @param qrCode    the QR code's content for a precreated trade, else null
 * @param notifyUrl where its notifications go, as the merchant gave it
 */
public record SimulatedAlipayTrade(
        String outTradeNo,
        String tradeNo,
        String productCode,
        long totalAmount,
        String subject,
        String status,
        String qrCode,
        String notifyUrl,
        String returnUrl,
        long refundedAmount,
        List<SimulatedAlipayRefund> refunds) {
}
