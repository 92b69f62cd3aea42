package dev.checkout.createorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.application.PlaceOrder;
import dev.checkout.aws.lambda.Json;
import dev.checkout.aws.testing.ApiEvent;
import dev.checkout.aws.testing.ApiEvent.ApiResult;
import dev.checkout.domain.Money;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.PaymentMethod;
import dev.checkout.domain.Sku;
import dev.checkout.local.services.LocalServices;
import dev.checkout.port.IdGenerator;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Integration tier: the customer chooses the platform and way to pay at checkout (events/create-order.json). */
@Tag("integration")
class PaymentPlatformChoiceTest extends CreateOrderFixture {
    private Sku tea;

    @BeforeEach
    void stockAProductPricedInYuan() {
        tea = Sku.of("TEA-" + UUID.randomUUID().toString().substring(0, 8));
        adapters.catalog().put(tea, "Longjing tea", Money.of(8800, "CNY"), 50);
    }

    private static long items() {
        LocalServices services = LocalServices.shared();
        return services.dynamoDbClient().scan(r -> r.tableName(services.tableName("CheckoutTable")).select("COUNT")).count();
    }

    private ApiEvent order(Sku sku, String paymentMethodJson) {
        ApiEvent event = ApiEvent.from("create-order.json").header("idempotency-key", UUID.randomUUID().toString());
        ObjectNode body = event.bodyJson();
        body.putArray("items").addObject().put("sku", sku.value()).put("quantity", 2);
        body.set("paymentMethod", Json.parse(paymentMethodJson));
        return event.body(body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"platform\":\"alipay\",\"type\":\"qr\"}", "{\"platform\":\"alipay\",\"type\":\"page\"}",
            "{\"platform\":\"wechatpay\",\"type\":\"native\"}"})
    void aWalletPlatform_onAnOrderInYuan_isStoredOnTheOrder_andStartsItsCheckout(String method) {
        ApiResult result = order(tea, method).invoke(handler);

        assertEquals(201, result.status(), result.body().toString());
        JsonNode expected = Json.parse(method);
        assertEquals(expected, result.body().path("paymentMethod"));
        OrderId orderId = OrderId.of(result.body().path("orderId").asText());
        assertEquals(PaymentMethod.parse(adapters.orders().find(orderId).orElseThrow().paymentMethod().orElseThrow()),
                new PaymentMethod(expected.path("platform").asText(), expected.path("type").asText(), null));
        assertEquals(orderId, workflow.started.get(0));
    }

    @Test
    void aCardToken_asAStringOrAsAStripeCardObject_placesTheSameKindOfOrder() {
        ApiResult asString = order(mug, "\"pm_card_visa\"").invoke(handler);
        ApiResult asObject = order(mug, "{\"platform\":\"stripe\",\"type\":\"card\",\"token\":\"pm_card_visa\"}").invoke(handler);

        assertEquals(201, asString.status());
        assertEquals(201, asObject.status());
        assertEquals(asString.body().path("paymentMethod"), asObject.body().path("paymentMethod"));
        assertEquals("stripe", asObject.body().path("paymentMethod").path("platform").asText());
        assertTrue(asObject.body().path("paymentMethod").path("token").isMissingNode(), "the token stays in the service");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"platform\":\"alipay\",\"type\":\"qr\"}", "{\"platform\":\"wechatpay\",\"type\":\"native\"}"})
    void aWalletPlatform_onAnOrderInDollars_is400_andWritesNothing(String method) {
        long before = items();

        ApiResult result = order(mug, method).invoke(handler);

        assertEquals(400, result.status());
        assertEquals("VALIDATION_FAILED", result.errorCode());
        assertTrue(result.errorMessage().contains("CNY"), result.errorMessage());
        assertEquals(before, items());
        assertTrue(workflow.started.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"platform\":\"paypal\",\"type\":\"wallet\"}", "{\"platform\":\"alipay\",\"type\":\"card\"}",
            "{\"platform\":\"stripe\",\"type\":\"card\"}", "{\"platform\":\"alipay\",\"type\":\"qr\",\"token\":\"pm_card_visa\"}",
            "{\"type\":\"qr\"}", "{\"platform\":7,\"type\":\"qr\"}", "[]", "\"card_4242\""})
    void anUnknownOrMalformedPaymentMethod_is400_andWritesNothing(String method) {
        long before = items();

        ApiResult result = order(tea, method).invoke(handler);

        assertEquals(400, result.status(), result.body().toString());
        assertTrue(result.errorMessage().startsWith("paymentMethod"), result.errorMessage());
        assertEquals(before, items());
    }

    @Test
    void aPlatformTheShopDoesNotTake_is400_namingThoseItTakes() {
        var cardsOnly = new CreateOrderHandler(new PlaceOrder(adapters.orders(), adapters.catalog(), adapters.idempotency(), workflow,
                IdGenerator.ulid(), adapters.clock(), Set.of(PaymentMethod.STRIPE)));
        long before = items();

        ApiResult result = order(tea, "{\"platform\":\"wechatpay\",\"type\":\"native\"}").invoke(cardsOnly);

        assertEquals(400, result.status());
        assertTrue(result.errorMessage().contains("does not take wechatpay") && result.errorMessage().contains("stripe"), result.errorMessage());
        assertEquals(before, items());
    }
}
