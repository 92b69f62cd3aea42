package dev.checkout.aws.sqs;

import dev.checkout.domain.OrderId;
import dev.checkout.domain.WorkflowUnavailableException;
import dev.checkout.port.PendingPaymentCancellation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Asks the charge function, through the charge queue, to cancel an order's pending payments. The
 * queue gives the cancellation the same retries and dead-letter queue as charging, and keeps the
 * payment provider's client out of the functions that cancel orders.
 * Message: {@code {"type": "cancel-payments", "orderId"}}.
 */
public final class SqsPendingPaymentCancellation implements PendingPaymentCancellation {
    private final SqsClient sqs;
    private final String chargeQueueUrl;

    public SqsPendingPaymentCancellation(SqsClient sqs, String chargeQueueUrl) {
        this.sqs = sqs;
        this.chargeQueueUrl = chargeQueueUrl;
    }

    @Override
    public void cancelPendingPayments(OrderId orderId) {
        try {
            sqs.sendMessage(r -> r.queueUrl(chargeQueueUrl)
                    .messageBody("{\"type\":\"cancel-payments\",\"orderId\":\"" + orderId.value() + "\"}"));
        } catch (SdkException e) {
            throw new WorkflowUnavailableException("could not queue the cancellation of the payments of " + orderId, e);
        }
    }
}
