package dev.checkout.aws.testing;

import dev.checkout.aws.wiring.CheckoutAdapters;
import dev.checkout.aws.wiring.FunctionEnvironment;
import dev.checkout.local.services.LocalServices;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A function environment pointing at the shared DynamoDB Local and ElasticMQ of the test JVM, with a
 * page-token key made for this JVM (as the local cloud makes one per start).
 */
public final class LocalEnvironment {
    private static final String PAGE_TOKEN_KEY = UUID.randomUUID() + "-" + UUID.randomUUID();

    private LocalEnvironment() {
    }

    public static FunctionEnvironment of(Map<String, String> extra) {
        LocalServices services = LocalServices.shared();
        var variables = new HashMap<String, String>();
        variables.put("AWS_REGION", LocalServices.REGION.id());
        variables.put("AWS_ACCESS_KEY_ID", "local");
        variables.put("AWS_SECRET_ACCESS_KEY", "local");
        variables.put("AWS_ENDPOINT_URL_DYNAMODB", services.dynamoDbEndpoint().toString());
        variables.put("AWS_ENDPOINT_URL_SQS", services.sqsEndpoint().toString());
        variables.put("TABLE_NAME", services.tableName("CheckoutTable"));
        variables.put("PAYMENT_PLATFORMS", "stripe");
        variables.put("PAGE_TOKEN_KEY", PAGE_TOKEN_KEY);
        variables.putAll(extra);
        return FunctionEnvironment.of(variables);
    }

    public static CheckoutAdapters adapters() {
        return new CheckoutAdapters(of(Map.of()));
    }

    /** The adapters of a function that serves paged routes, as orders-api makes them. */
    public static CheckoutAdapters pagingAdapters() {
        return CheckoutAdapters.servingPagedRoutes(of(Map.of()));
    }
}
