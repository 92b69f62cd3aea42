package dev.checkout.aws.sqs;

import dev.checkout.domain.QueueUnavailableException;
import dev.checkout.port.PaymentEventQueue;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The notification queue; its messages are {@link NotificationMessage}s. */
public final class SqsPaymentEventQueue implements PaymentEventQueue {
    private final SqsClient sqs;
    private final String queueUrl;

    public SqsPaymentEventQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void send(String provider, String eventId, String type, String payload) {
        String body = new NotificationMessage(provider, eventId, type, payload).toJson();
        try {
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
        } catch (SdkException e) {
            throw new QueueUnavailableException("could not enqueue payment event " + eventId, e);
        }
    }
}
