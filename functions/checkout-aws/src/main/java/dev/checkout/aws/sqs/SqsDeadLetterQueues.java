package dev.checkout.aws.sqs;

import dev.checkout.domain.CheckoutException;
import dev.checkout.domain.QueueUnavailableException;
import dev.checkout.port.DeadLetterQueues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The dead-letter queues on SQS, each with the queue its messages came from.
 *
 * <p>A look receives with a visibility timeout of {@value #PEEK_VISIBILITY_SECONDS} s: the messages looked
 * at are hidden from another look or a redrive for that long, and their receive count goes up by one
 * (a dead-letter queue has no redrive policy of its own, so the count moves nothing).
 *
 * <p>A redrive receives, sends to the source queue, then deletes, batch by batch: a message is deleted only
 * once it is on the source queue, so a failure in between leaves it in both (the consumers apply a message
 * once however often it comes) and loses none. SQS's own {@code StartMessageMoveTask} (which ElasticMQ 1.7.1
 * serves as well) is not used: it runs in the background, one task per queue at a time, so the answer could say
 * neither what moved nor when, and the console's "moved n" would become a task to poll. What is being moved is
 * hidden for {@value #MOVE_VISIBILITY_SECONDS} s, so a redrive that dies midway gives its messages back after that.
 */
public final class SqsDeadLetterQueues implements DeadLetterQueues {
    static final int PEEK_VISIBILITY_SECONDS = 2;
    static final int MOVE_VISIBILITY_SECONDS = 30;

    /** A dead-letter queue and the queue it takes the failures of. */
    public record Queue(String deadLetterQueueUrl, String sourceQueueUrl) {
    }

    private final SqsClient sqs;
    private final Map<String, Queue> queues;

    public SqsDeadLetterQueues(SqsClient sqs, Map<String, Queue> queues) {
        this.sqs = sqs;
        this.queues = new TreeMap<>(queues);
    }

    @Override
    public Set<String> names() {
        return queues.keySet();
    }

    @Override
    public Depth depth(String name) {
        try {
            var attributes = sqs.getQueueAttributes(r -> r.queueUrl(queue(name).deadLetterQueueUrl())
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                    .attributes();
            return new Depth(count(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
                    count(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
        } catch (SdkException e) {
            throw unavailable("read the depth of", name, e);
        }
    }

    @Override
    public List<DeadLetter> peek(String name, int max) {
        try {
            return receive(queue(name).deadLetterQueueUrl(), max, PEEK_VISIBILITY_SECONDS).stream()
                    .map(message -> summarise(name, message))
                    .toList();
        } catch (SdkException e) {
            throw unavailable("look at", name, e);
        }
    }

    @Override
    public int redrive(String name, int max) {
        Queue queue = queue(name);
        int moved = 0;
        try {
            while (moved < max) {
                List<Message> batch = receive(queue.deadLetterQueueUrl(), Math.min(10, max - moved), MOVE_VISIBILITY_SECONDS);
                if (batch.isEmpty()) {
                    return moved;
                }
                var entries = new ArrayList<SendMessageBatchRequestEntry>();
                for (int i = 0; i < batch.size(); i++) {
                    Message message = batch.get(i);
                    entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(message.body())
                            .messageAttributes(message.messageAttributes()).build());
                }
                var sent = sqs.sendMessageBatch(r -> r.queueUrl(queue.sourceQueueUrl()).entries(entries));
                var deletes = new ArrayList<DeleteMessageBatchRequestEntry>();
                // Only what reached the source queue leaves this one; a failed send stays here, visible again later.
                sent.successful().forEach(ok -> deletes.add(DeleteMessageBatchRequestEntry.builder()
                        .id(ok.id()).receiptHandle(batch.get(Integer.parseInt(ok.id())).receiptHandle()).build()));
                if (!deletes.isEmpty()) {
                    sqs.deleteMessageBatch(r -> r.queueUrl(queue.deadLetterQueueUrl()).entries(deletes));
                }
                moved += deletes.size();
                if (!sent.failed().isEmpty()) {
                    throw new QueueUnavailableException("could not send " + sent.failed().size() + " dead letters of " + name
                            + " back to their queue (" + moved + " moved)", null);
                }
            }
            return moved;
        } catch (SdkException e) {
            throw unavailable("redrive", name, e);
        }
    }

    /** One receive; a wait of a second makes SQS ask all its servers, so an empty answer means an empty queue. */
    private List<Message> receive(String queueUrl, int max, int visibilitySeconds) {
        return sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                .maxNumberOfMessages(max)
                .visibilityTimeout(visibilitySeconds)
                .waitTimeSeconds(1)
                .messageAttributeNames("All")
                .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP, MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                .messages();
    }

    /** The message's id, times and, when its body is one of the checkout's messages, its type and order id (no more of the body). */
    static DeadLetter summarise(String name, Message message) {
        var attributes = message.attributes();
        String sent = attributes.get(MessageSystemAttributeName.SENT_TIMESTAMP);
        String received = attributes.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        String type = null;
        String orderId = null;
        try {
            if ("notification".equals(name)) {
                NotificationMessage notification = NotificationMessage.parse(message.body());
                type = notification.provider() + ":" + notification.type();
            } else {
                ChargeQueueMessage charge = ChargeQueueMessage.parse(message.body());
                orderId = charge.orderId().value();
                type = charge instanceof ChargeQueueMessage.CancelPayments ? ChargeQueueMessage.CANCEL_PAYMENTS
                        : charge instanceof ChargeQueueMessage.SendRefund ? ChargeQueueMessage.SEND_REFUND
                        : "charge";
            }
        } catch (CheckoutException notOurs) {
            // a body of another shape: summarised by its id and times only
        }
        return new DeadLetter(message.messageId(), sent == null ? null : Instant.ofEpochMilli(Long.parseLong(sent)),
                received == null ? 0 : Integer.parseInt(received), type, orderId);
    }

    private Queue queue(String name) {
        Queue queue = queues.get(name);
        if (queue == null) {
            throw new IllegalArgumentException("no dead-letter queue " + name);
        }
        return queue;
    }

    private static long count(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }

    private static QueueUnavailableException unavailable(String what, String name, SdkException e) {
        return new QueueUnavailableException("could not " + what + " the dead-letter queue " + name, e);
    }
}
