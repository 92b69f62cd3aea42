package dev.checkout.aws.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.aws.lambda.Json;
import dev.checkout.domain.StorageUnavailableException;
import dev.checkout.port.PaymentEventQueue;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The notification queue. Message: {@code {"provider", "eventId", "type", "payload"}}, payload the raw event. */
public final class SqsPaymentEventQueue implements PaymentEventQueue {
    private final SqsClient sqs;
    private final String queueUrl;

    public SqsPaymentEventQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void send(String provider, String eventId, String type, String payload) {
        ObjectNode message = Json.object();
        message.put("provider", provider);
        message.put("eventId", eventId);
        message.put("type", type);
        message.put("payload", payload);
        try {
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(Json.write(message)));
        } catch (SdkException e) {
            throw new StorageUnavailableException("could not enqueue payment event " + eventId, e);
        }
    }
}
