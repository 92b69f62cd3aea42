package dev.checkout.aws.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.aws.testing.OpenApiContract;
import dev.checkout.aws.testing.OpenApiContract.Exchange;
import dev.checkout.domain.Money;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OrderLine;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.Product;
import dev.checkout.domain.Refund;
import dev.checkout.domain.RefundId;
import dev.checkout.domain.Sku;
import dev.checkout.domain.Ulid;
import dev.checkout.domain.UserId;
import dev.checkout.local.services.ProjectFiles;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Unit tier: infrastructure/openapi.yaml is a valid OpenAPI 3.0 document that lists the routes of
 * the design, and the contract oracle has teeth: it refuses what the spec does not allow, and the
 * JSON views of the payment shapes (whose routes have no handler test here) conform.
 */
@Tag("unit")
class OpenApiSpecTest {
    private static final Set<String> PUBLIC = Set.of("GET /products", "GET /products/{sku}", "POST /webhooks/{provider}");
    private static final Set<String> ROUTES = new TreeSet<>(List.of(
            "POST /orders", "GET /orders", "GET /orders/{orderId}", "POST /orders/{orderId}/cancel",
            "POST /orders/{orderId}/ship", "POST /orders/{orderId}/complete", "POST /orders/{orderId}/refunds",
            "GET /orders/{orderId}/payments", "GET /payments/{paymentId}",
            "PUT /products/{sku}", "GET /products", "GET /products/{sku}", "POST /webhooks/{provider}",
            "GET /statistics",
            "GET /orders/{orderId}/history", "GET /orders/{orderId}/webhook-events", "GET /attention", "GET /dead-letters/{queue}",
            "POST /dead-letters/{queue}/redrive",
            "GET /admin/orders"));

    private final OpenApiContract contract = OpenApiContract.load();
    private final Instant now = Instant.parse("2026-11-22T10:00:00.123Z");
    private final OrderId orderId = OrderId.of("ord_" + Ulid.next(now));

    private static OpenAPI parse() {
        var options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readLocation(ProjectFiles.locate(OpenApiContract.SPEC).toUri().toString(), null, options);
        assertEquals(List.of(), result.getMessages() == null ? List.of() : result.getMessages());
        return result.getOpenAPI();
    }

