package dev.checkout.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.domain.IdempotencyKeyTakenException;
import dev.checkout.domain.IdempotencyRecord;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.UserId;
import dev.checkout.domain.ValidationException;
import dev.checkout.domain.VersionConflictException;
import dev.checkout.port.OrderRepository.OrderQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Integration tier: against DynamoDB Local with the template's table. */
@Tag("integration")
class DynamoDbOrderRepositoryTest {
    private final DynamoDbOrderRepository orders = new DynamoDbOrderRepository(CheckoutTable.client(), CheckoutTable.name(), CheckoutTable.pageTokens());
    private final DynamoDbIdempotencyStore idempotency = new DynamoDbIdempotencyStore(CheckoutTable.client(), CheckoutTable.name(), Instant::now);

    private static IdempotencyRecord record(Order order) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new IdempotencyRecord("create-order#" + order.userId() + "#" + UUID.randomUUID(), "hash", order.orderId().value(), now, now.plus(Duration.ofHours(24)));
    }

    private Order stored() {
        Order order = CheckoutTable.newOrder(CheckoutTable.newUser(), Instant.now().truncatedTo(ChronoUnit.MILLIS), CheckoutTable.newSku(), 2);
        orders.create(order, record(order));
        return order;
    }

    @Test
    void create_storesTheOrderAndItsIdempotencyRecord_roundTrippingEveryField() {
        Order order = CheckoutTable.newOrder(CheckoutTable.newUser(), Instant.now().truncatedTo(ChronoUnit.MILLIS), CheckoutTable.newSku(), 2);
        IdempotencyRecord key = record(order);

        orders.create(order, key);
        Order read = orders.find(order.orderId()).orElseThrow();

        assertEquals(order.lines(), read.lines());
        assertEquals(order.total(), read.total());
        assertEquals(order.createdAt(), read.createdAt());
        assertEquals(order.paymentMethod(), read.paymentMethod());
        assertEquals(1, read.version());
        assertEquals(key, idempotency.find(key.key()).orElseThrow());
    }

    @Test
    void create_withATakenKey_writesNothing() {
        Order first = stored();
        IdempotencyRecord key = new IdempotencyRecord("k-" + UUID.randomUUID(), "h", first.orderId().value(), Instant.now(), Instant.now().plusSeconds(60));
        Order a = CheckoutTable.newOrder(first.userId(), Instant.now(), CheckoutTable.newSku(), 1);
        Order b = CheckoutTable.newOrder(first.userId(), Instant.now(), CheckoutTable.newSku(), 1);
        orders.create(a, key);

        assertThrows(IdempotencyKeyTakenException.class, () -> orders.create(b, key));
        assertTrue(orders.find(b.orderId()).isEmpty());
    }

    @Test
    void update_fromTheSameVersion_twiceConcurrently_letsExactlyOneWin() throws Exception {
        Order order = stored();
        Order paid = order.markPaid(Instant.now());
        Order cancelled = order.cancel("CUSTOMER", Instant.now());
        CountDownLatch start = new CountDownLatch(1);

        var first = CompletableFuture.supplyAsync(() -> attempt(start, paid));
        var second = CompletableFuture.supplyAsync(() -> attempt(start, cancelled));
        start.countDown();
        int wins = (first.get() ? 1 : 0) + (second.get() ? 1 : 0);
        Order stored = orders.find(order.orderId()).orElseThrow();

        assertEquals(1, wins);
        assertEquals(2, stored.version());
        assertEquals(first.get() ? OrderStatus.PAID : OrderStatus.CANCELLED, stored.status());
    }

    private boolean attempt(CountDownLatch start, Order update) {
        try {
            start.await();
            orders.update(update);
            return true;
        } catch (VersionConflictException e) {
            return false;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void listByUser_returnsOnlyTheirOrders_newestFirst_acrossPages() {
        UserId user = CheckoutTable.newUser();
        Instant base = Instant.parse("2026-03-01T12:00:00Z");
        var placed = new ArrayList<Order>();
        for (int i = 0; i < 5; i++) {
            Order order = CheckoutTable.newOrder(user, base.plusSeconds(i * 60L), CheckoutTable.newSku(), 1);
            orders.create(order, record(order));
            placed.add(order);
        }
        stored(); // another user's order

        var seen = new ArrayList<Order>();
        String token = null;
        do {
            var page = orders.listByUser(user, new OrderQuery(null, null, null, 2, token));
            seen.addAll(page.orders());
            token = page.nextToken();
        } while (token != null);

        java.util.Collections.reverse(placed);
        assertEquals(placed.stream().map(Order::orderId).toList(), seen.stream().map(Order::orderId).toList());
    }

    @Test
    void listByUser_filtersByTimeWindowAndStatus() {
        UserId user = CheckoutTable.newUser();
        Instant base = Instant.parse("2026-04-01T00:00:00Z");
        var placed = new ArrayList<Order>();
        for (int i = 0; i < 4; i++) {
            Order order = CheckoutTable.newOrder(user, base.plus(Duration.ofDays(i)), CheckoutTable.newSku(), 1);
            orders.create(order, record(order));
            placed.add(order);
        }
        orders.update(placed.get(2).markPaid(Instant.now()));

        var window = orders.listByUser(user, new OrderQuery(base.plus(Duration.ofDays(1)), base.plus(Duration.ofDays(2)), null, 10, null));
        var paid = orders.listByUser(user, new OrderQuery(null, null, OrderStatus.PAID, 10, null));

        assertEquals(List.of(placed.get(2).orderId(), placed.get(1).orderId()), window.orders().stream().map(Order::orderId).toList());
        assertEquals(List.of(placed.get(2).orderId()), paid.orders().stream().map(Order::orderId).toList());
    }

    @Test
    void listByUser_refusesAnotherUsersPageToken() {
        UserId alice = CheckoutTable.newUser();
        for (int i = 0; i < 3; i++) {
            Order order = CheckoutTable.newOrder(alice, Instant.now(), CheckoutTable.newSku(), 1);
            orders.create(order, record(order));
        }
        String aliceToken = orders.listByUser(alice, new OrderQuery(null, null, null, 1, null)).nextToken();

        assertThrows(ValidationException.class, () -> orders.listByUser(CheckoutTable.newUser(), new OrderQuery(null, null, null, 1, aliceToken)));
        assertThrows(ValidationException.class, () -> orders.listByUser(alice, new OrderQuery(null, null, null, 1, "not-a-token")));
    }

    @Test
    void findPendingPlacedBefore_findsOnlyOrdersStillAwaitingPayment_placedBeforeTheCutoff() {
        UserId user = CheckoutTable.newUser();
        Instant longAgo = Instant.parse("2001-01-01T00:00:00Z");
        Order stalled = CheckoutTable.newOrder(user, longAgo, CheckoutTable.newSku(), 1);
        Order paid = CheckoutTable.newOrder(user, longAgo.plusSeconds(1), CheckoutTable.newSku(), 1);
        Order recent = CheckoutTable.newOrder(user, Instant.now(), CheckoutTable.newSku(), 1);
        for (Order order : List.of(stalled, paid, recent)) {
            orders.create(order, record(order));
        }
        orders.update(paid.markPaid(Instant.now()));

        var found = orders.findPendingPlacedBefore(longAgo.plusSeconds(60), 1000).stream().map(Order::orderId).toList();

        assertTrue(found.contains(stalled.orderId()));
        assertTrue(!found.contains(paid.orderId()));
        assertTrue(!found.contains(recent.orderId()));
    }
}
