package dev.checkout.local.stepfunctions.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.stepfunctions.json.Json;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** {@code arn:aws:states:::sqs:sendMessage[.waitForTaskToken]} through an SDK v2 {@link SqsClient}. */
public final class SqsIntegration implements ServiceIntegration {

    private final SqsClient sqs;

    public SqsIntegration(SqsClient sqs) {
        this.sqs = sqs;
    }

    @Override
    public JsonNode call(String action, JsonNode parameters) throws ServiceIntegrationException {
        if (!"sendMessage".equals(action)) {
            throw new ServiceIntegrationException("States.Runtime", "Unsupported SQS action " + action);
        }
        SendMessageRequest request = request(parameters);
        try {
            SendMessageResponse response = sqs.sendMessage(request);
            ObjectNode result = Json.object();
            result.put("MD5OfMessageBody", response.md5OfMessageBody());
            result.put("MessageId", response.messageId());
            if (response.sequenceNumber() != null) {
                result.put("SequenceNumber", response.sequenceNumber());
            }
            return result;
        } catch (SqsException e) {
            String code = e.awsErrorDetails() == null ? "SqsException" : e.awsErrorDetails().errorCode();
            throw new ServiceIntegrationException("SQS." + code, e.getMessage());
        }
    }

    /** Builds the SDK request from the Task's Parameters, the way Step Functions does. */
    static SendMessageRequest request(JsonNode parameters) throws ServiceIntegrationException {
        JsonNode queueUrl = parameters.get("QueueUrl");
        JsonNode body = parameters.get("MessageBody");
        if (queueUrl == null || !queueUrl.isTextual() || body == null) {
            throw new ServiceIntegrationException("States.Runtime", "sqs:sendMessage needs QueueUrl and MessageBody");
        }
        SendMessageRequest.Builder request = SendMessageRequest.builder()
                .queueUrl(queueUrl.asText())
                .messageBody(body.isTextual() ? body.asText() : Json.write(body));
        if (parameters.hasNonNull("MessageGroupId")) {
            request.messageGroupId(parameters.get("MessageGroupId").asText());
        }
        if (parameters.hasNonNull("MessageDeduplicationId")) {
            request.messageDeduplicationId(parameters.get("MessageDeduplicationId").asText());
        }
        if (parameters.hasNonNull("DelaySeconds")) {
            request.delaySeconds(parameters.get("DelaySeconds").asInt());
        }
        if (parameters.hasNonNull("MessageAttributes")) {
            Map<String, MessageAttributeValue> attributes = new HashMap<>();
            parameters.get("MessageAttributes").fields().forEachRemaining(entry -> {
                JsonNode value = entry.getValue();
                MessageAttributeValue.Builder attribute = MessageAttributeValue.builder()
                        .dataType(value.path("DataType").asText("String"));
                if (value.has("StringValue")) {
                    attribute.stringValue(value.get("StringValue").asText());
                }
                if (value.has("BinaryValue")) {
                    attribute.binaryValue(SdkBytes.fromByteArray(java.util.Base64.getDecoder().decode(value.get("BinaryValue").asText())));
                }
                attributes.put(entry.getKey(), attribute.build());
            });
            request.messageAttributes(attributes);
        }
        return request.build();
    }
}
