package dev.checkout.reservestock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.application.ManageStock;
import dev.checkout.application.PlaceOrder;
import dev.checkout.aws.lambda.Json;
import dev.checkout.aws.testing.LocalEnvironment;
import dev.checkout.aws.testing.RecordingWorkflow;
import dev.checkout.aws.wiring.CheckoutAdapters;
import dev.checkout.domain.Money;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.OutOfStockException;
import dev.checkout.domain.Sku;
import dev.checkout.domain.StateConflictException;
import dev.checkout.domain.UserId;
import dev.checkout.local.services.Events;
import dev.checkout.port.IdGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Integration tier: the workflow's stock task over DynamoDB Local, driven by events/reserve-stock-*.json. */
class ReserveStockHandlerTest {
    private final CheckoutAdapters adapters = LocalEnvironment.adapters();
    private final ReserveStockHandler handler = new ReserveStockHandler(new ManageStock(adapters.orders(), adapters.stock(), adapters.clock()));
    private Sku sku;

    @BeforeEach
    void stock() {
        sku = Sku.of("MUG-" + UUID.randomUUID().toString().substring(0, 8));
        adapters.stock().put(sku, "Enamel mug", Money.of(1250, "USD"), 3);
    }

    private OrderId placed(int quantity) {
        return new PlaceOrder(adapters.orders(), adapters.stock(), adapters.idempotency(), new RecordingWorkflow(), IdGenerator.ulid(), adapters.clock())
                .place(new PlaceOrder.Command(UserId.of("alice"), List.of(new PlaceOrder.RequestedLine(sku, quantity)), "pm_card_visa", UUID.randomUUID().toString(), "h"))
                .order().orderId();
    }

    private JsonNode invoke(String event, OrderId orderId) throws IOException {
        ObjectNode task = (ObjectNode) Json.parse(Events.read(event));
        task.put("orderId", orderId.value());
        var out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.write(task).getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.parse(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void reserve_thenCommit_marksThePaidOrderAndSellsTheStock_evenWhenRepeated() throws IOException {
        OrderId order = placed(2);

        assertEquals("RESERVED", invoke("reserve-stock-reserve.json", order).path("outcome").asText());
        assertEquals("ALREADY_RESERVED", invoke("reserve-stock-reserve.json", order).path("outcome").asText());
        assertEquals("COMMITTED", invoke("reserve-stock-commit.json", order).path("outcome").asText());
        assertEquals("ALREADY_COMMITTED", invoke("reserve-stock-commit.json", order).path("outcome").asText());

        assertEquals(OrderStatus.PAID, adapters.orders().find(order).orElseThrow().status());
        assertEquals(2, adapters.stock().find(sku).orElseThrow().sold());
        assertEquals(1, adapters.stock().find(sku).orElseThrow().available());
    }

    @Test
    void release_cancelsTheOrderWithTheCaughtErrorAsReason_andGivesTheStockBack() throws IOException {
        OrderId order = placed(2);
        invoke("reserve-stock-reserve.json", order);

        assertEquals("RELEASED", invoke("reserve-stock-release.json", order).path("outcome").asText());
        assertEquals("ALREADY_RELEASED", invoke("reserve-stock-release.json", order).path("outcome").asText());

        var cancelled = adapters.orders().find(order).orElseThrow();
        assertEquals(OrderStatus.CANCELLED, cancelled.status());
        assertEquals("PAYMENT_DECLINED", cancelled.statusReason().orElseThrow());
        assertEquals(3, adapters.stock().find(sku).orElseThrow().available());
    }

    @Test
    void reserve_throwsTheNamedOutOfStockError_theWorkflowCatches() {
        OrderId order = placed(4);
        assertThrows(OutOfStockException.class, () -> invoke("reserve-stock-reserve.json", order));
        assertEquals(3, adapters.stock().find(sku).orElseThrow().available());
    }

    @Test
    void commit_afterTheOrderWasCancelled_isAStateConflict_soTheWorkflowRefunds() throws IOException {
        OrderId order = placed(1);
        invoke("reserve-stock-reserve.json", order);
        invoke("reserve-stock-release.json", order);

        assertThrows(StateConflictException.class, () -> invoke("reserve-stock-commit.json", order));
    }
}
