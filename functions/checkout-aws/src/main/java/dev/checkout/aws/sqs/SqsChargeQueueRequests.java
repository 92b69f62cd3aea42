package dev.checkout.aws.sqs;

import dev.checkout.domain.OrderId;
import dev.checkout.domain.RefundId;
import dev.checkout.domain.QueueUnavailableException;
import dev.checkout.port.PendingPaymentCancellation;
import dev.checkout.port.RefundResend;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Requests for the charge function, through the charge queue: cancel an order's pending payments,
 * send a stored refund again. The queue gives them the same retries and dead-letter queue as
 * charging, and keeps the payment provider's client out of the functions that ask.
 * Messages: {@link ChargeQueueMessage.CancelPayments} and {@link ChargeQueueMessage.SendRefund}.
 */
public final class SqsChargeQueueRequests implements PendingPaymentCancellation, RefundResend {
    private final SqsClient sqs;
    private final String chargeQueueUrl;

    public SqsChargeQueueRequests(SqsClient sqs, String chargeQueueUrl) {
        this.sqs = sqs;
        this.chargeQueueUrl = chargeQueueUrl;
    }

    @Override
    public void cancelPendingPayments(OrderId orderId) {
        send(new ChargeQueueMessage.CancelPayments(orderId), "the cancellation of the payments of " + orderId);
    }

    @Override
    public void resend(OrderId orderId, RefundId refundId) {
        send(new ChargeQueueMessage.SendRefund(orderId, refundId), "the sending of refund " + refundId);
    }

    private void send(ChargeQueueMessage message, String what) {
        try {
            sqs.sendMessage(r -> r.queueUrl(chargeQueueUrl).messageBody(message.toJson()));
        } catch (SdkException e) {
            throw new QueueUnavailableException("could not queue " + what, e);
        }
    }
}
