package dev.checkout.local.cloud;

import dev.checkout.local.services.ProjectFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/** statemachine/checkout.asl.json with its definition substitutions applied, as the template would. */
final class CheckoutDefinition {
    static final String RESERVE_STOCK = "arn:aws:lambda:us-east-1:000000000000:function:ReserveStockFunction:live";
    static final String COMPENSATE = "arn:aws:lambda:us-east-1:000000000000:function:RefundCompensationFunction:live";

    private CheckoutDefinition() {
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
