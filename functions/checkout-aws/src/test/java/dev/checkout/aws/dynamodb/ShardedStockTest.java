package dev.checkout.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.domain.IdempotencyRecord;
import dev.checkout.domain.Money;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OutOfStockException;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.Product;
import dev.checkout.domain.Sku;
import dev.checkout.domain.StockLine;
import dev.checkout.domain.ValidationException;
import dev.checkout.port.StockReservations.ReservationOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Integration tier: a product's stock spread over shard items, against DynamoDB Local with the template's table. */
@Tag("integration")
class ShardedStockTest {
    private final DynamoDbCatalog catalog = new DynamoDbCatalog(CheckoutTable.client(), CheckoutTable.name(), CheckoutTable.pageTokens());

    private static DynamoDbStockReservations freshInstance() {
        return new DynamoDbStockReservations(CheckoutTable.client(), CheckoutTable.name(), StockShards.system());
    }

    private Sku shardedSku(long available, int shards) {
        Sku sku = CheckoutTable.newSku();
        catalog.put(sku, "Flash mug", Money.of(990, "USD"), available, shards);
        return sku;
    }

    private static Map<String, AttributeValue> item(Map<String, AttributeValue> key) {
        return CheckoutTable.client().getItem(r -> r.tableName(CheckoutTable.name()).key(key).consistentRead(true)).item();
    }

    @Test
    void put_withShards_spreadsTheAvailableStockEvenly_andReadsSumTheShards() {
        Sku sku = shardedSku(10, 4);

        assertEquals("0", item(TableKeys.stock(sku)).get(StockItems.AVAILABLE).n());
        assertEquals("4", item(TableKeys.stock(sku)).get(StockItems.SHARDS).n());
        assertEquals(List.of("3", "3", "2", "2"), List.of(0, 1, 2, 3).stream()
                .map(n -> item(TableKeys.stockShard(sku, n)).get(StockItems.AVAILABLE).n()).toList());
        assertEquals(10, catalog.find(sku).orElseThrow().available());
        assertEquals(10, catalog.findAll(List.of(sku)).get(sku).available());
    }

    @Test
    void reserve_fromManyInstancesAtOnce_sellsEveryUnit_andNeverOneMore() throws Exception {
        Sku sku = shardedSku(12, 8);
        var shared = freshInstance();

        long reserved = CheckoutTable.reserveConcurrently(60, order -> order % 3 == 0 ? shared : freshInstance(), sku);
        Product product = catalog.find(sku).orElseThrow();

        assertEquals(12, reserved);
        assertEquals(0, product.available());
        assertEquals(12, product.reserved());
    }

    @Test
    void reserve_movesToTheNextShard_whenItsFirstShardRunsDry() {
        Sku sku = shardedSku(4, 4);
        var reservations = freshInstance();

        for (int i = 0; i < 4; i++) {
            assertEquals(ReservationOutcome.RESERVED, reservations.reserve(CheckoutTable.newOrderId(), List.of(new StockLine(sku, 1))));
        }
        assertThrows(OutOfStockException.class, () -> reservations.reserve(CheckoutTable.newOrderId(), List.of(new StockLine(sku, 1))));
        assertEquals(0, catalog.find(sku).orElseThrow().available());
    }

    @Test
    void commitAndRelease_byAnotherInstance_goToTheShardTheReservationTook() {
        Sku sku = shardedSku(2, 2);
        OrderId paid = CheckoutTable.newOrderId();
        OrderId cancelled = CheckoutTable.newOrderId();
        List<StockLine> lines = List.of(new StockLine(sku, 1));
        freshInstance().reserve(paid, lines);
        freshInstance().reserve(cancelled, lines);

        assertEquals(ReservationOutcome.COMMITTED, freshInstance().commit(paid, lines, null));
        assertEquals(ReservationOutcome.RELEASED, freshInstance().release(cancelled, lines, null));
        assertEquals(ReservationOutcome.ALREADY_RELEASED, freshInstance().release(cancelled, lines, null));

        for (int n = 0; n < 2; n++) {
            var shard = item(TableKeys.stockShard(sku, n));
            assertEquals("0", shard.get(StockItems.RESERVED).n(), "reserved in shard " + n);
        }
        Product product = catalog.find(sku).orElseThrow();
        assertEquals(1, product.available());
        assertEquals(0, product.reserved());
        assertEquals(1, product.sold());
    }

    @Test
    void confirmPaid_byAnotherInstance_sellsFromTheShardTheReservationTook() {
        Sku sku = shardedSku(4, 4);
        Instant now = Instant.now();
        Order order = CheckoutTable.newOrder(CheckoutTable.newUser(), now, sku, 1);
        new DynamoDbOrderRepository(CheckoutTable.client(), CheckoutTable.name(), CheckoutTable.pageTokens()).create(order,
                new IdempotencyRecord("create-order#" + order.userId() + "#" + UUID.randomUUID(), "hash", order.orderId().value(), now, now.plus(Duration.ofHours(24))));
        freshInstance().reserve(order.orderId(), order.stockLines());
        Payment paid = Payment.pending(PaymentId.of(order.orderId(), 1), "stripe", order.total(), "pm_card_visa", null, now).succeed(now);

        var confirmation = new DynamoDbOrderConfirmation(CheckoutTable.client(), CheckoutTable.name(), StockShards.system());
        boolean confirmed = confirmation.confirmPaid(order.stockLines(), Order.paidBy(paid, now), paid);

        assertTrue(confirmed);
        Product product = catalog.find(sku).orElseThrow();
        assertEquals(3, product.available());
        assertEquals(0, product.reserved());
        assertEquals(1, product.sold());
    }

    @Test
    void sharding_aProductWithReservationsHeld_keepsThemReleasable() {
        Sku sku = CheckoutTable.stockedSku(10);
        OrderId before = CheckoutTable.newOrderId();
        List<StockLine> lines = List.of(new StockLine(sku, 2));
        freshInstance().reserve(before, lines);

        catalog.put(sku, "Mug", Money.of(1250, "USD"), 8, 4);
        freshInstance().release(before, lines, null);
        Product product = catalog.find(sku).orElseThrow();

        assertEquals(10, product.available());
        assertEquals(0, product.reserved());
    }

    @Test
    void put_refusesFewerShards_thanTheProductHas() {
        Sku sku = shardedSku(10, 4);

        assertThrows(ValidationException.class, () -> catalog.put(sku, "Flash mug", Money.of(990, "USD"), 10, 2));
        assertEquals(4, catalog.find(sku).map(p -> Integer.parseInt(item(TableKeys.stock(sku)).get(StockItems.SHARDS).n())).orElseThrow());
    }

    @Test
    void reserve_ofAnOrdinaryProduct_recordsNoShard() {
        Sku sku = CheckoutTable.stockedSku(5);
        OrderId order = CheckoutTable.newOrderId();
        freshInstance().reserve(order, List.of(new StockLine(sku, 1)));

        var reservation = item(TableKeys.reservation(order));
        assertFalse(reservation.containsKey(StockItems.HELD_IN));
        assertFalse(reservation.get(StockItems.LINES).l().get(0).m().containsKey(StockItems.SHARD));
    }
}
