package dev.checkout.benchmark.probe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.checkout.aws.wiring.AwsClients;
import dev.checkout.aws.wiring.FunctionEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The AWS SDK's share of orders-api's {@code GET /products/{sku}}, run from orders-api's own jar: the
 * DynamoDB client built as every function builds it ({@link AwsClients}: the url-connection client,
 * region, credentials and endpoint from the environment) and the route's one consistent Query, with
 * nothing of the function around it (no event parsing beyond the path, no domain, no JSON library).
 * Its init plus first invoke is the floor any handler on this client pays, so the benchmark can show
 * how much of orders-api's time is the SDK's and how much is the function's.
 */
public final class SdkFloorHandler implements RequestStreamHandler {
    private static final Pattern SKU = Pattern.compile("\"rawPath\"\\s*:\\s*\"/products/([^\"]+)\"");

    private final DynamoDbClient client;
    private final String table;

    public SdkFloorHandler() {
        FunctionEnvironment env = FunctionEnvironment.system();
        this.client = new AwsClients(env).dynamoDb();
        this.table = env.require("TABLE_NAME");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Matcher sku = SKU.matcher(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        int status = 400;
        if (sku.find()) {
            int items = client.query(r -> r.tableName(table)
                    .keyConditionExpression("PK = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("PRODUCT#" + sku.group(1))))
                    .consistentRead(true)).items().size();
            status = items > 0 ? 200 : 404;
        }
        output.write(("{\"statusCode\":" + status + "}").getBytes(StandardCharsets.UTF_8));
    }
}
