package dev.checkout.ordersapi;

import dev.checkout.application.CancelOrder;
import dev.checkout.application.ConfirmOrder;
import dev.checkout.application.PlaceOrder;
import dev.checkout.aws.sqs.SqsChargeQueueRequests;
import dev.checkout.aws.testing.ApiEvent;
import dev.checkout.aws.testing.LocalEnvironment;
import dev.checkout.aws.testing.RecordingWorkflow;
import dev.checkout.aws.wiring.CheckoutAdapters;
import dev.checkout.domain.Money;
import dev.checkout.domain.PaymentMethod;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.Sku;
import dev.checkout.domain.UserId;
import dev.checkout.local.services.LocalServices;
import dev.checkout.port.IdGenerator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;

/**
 * The orders-api handler over DynamoDB Local and ElasticMQ with a recording workflow, a stocked SKU
 * and a fresh customer per test: what the handler tests and the contract tests share.
 */
abstract class OrdersApiFixture {
    protected final CheckoutAdapters adapters = LocalEnvironment.pagingAdapters();
    protected final RecordingWorkflow workflow = new RecordingWorkflow();
    protected final String chargeQueue = LocalServices.shared().sqsClient().createQueue(r -> r.queueName("charge-orders-api-test")).queueUrl();
    protected final OrdersApiHandler handler = new OrdersApiHandler(adapters.viewOrders(),
            new CancelOrder(adapters.orders(), adapters.stockReservations(), workflow,
                    new SqsChargeQueueRequests(LocalServices.shared().sqsClient(), chargeQueue), adapters.clock()),
            adapters.fulfilOrder(), adapters.browseCatalog(), adapters.putProduct());
    protected final ConfirmOrder confirmOrder = adapters.confirmOrder();
    protected Sku sku;
    protected String alice;

    @BeforeEach
    void stockASkuForANewCustomer() {
        sku = Sku.of("MUG-" + UUID.randomUUID().toString().substring(0, 8));
        alice = "alice-" + UUID.randomUUID();
        adapters.catalog().put(sku, "Enamel mug", Money.of(1250, "USD"), 10);
    }

    protected OrderId placedAndReserved(String user) {
        var placed = new PlaceOrder(adapters.orders(), adapters.catalog(), adapters.idempotency(), workflow, IdGenerator.ulid(), adapters.clock(), Set.of(PaymentMethod.STRIPE))
                .place(new PlaceOrder.Command(UserId.of(user), List.of(new PlaceOrder.RequestedLine(sku, 2)), PaymentMethod.card("pm_card_visa"), UUID.randomUUID().toString(), "h"));
        adapters.reserveStock().reserve(placed.order().orderId(), placed.order().stockLines());
        return placed.order().orderId();
    }

    /** Bodies that PUT /products/{sku} must refuse with 400: variations of events/put-product.json. */
    protected static List<String> badProductBodies() {
        com.fasterxml.jackson.databind.node.ObjectNode good = ApiEvent.from("put-product.json").bodyJson();
        return List.of(
                "{}", "[]", "{\"name\":\"x\"}",
                good.deepCopy().put("available", -1).toString(),
                good.deepCopy().put("shards", 0).toString(),
                good.deepCopy().put("shards", 65).toString(),
                good.deepCopy().put("available", "5").toString(),
                good.deepCopy().put("name", "").toString(),
                good.deepCopy().set("price", ((com.fasterxml.jackson.databind.node.ObjectNode) good.path("price").deepCopy()).put("currency", "usd")).toString(),
                good.deepCopy().set("price", ((com.fasterxml.jackson.databind.node.ObjectNode) good.path("price").deepCopy()).put("amount", -5)).toString(),
                good.deepCopy().set("price", ((com.fasterxml.jackson.databind.node.ObjectNode) good.path("price").deepCopy()).put("amount", 12.5)).toString());
    }

    protected static ApiEvent on(String event, OrderId orderId) {
        return ApiEvent.from(event).pathParameter("orderId", orderId.value());
    }
}
