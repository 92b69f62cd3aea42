package dev.checkout.createorder;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.application.PlaceOrder;
import dev.checkout.aws.testing.ApiEvent;
import dev.checkout.aws.testing.LocalEnvironment;
import dev.checkout.aws.testing.RecordingWorkflow;
import dev.checkout.aws.wiring.CheckoutAdapters;
import dev.checkout.domain.Money;
import dev.checkout.domain.PaymentMethod;
import dev.checkout.domain.Sku;
import dev.checkout.port.IdGenerator;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;

/**
 * The create-order handler over DynamoDB Local with a recording workflow and two stocked SKUs per
 * test: what the handler tests and the contract tests share.
 */
abstract class CreateOrderFixture {
    protected final CheckoutAdapters adapters = LocalEnvironment.adapters();
    protected final RecordingWorkflow workflow = new RecordingWorkflow();
    protected final CreateOrderHandler handler = new CreateOrderHandler(new PlaceOrder(
            adapters.orders(), adapters.catalog(), adapters.idempotency(), workflow, IdGenerator.ulid(), adapters.clock(),
            Set.of(PaymentMethod.STRIPE, PaymentMethod.ALIPAY, PaymentMethod.WECHATPAY)));
    protected Sku mug;
    protected Sku tee;

    @BeforeEach
    void stockTheCatalog() {
        mug = Sku.of("MUG-" + UUID.randomUUID().toString().substring(0, 8));
        tee = Sku.of("TEE-" + UUID.randomUUID().toString().substring(0, 8));
        adapters.catalog().put(mug, "Enamel mug", Money.of(1250, "USD"), 100);
        adapters.catalog().put(tee, "T-shirt", Money.of(1999, "USD"), 100);
    }

    /** events/create-order.json with this test's SKUs and a fresh idempotency key. */
    protected ApiEvent order() {
        ApiEvent event = ApiEvent.from("create-order.json").header("idempotency-key", UUID.randomUUID().toString());
        ObjectNode body = event.bodyJson();
        ((ObjectNode) body.get("items").get(0)).put("sku", mug.value());
        ((ObjectNode) body.get("items").get(1)).put("sku", tee.value());
        return event.body(body);
    }
}
