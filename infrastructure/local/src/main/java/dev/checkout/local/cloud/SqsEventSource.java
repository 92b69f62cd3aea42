package dev.checkout.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * An SQS event source mapping: polls a queue, hands batches to a function as Lambda's SQS event,
 * and deletes what succeeded. With {@code ReportBatchItemFailures} only the messages the function
 * names stay on the queue; otherwise an error leaves the whole batch. Messages left on the queue
 * come back after their visibility timeout, and the queue's redrive policy moves them to the
 * dead-letter queue after {@code maxReceiveCount} receives, as on AWS.
 */
final class SqsEventSource extends PollingEventSource {
    private static final System.Logger LOG = System.getLogger(SqsEventSource.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final LocalFunction function;
    private final int batchSize;
    private final boolean reportsItemFailures;

    SqsEventSource(SqsClient sqs, String queueUrl, String queueArn, LocalFunction function, int batchSize, boolean reportsItemFailures) {
        super(queueArn, function);
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.function = function;
        this.batchSize = batchSize;
        this.reportsItemFailures = reportsItemFailures;
    }

    /** A long poll of a second: no pause needed when the queue is empty. */
    @Override
    void poll() {
        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                .maxNumberOfMessages(batchSize)
                .waitTimeSeconds(1)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
        if (!messages.isEmpty()) {
            deliver(messages);
        }
    }

    private void deliver(List<Message> messages) {
        Set<String> failed = new HashSet<>();
        try {
            byte[] response = function.invoke(event(messages).getBytes(StandardCharsets.UTF_8));
            if (reportsItemFailures && response.length > 0) {
                JsonNode result = JSON.readTree(response);
                for (JsonNode failure : result.path("batchItemFailures")) {
                    failed.add(failure.path("itemIdentifier").asText());
                }
            }
        } catch (LocalFunction.FunctionError e) {
            LOG.log(System.Logger.Level.WARNING, function.logicalId() + " failed a batch of " + messages.size() + ": " + e.getMessage());
            return;
        } catch (java.io.IOException e) {
            LOG.log(System.Logger.Level.ERROR, function.logicalId() + " answered a batch with invalid JSON: " + e.getMessage());
            return;
        }
        var done = messages.stream().filter(m -> !failed.contains(m.messageId()))
                .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build())
                .toList();
        if (!done.isEmpty()) {
            sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(done));
        }
    }

    private String event(List<Message> messages) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message message : messages) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", message.body());
            ObjectNode attributes = record.putObject("attributes");
            for (Map.Entry<MessageSystemAttributeName, String> attribute : message.attributes().entrySet()) {
                attributes.put(attribute.getKey().toString(), attribute.getValue());
            }
            ObjectNode messageAttributes = record.putObject("messageAttributes");
            message.messageAttributes().forEach((name, value) -> messageAttributes.putObject(name)
                    .put("stringValue", value.stringValue())
                    .put("dataType", value.dataType()));
            record.put("md5OfBody", message.md5OfBody());
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", CloudResources.REGION);
        }
        return event.toString();
    }


}
