package dev.checkout.createorder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.aws.testing.ApiEvent;
import dev.checkout.aws.testing.ApiEvent.ApiResult;
import dev.checkout.aws.testing.InvalidUnicode;
import dev.checkout.aws.testing.OpenApiContract;
import dev.checkout.aws.testing.OpenApiContract.Exchange;
import dev.checkout.domain.WorkflowUnavailableException;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Integration tier: {@code POST /orders} as the handler answers it over DynamoDB Local, checked
 * against infrastructure/openapi.yaml, request and response, on success and on every error it gives.
 */
@Tag("integration")
class CreateOrderContractTest extends CreateOrderFixture {
    private final OpenApiContract contract = OpenApiContract.load();
    private Exchange call(ApiEvent event, int expectedStatus) {
        ApiResult result = event.invoke(handler);
        assertEquals(expectedStatus, result.status(), result.body().toString());
        return Exchange.of(event, result);
    }

    @Test
    void created_isA201OrderWithItsLocation_asTheContractSays() {
        contract.assertConforms(call(order(), 201));
    }

    @Test
    void clientSentPrices_areFieldsTheContractIgnores_andTheAnswerStillConforms() {
        ApiEvent event = order();
        ObjectNode body = event.bodyJson();
        ((ObjectNode) body.get("items").get(0)).put("unitPrice", 1);
        body.put("total", 1).put("userId", "mallory");

        contract.assertConforms(call(event.body(body), 201));
    }

    @Test
    void replay_isA201WithTheReplayedHeader_asTheContractSays() {
        ApiEvent event = order();
        event.invoke(handler);

        Exchange replay = call(event, 201);

        assertEquals("true", replay.responseHeaders().get("idempotent-replayed"));
        contract.assertConforms(replay);
    }

    @Test
    void base64EncodedBody_conforms() {
        ApiEvent event = order();
        byte[] body = event.json().path("body").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8);

