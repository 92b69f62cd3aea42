package dev.checkout.aws.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.aws.logging.LogContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * An SQS event source batch, processed message by message: each record is handled on its own, a
 * failure fails that record only, and the answer lists the failed ones
 * ({@code {"batchItemFailures": [{"itemIdentifier": messageId}]}}, for {@code ReportBatchItemFailures}).
 * A failed message is hidden for longer each time it is received (exponential backoff through
 * {@code ChangeMessageVisibility}), until the queue's redrive policy moves it to the dead-letter queue.
 *
 * <p>This is the one place a queue consumer catches everything: turning a message's failure into a
 * batch item failure is its job.
 */
public final class SqsBatch {
    /** SQS's limit for a visibility timeout. */
    static final Duration MAX_VISIBILITY = Duration.ofHours(12);

    private final Supplier<SqsClient> sqs;
    private final String queueUrl;
    private final Duration firstDelay;
    private final Duration maxDelay;

    /**
     * @param sqs the client for {@code ChangeMessageVisibility}; null leaves failed messages to the
     *            queue's own visibility timeout
     */
    public SqsBatch(SqsClient sqs, String queueUrl, Duration firstDelay, Duration maxDelay) {
        this(() -> sqs, queueUrl, firstDelay, maxDelay);
    }

    /**
     * @param sqs the client for {@code ChangeMessageVisibility}, asked for when a message first fails
     *            (a batch without failures never builds it); a null client leaves failed messages to
     *            the queue's own visibility timeout
     */
    public SqsBatch(Supplier<SqsClient> sqs, String queueUrl, Duration firstDelay, Duration maxDelay) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay.compareTo(MAX_VISIBILITY) > 0 ? MAX_VISIBILITY : maxDelay;
    }

    /** One SQS message as the event source delivers it. */
    public record Message(String messageId, String receiptHandle, String body, int receiveCount) {
    }

    @FunctionalInterface
    public interface MessageHandler {
        void handle(Message message);
    }

    /**
     * Reads the event from {@code input}, handles each record, writes the batch response to {@code output}.
     * Every line logged meanwhile names the invocation ({@code context}, may be null) and the message.
     */
    public void process(InputStream input, OutputStream output, Context context, MessageHandler handler) throws IOException {
        LogContext.during(context, () -> process(Json.read(input), output, handler));
    }

    private void process(JsonNode event, OutputStream output, MessageHandler handler) throws IOException {
        List<String> failed = new ArrayList<>();
        for (JsonNode record : event.path("Records")) {
            Message message = new Message(
                    record.path("messageId").asText(),
                    record.path("receiptHandle").asText(),
                    record.path("body").asText(""),
                    record.path("attributes").path("ApproximateReceiveCount").asInt(1));
            var invocation = LogContext.fields();
            LogContext.put(LogContext.MESSAGE_ID, message.messageId());
            try {
                handler.handle(message);
            } catch (RuntimeException e) {
                log().log(System.Logger.Level.WARNING, "message " + message.messageId() + " (receive " + message.receiveCount()
                        + ") failed: " + e.getClass().getName() + ": " + e.getMessage());
                failed.add(message.messageId());
                backOff(message);
            } finally {
                LogContext.restore(invocation);
            }
        }
        ObjectNode response = Json.object();
        ArrayNode failures = response.putArray("batchItemFailures");
        failed.forEach(id -> failures.addObject().put("itemIdentifier", id));
        Json.write(output, response);
    }

    /**
     * The logger, looked up when a message first fails: the lookup starts java.util.logging (its
     * configuration file, its manager), which a batch without failures has no use for.
     */
    private static System.Logger log() {
        return System.getLogger(SqsBatch.class.getName());
    }

    /** {@code firstDelay * 2^(receiveCount - 1)}, at most {@code maxDelay}. */
    public Duration delayAfter(int receiveCount) {
        int doublings = Math.max(0, Math.min(receiveCount - 1, 20));
        Duration delay = firstDelay.multipliedBy(1L << doublings);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    private void backOff(Message message) {
        if (queueUrl == null || message.receiptHandle().isEmpty()) {
            return;
        }
        int seconds = (int) delayAfter(message.receiveCount()).toSeconds();
        try {
            SqsClient client = sqs.get();
            if (client == null) {
                return;
            }
            client.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()).visibilityTimeout(seconds));
        } catch (SdkException e) {
            // the queue's own visibility timeout applies instead
            log().log(System.Logger.Level.WARNING, "could not delay message " + message.messageId() + ": " + e.getClass().getSimpleName());
        }
    }
}