    private static Map<String, Operation> operations(OpenAPI api) {
        var operations = new TreeMap<String, Operation>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> operations.put(method + " " + path, operation)));
        return operations;
    }

    @Test
    void spec_parsesWithoutMessages_andServesExactlyTheRoutesOfTheDesign() {
        OpenAPI api = parse();

        assertEquals("3.0.3", api.getOpenapi());
        assertEquals(ROUTES, operations(api).keySet());
    }

    @Test
    void everyOperation_hasAUniqueOperationId_aSummary_andTheErrorShapeOnEveryErrorStatus() {
        var ids = new HashSet<String>();
        operations(parse()).forEach((route, operation) -> {
            assertTrue(operation.getOperationId() != null && ids.add(operation.getOperationId()), route);
            assertFalse(operation.getSummary() == null || operation.getSummary().isBlank(), route);
            operation.getResponses().forEach((status, response) -> {
                if (status.startsWith("4") || status.startsWith("5")) {
                    Schema<?> schema = response.getContent().get("application/json").getSchema();
                    List<String> refs = schema.getOneOf() == null
                            ? List.of(String.valueOf(schema.get$ref()))
                            : schema.getOneOf().stream().map(s -> String.valueOf(((Schema<?>) s).get$ref())).toList();
                    assertTrue(refs.contains("#/components/schemas/Error"), route + " " + status);
                }
            });
        });
    }

    @Test
    void everyOperationWithABody_takesOnlyJson_butAlipaysFormWebhook_andDocuments415_andNoOtherDoes() {
        operations(parse()).forEach((route, operation) -> {
            boolean takesBody = operation.getRequestBody() != null;
            if (takesBody) {
                assertEquals(route.equals("POST /webhooks/{provider}") ? Set.of("application/json", "application/x-www-form-urlencoded")
                        : Set.of("application/json"), operation.getRequestBody().getContent().keySet(), route);
            }
            assertEquals(takesBody, operation.getResponses().containsKey("415"), route);
        });
    }

    @Test
    void bearerJwt_isRequiredEverywhere_butOnTheCatalogReadsAndTheWebhook() {
        OpenAPI api = parse();

        assertEquals("bearer", api.getComponents().getSecuritySchemes().get("bearerAuth").getScheme());
        assertEquals(List.of("bearerAuth"), api.getSecurity().stream().flatMap(r -> r.keySet().stream()).toList());
        operations(api).forEach((route, operation) -> {
            if (PUBLIC.contains(route)) {
                assertEquals(List.of(), operation.getSecurity(), route);
            } else {
                assertEquals(null, operation.getSecurity(), route + " must inherit the global bearerAuth");
            }
        });
    }

    @Test
    void idempotentWrites_requireTheIdempotencyKeyHeader() {
        OpenAPI api = parse();
        for (PathItem item : List.of(api.getPaths().get("/orders"), api.getPaths().get("/orders/{orderId}/refunds"))) {
            var key = item.getPost().getParameters().stream().filter(p -> "Idempotency-Key".equals(p.getName())).findFirst().orElseThrow();
            assertEquals("header", key.getIn());
            assertTrue(key.getRequired());
        }
    }

    private Exchange get(String path, int status, JsonNode body) {
        return new Exchange("GET", path, Map.of(), Map.of("authorization", "Bearer t"), null,
                status, Map.of("content-type", "application/json"), Json.write(body));
    }

    @Test
    void paymentViews_conformToThePaymentRoutes() {
        Payment pending = Payment.pending(PaymentId.of(orderId, 1), "stripe", Money.of(4499, "USD"), "pm_card_visa", "task-token", now);
        Payment failed = pending.withProviderReference("pi_123", now).fail("card_declined", now);

        contract.assertResponseConforms(get("/payments/" + pending.paymentId(), 200, JsonViews.payment(pending)));
        contract.assertResponseConforms(get("/payments/" + failed.paymentId(), 200, JsonViews.payment(failed)));
        ObjectNode list = Json.object();
        list.putArray("payments").add(JsonViews.payment(pending)).add(JsonViews.payment(failed));
        contract.assertResponseConforms(get("/orders/" + orderId + "/payments", 200, list));
    }

    @Test
    void refundView_conformsToThe202OfTheRefundRoute() {
        Refund refund = Refund.pending(RefundId.of("rfd_" + Ulid.next(now)), orderId, PaymentId.of(orderId, 1), "stripe", Money.of(1250, "USD"), "broken", now);
        Refund compensation = Refund.pending(RefundId.of("rfd_" + Ulid.next(now)), orderId, PaymentId.of(orderId, 1), "stripe", Money.of(1250, "USD"), null, now)
                .settle(true, now);

        for (Refund r : List.of(refund, compensation)) {
            contract.assertConforms(new Exchange("POST", "/orders/" + orderId + "/refunds", Map.of(),
                    Map.of("authorization", "Bearer t", "content-type", "application/json", "idempotency-key", "k-1"),
                    "{\"amount\": 1250, \"reason\": \"broken\"}", 202, Map.of("content-type", "application/json"), Json.write(JsonViews.refund(r))));
        }
    }

    @Test
    void theOracle_refusesUndocumentedFields_missingFields_unknownEnums_andUndeclaredStatuses() {
        ObjectNode product = JsonViews.product(new Product(Sku.of("MUG-01"), "Enamel mug", Money.of(1250, "USD"), 10, 2, 3));
        contract.assertResponseConforms(get("/products/MUG-01", 200, product));

        ObjectNode extra = product.deepCopy().put("cost", 400);
        ObjectNode missing = product.deepCopy();
        missing.remove("reserved");
        ObjectNode fractional = product.deepCopy();
        ((ObjectNode) fractional.get("price")).put("amount", 12.5);
        ObjectNode order = Json.object().put("orderId", orderId.value()).put("status", "LOST");

        for (Exchange wrong : List.of(get("/products/MUG-01", 200, extra), get("/products/MUG-01", 200, missing),
                get("/products/MUG-01", 200, fractional), get("/orders/" + orderId, 200, order),
                get("/products/MUG-01", 418, HttpErrors.error(418, "TEAPOT", "no", "r").body()))) {
            assertThrows(AssertionError.class, () -> contract.assertResponseConforms(wrong), wrong.responseBody());
        }
    }

    @Test
    void theOracle_checksTheValuesOfDeclaredResponseHeaders() {
        Money price = Money.of(1250, "USD");
        Order order = Order.place(orderId, UserId.of("alice"), List.of(new OrderLine(Sku.of("MUG-01"), 1, price)), "pm_card_visa", now);
        String body = Json.write(JsonViews.order(order, List.of(), List.of()));
        Map<String, String> request = Map.of("authorization", "Bearer t", "content-type", "application/json", "idempotency-key", "k-1");
        String requestBody = "{\"items\": [{\"sku\": \"MUG-01\", \"quantity\": 1}], \"paymentMethod\": \"pm_card_visa\"}";

        contract.assertConforms(new Exchange("POST", "/orders", Map.of(), request, requestBody, 201,
                Map.of("content-type", "application/json", "location", "/orders/" + orderId, "idempotent-replayed", "true"), body));
        for (Map<String, String> wrong : List.of(
                Map.of("content-type", "application/json"),
                Map.of("content-type", "application/json", "location", "orders/" + orderId),
                Map.of("content-type", "application/json", "location", "/orders/" + orderId, "idempotent-replayed", "yes"))) {
            Exchange exchange = new Exchange("POST", "/orders", Map.of(), request, requestBody, 201, wrong, body);
            assertThrows(AssertionError.class, () -> contract.assertResponseConforms(exchange), wrong.toString());
        }
    }

    @Test
    void theOracle_readsTheRequestToo() {
        Exchange noToken = new Exchange("GET", "/orders/" + orderId, Map.of(), Map.of(), null,
                401, Map.of("content-type", "application/json"), Json.write(HttpErrors.error(401, "UNAUTHENTICATED", "no token", "r").body()));
        Exchange badLimit = new Exchange("GET", "/orders", Map.of("limit", "101"), Map.of("authorization", "Bearer t"), null,
                400, Map.of("content-type", "application/json"), Json.write(HttpErrors.error(400, "VALIDATION_FAILED", "limit", "r").body()));

        contract.assertResponseConforms(noToken);
        contract.assertRequestViolatesContract(noToken);
        contract.assertRequestViolatesContract(badLimit);
        assertThrows(AssertionError.class, () -> contract.assertConforms(badLimit));
    }
}
