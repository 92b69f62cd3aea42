package dev.checkout.benchmark.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Benchmark baseline, never deployed: the behaviour of orders-api's {@code GET /products/{sku}}
 * (one consistent Query on the product's partition, the catalog entry and the stock item merged into
 * the product view), written the way the SDK's defaults lead: {@code DynamoDbClient.create()} (the
 * Apache HTTP client found on the classpath, the default region and credential provider chains,
 * endpoint from {@code AWS_ENDPOINT_URL_DYNAMODB}), the Enhanced Client with a reflection-built
 * {@link TableSchema#fromBean bean schema}, and Jackson binding the event and the response to POJOs.
 */
public final class BaselineProductHandler implements RequestStreamHandler {
    private static final ObjectMapper MAPPER = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final DynamoDbTable<CatalogItem> table;

    public BaselineProductHandler() {
        DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(DynamoDbClient.create()).build();
        this.table = enhanced.table(System.getenv("TABLE_NAME"), TableSchema.fromBean(CatalogItem.class));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        HttpEvent event = MAPPER.readValue(input, HttpEvent.class);
        String sku = event.getPathParameters() == null ? null : event.getPathParameters().get("sku");
        HttpResult result;
        if (sku == null || sku.isBlank()) {
            result = HttpResult.of(400, Map.of("error", Map.of("code", "VALIDATION_FAILED", "message", "sku is required")));
        } else {
            ProductView product = find(sku);
            result = product == null
                    ? HttpResult.of(404, Map.of("error", Map.of("code", "NOT_FOUND", "message", "no product " + sku)))
                    : HttpResult.of(200, product);
        }
        MAPPER.writeValue(output, result);
    }

    private ProductView find(String sku) {
        var request = QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue("PRODUCT#" + sku).build()))
                .consistentRead(true)
                .build();
        CatalogItem catalog = null;
        CatalogItem stock = null;
        for (CatalogItem item : table.query(request).items()) {
            if ("PRODUCT".equals(item.getSk())) {
                catalog = item;
            } else if ("STOCK".equals(item.getSk())) {
                stock = item;
            }
        }
        return catalog == null ? null : ProductView.of(sku, catalog, stock);
    }

    /** The HTTP result Lambda hands back to API Gateway, serialized by Jackson. */
    public static final class HttpResult {
        private int statusCode;
        private Map<String, String> headers;
        private String body;

        static HttpResult of(int status, Object body) throws IOException {
            HttpResult result = new HttpResult();
            result.statusCode = status;
            result.headers = Map.of("content-type", "application/json");
            result.body = MAPPER.writeValueAsString(body);
            return result;
        }

        public int getStatusCode() {
            return statusCode;
        }

        public Map<String, String> getHeaders() {
            return headers;
        }

        public String getBody() {
            return body;
        }
    }
}