        contract.assertConforms(call(event.base64Body(body), 201));
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"items\": ["),
                Arguments.of("an array", "[]"),
                Arguments.of("a scalar", "42"),
                Arguments.of("no items", "{\"paymentMethod\":\"pm_card_visa\"}"),
                Arguments.of("items not an array", "{\"items\":{},\"paymentMethod\":\"pm_card_visa\"}"),
                Arguments.of("no lines", "{\"items\":[],\"paymentMethod\":\"pm_card_visa\"}"),
                Arguments.of("a line not an object", "{\"items\":[\"MUG\"],\"paymentMethod\":\"pm_card_visa\"}"),
                Arguments.of("a missing sku", "{\"items\":[{\"quantity\":1}],\"paymentMethod\":\"pm_card_visa\"}"),
                Arguments.of("a numeric sku", "{\"items\":[{\"sku\":7,\"quantity\":1}],\"paymentMethod\":\"pm_card_visa\"}"),
                Arguments.of("a malformed sku", "{\"items\":[{\"sku\":\"no spaces\",\"quantity\":1}],\"paymentMethod\":\"pm_card_visa\"}"),
                Arguments.of("a string quantity", "{\"items\":[{\"sku\":\"MUG\",\"quantity\":\"1\"}],\"paymentMethod\":\"pm_card_visa\"}"),
                Arguments.of("a zero quantity", "{\"items\":[{\"sku\":\"MUG\",\"quantity\":0}],\"paymentMethod\":\"pm_card_visa\"}"),
                Arguments.of("a fractional quantity", "{\"items\":[{\"sku\":\"MUG\",\"quantity\":1.5}],\"paymentMethod\":\"pm_card_visa\"}"),
                Arguments.of("a huge quantity", "{\"items\":[{\"sku\":\"MUG\",\"quantity\":1001}],\"paymentMethod\":\"pm_card_visa\"}"),
                Arguments.of("a boolean quantity", "{\"items\":[{\"sku\":\"MUG\",\"quantity\":true}],\"paymentMethod\":\"pm_card_visa\"}"),
                Arguments.of("no payment method", "{\"items\":[{\"sku\":\"MUG\",\"quantity\":1}]}"),
                Arguments.of("a payment method that is no token", "{\"items\":[{\"sku\":\"MUG\",\"quantity\":1}],\"paymentMethod\":\"4242424242424242\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badBody_isA400ErrorPerContract_andTheContractRefusesTheBodyToo(String what, String body) {
        Exchange refused = call(order().body(body), 400);

        contract.assertResponseConforms(refused);
        contract.assertRequestViolatesContract(refused);
    }

    @Test
    void aRepeatedSku_isA400ErrorPerContract() {
        ApiEvent event = order();
        ObjectNode body = event.bodyJson();
        ((ObjectNode) body.get("items").get(1)).put("sku", mug.value());

        Exchange refused = call(event.body(body), 400);

        // One line per SKU is said in the spec's words: JSON Schema cannot say it of an array of objects.
        contract.assertConforms(refused);
    }

    @Test
    void missingIdempotencyKey_isA400ErrorPerContract_andTheContractRequiresTheKey() {
        Exchange refused = call(order().withoutHeader("idempotency-key"), 400);

        contract.assertResponseConforms(refused);
        contract.assertRequestViolatesContract(refused);
    }

    @Test
    void malformedIdempotencyKey_isA400ErrorPerContract_andTheContractRefusesTheKey() {
        Exchange refused = call(order().header("idempotency-key", "has spaces in it"), 400);

        contract.assertResponseConforms(refused);
        contract.assertRequestViolatesContract(refused);
    }

    @Test
    void noToken_isA401ErrorPerContract_andTheContractRequiresTheBearerToken() {
        Exchange refused = call(order().anonymous(), 401);

        contract.assertResponseConforms(refused);
        contract.assertRequestViolatesContract(refused);
    }

    @Test
    void oversizeBody_isA413ErrorPerContract() {
        contract.assertResponseConforms(call(order().body("{\"pad\":\"" + "x".repeat(70 * 1024) + "\"}"), 413));
    }

    @ParameterizedTest(name = "Content-Type: {0}")
    @ValueSource(strings = {"text/plain", "application/octet-stream"})
    void bodyNotSentAsJson_isA415ErrorPerContract_andTheContractRefusesTheRequestToo(String contentType) {
        Exchange refused = call(order().header("content-type", contentType), 415);

        contract.assertResponseConforms(refused);
        contract.assertRequestViolatesContract(refused);
    }

    @Test
    void jsonInAnotherCharset_isA415ErrorPerContract() {
        // The validator matches media types without their parameters; the spec says so in words.
        contract.assertResponseConforms(call(order().header("content-type", "application/json; charset=iso-8859-1"), 415));
    }

    @Test
    void bodyWithAnUnpairedSurrogate_isA400ErrorPerContract() {
        ApiEvent event = order();

        contract.assertResponseConforms(call(event.base64Body(InvalidUnicode.ESCAPED_HIGH_SURROGATE.inNewKey(event.bodyJson())), 400));
    }

    @Test
    void unknownSku_isA422ErrorPerContract_forAConformingRequest() {
        ApiEvent event = order();
        ObjectNode body = event.bodyJson();
        ((ObjectNode) body.get("items").get(1)).put("sku", "NO-SUCH-SKU-" + UUID.randomUUID().toString().substring(0, 6));

        contract.assertConforms(call(event.body(body), 422));
    }

    @Test
    void sameKeyWithAnotherBody_isA422ErrorPerContract_forAConformingRequest() {
        ApiEvent event = order();
        event.invoke(handler);
        ObjectNode changed = event.bodyJson();
        ((ObjectNode) changed.get("items").get(0)).put("quantity", 3);

        contract.assertConforms(call(event.body(changed), 422));
    }

    @Test
    void aFailedWorkflowStart_isA503ErrorPerContract() {
        workflow.failStartsWith(new WorkflowUnavailableException("down", null));

        contract.assertConforms(call(order(), 503));
    }
}
