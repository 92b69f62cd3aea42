package dev.checkout.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.checkout.local.services.ProjectFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** statemachine/checkout.asl.json with its definition substitutions applied, as the template would. */
final class CheckoutDefinition {
    static final String RESERVE_STOCK = "arn:aws:lambda:us-east-1:000000000000:function:ReserveStockFunction:live";
    static final String COMPENSATE = "arn:aws:lambda:us-east-1:000000000000:function:RefundCompensationFunction:live";

    private CheckoutDefinition() {
    }

    /** The next message the definition's RequestPayment step sent to {@code chargeQueueUrl}, waiting up to 30 s for it. */
    static JsonNode nextChargeMessage(SqsClient sqs, String chargeQueueUrl) {
        for (int i = 0; i < 30; i++) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(chargeQueueUrl).waitTimeSeconds(1)).messages();
            if (!messages.isEmpty()) {
                try {
                    return new ObjectMapper().readTree(messages.get(0).body());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new AssertionError("no charge message");
    }

    static String raw() {
        try {
            return Files.readString(ProjectFiles.locate("statemachine/checkout.asl.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String substituted(String chargeQueueUrl, int paymentWindowSeconds) {
        String definition = raw();
        for (var entry : Map.of(
                "ReserveStockFunctionArn", RESERVE_STOCK,
                "RefundCompensationFunctionArn", COMPENSATE,
                "ChargeQueueUrl", chargeQueueUrl,
                "PaymentWindowSeconds", Integer.toString(paymentWindowSeconds)).entrySet()) {
            definition = definition.replace("${" + entry.getKey() + "}", entry.getValue());
        }
        return definition;
    }
}
