package dev.checkout.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.domain.IdempotencyRecord;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.UserId;
import dev.checkout.domain.ValidationException;
import dev.checkout.port.OrderRepository.OrderPage;
import dev.checkout.port.OrderRepository.OrderQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Integration tier: every user's orders through GSI3 (a day's shards merged) against DynamoDB Local with
 * the template's table. Each test places its orders in a window of past days no other test writes to.
 */
@Tag("integration")
class DynamoDbOrderListTest {
    /** Each test's own days: four a test from 2020 on (DynamoDB Local lives as long as the test JVM). */
    private static final AtomicInteger WINDOWS = new AtomicInteger();
    /** Days no test writes an order in. */
    private static final Instant EMPTY_DAY = Instant.parse("2019-06-01T00:00:00Z");

    private final DynamoDbOrderRepository orders = new DynamoDbOrderRepository(CheckoutTable.client(), CheckoutTable.name(), CheckoutTable.pageTokens());
    private final List<Order> placed = new ArrayList<>();
    private Instant windowStart;
    private Instant windowEnd;

    /** Eleven orders of three users over three days (a day's orders on several shards); some paid, some cancelled. */
    @BeforeEach
    void placeOrdersOfSeveralUsersOverThreeDays() {
        windowStart = Instant.parse("2020-01-01T00:00:00Z").plus(Duration.ofDays(4L * WINDOWS.getAndIncrement()));
        windowEnd = windowStart.plus(Duration.ofDays(3)).minusMillis(1);
        List<UserId> users = List.of(CheckoutTable.newUser(), CheckoutTable.newUser(), CheckoutTable.newUser());
        for (int i = 0; i < 11; i++) {
            Instant createdAt = windowStart.plus(Duration.ofHours(7L * i)).plusMillis(i);
            Order order = CheckoutTable.newOrder(users.get(i % 3), createdAt, CheckoutTable.newSku(), 1);
            orders.create(order, new IdempotencyRecord("create-order#" + UUID.randomUUID(), "h", order.orderId().value(), createdAt, createdAt.plusSeconds(60)));
            if (i % 3 == 1) {
                order = order.markPaid(createdAt.plusSeconds(5));
                orders.update(order);
            } else if (i % 4 == 0) {
                order = order.cancel("CUSTOMER", createdAt.plusSeconds(5));
                orders.update(order);
            }
            placed.add(order);
        }
        assertTrue(placed.stream().map(o -> TableKeys.orderListShard(o.orderId(), o.createdAt())).distinct().count() > 3, "the orders fall on several shards");
    }

    @Test
    void listAll_pagesEveryUsersOrders_newestFirst_acrossDaysAndShards_eachOnce() {
        List<Order> listed = all(null, 2);

        assertEquals(ids(newestFirst(placed)), ids(listed));
    }

    @Test
    void listAll_withAStatus_listsOnlyOrdersInIt_newestFirst() {
        List<Order> listed = all(OrderStatus.PAID, 1);

        assertEquals(ids(newestFirst(placed.stream().filter(o -> o.status() == OrderStatus.PAID).toList())), ids(listed));
        assertTrue(listed.size() >= 3);
    }

    @Test
    void listAll_listsOnlyTheWindow_boundsIncluded() {
        Order second = placed.get(1);
        Order ninth = placed.get(8);

        List<Order> listed = drain(query(second.createdAt(), ninth.createdAt(), null, 100), second.createdAt(), ninth.createdAt());

        assertEquals(ids(newestFirst(placed.subList(1, 9))), ids(listed));
    }

    @Test
    void listAll_refusesItsTokenWithOtherFilters_orAnotherList() {
        OrderPage first = orders.listAll(query(windowStart, windowEnd, null, 1), windowStart, windowEnd);
        String token = first.nextToken();

        assertThrows(ValidationException.class, () -> orders.listAll(new OrderQuery(windowStart, windowEnd, OrderStatus.PAID, 1, token), windowStart, windowEnd));
        assertThrows(ValidationException.class, () -> orders.listAll(new OrderQuery(windowStart, null, null, 1, token), windowStart, windowEnd));
        assertThrows(ValidationException.class, () -> orders.listByUser(placed.get(0).userId(), new OrderQuery(windowStart, windowEnd, null, 1, token)));
        String userToken = orders.listByUser(placed.get(0).userId(), new OrderQuery(null, null, null, 1, null)).nextToken();
        assertThrows(ValidationException.class, () -> orders.listAll(new OrderQuery(windowStart, windowEnd, null, 1, userToken), windowStart, windowEnd));
    }

    @Test
    void listAll_keepsTheWindowOfItsFirstPage_whenTheDefaultsWouldMove() {
        // Neither from nor to given: the first page's window is in the token, later pages keep it.
        OrderQuery unbounded = new OrderQuery(null, null, null, 4, null);
        OrderPage page = orders.listAll(unbounded, windowStart, windowEnd);
        var listed = new ArrayList<>(page.orders());
        while (page.nextToken() != null) {
            page = orders.listAll(new OrderQuery(null, null, null, 4, page.nextToken()), Instant.now().minus(Duration.ofDays(1)), Instant.now());
            listed.addAll(page.orders());
        }

        assertEquals(ids(newestFirst(placed)), ids(listed));
    }

    private List<Order> all(OrderStatus status, int limit) {
        return drain(query(windowStart, windowEnd, status, limit), windowStart, windowEnd);
    }

    private List<Order> drain(OrderQuery first, Instant from, Instant to) {
        var listed = new ArrayList<Order>();
        OrderPage page = orders.listAll(first, from, to);
        int pages = 1;
        while (true) {
            assertTrue(page.orders().size() <= first.limit());
            listed.addAll(page.orders());
            if (page.nextToken() == null) {
                break;
            }
            page = orders.listAll(new OrderQuery(first.from(), first.to(), first.status(), first.limit(), page.nextToken()), from, to);
            pages++;
        }
        assertTrue(pages > 1 || first.limit() == 100, "more than one page was read");
        Set<OrderId> unique = new HashSet<>(ids(listed));
        assertEquals(listed.size(), unique.size(), "no order is listed twice");
        return listed;
    }

    private static OrderQuery query(Instant from, Instant to, OrderStatus status, int limit) {
        return new OrderQuery(from, to, status, limit, null);
    }

    private static List<Order> newestFirst(List<Order> some) {
        return some.stream().sorted(Comparator.comparing(Order::createdAt).reversed()).toList();
    }

    private static List<OrderId> ids(List<Order> some) {
        return some.stream().map(Order::orderId).toList();
    }

    @Test
    void listAll_ofAWindowWithNoOrders_answersAnEmptyLastPage() {
        Instant from = EMPTY_DAY;

        OrderPage page = orders.listAll(query(from, from.plus(Duration.ofDays(1)), null, 20), from, from.plus(Duration.ofDays(1)));

        assertEquals(List.of(), page.orders());
        assertNull(page.nextToken());
    }

    @Test
    void listAll_readsAPageOfABusyDay_inABoundedNumberOfQueries() {
        Instant day = Instant.parse("2019-03-01T00:00:00Z").plus(Duration.ofDays(WINDOWS.getAndIncrement()));
        var busy = new ArrayList<Order>();
        for (int i = 0; i < 400; i++) {
            Instant createdAt = day.plusSeconds(200L * i);
            Order order = CheckoutTable.newOrder(CheckoutTable.newUser(), createdAt, CheckoutTable.newSku(), 1);
            orders.create(order, new IdempotencyRecord("create-order#" + UUID.randomUUID(), "h", order.orderId().value(), createdAt, createdAt.plusSeconds(60)));
            if (i % 40 == 0) {
                order = order.markPaid(createdAt.plusSeconds(1));
                orders.update(order);
            }
            busy.add(order);
        }
        var counted = new CountingQueries(CheckoutTable.client());
        var listing = new DynamoDbOrderRepository(counted.client(), CheckoutTable.name(), CheckoutTable.pageTokens());
        Instant to = day.plus(Duration.ofDays(1)).minusMillis(1);

        OrderPage first = listing.listAll(query(day, to, null, 20), day, to);
        int unfiltered = counted.queries();
        long unfilteredItems = counted.items();
        List<Order> paid = drainCounted(listing, query(day, to, OrderStatus.PAID, 20), day, to);
        System.out.printf("a page of 20 of 400 orders of a day: %d queries, %d items read; the 10 paid ones: %d queries, %d items read%n",
                unfiltered, unfilteredItems, counted.queries() - unfiltered, counted.items() - unfilteredItems);

        assertEquals(ids(newestFirst(busy).subList(0, 20)), ids(first.orders()));
        assertEquals(ids(newestFirst(busy.stream().filter(o -> o.status() == OrderStatus.PAID).toList())), ids(paid));
        assertTrue(unfiltered <= DynamoDbOrderRepository.MAX_QUERIES_PER_PAGE, unfiltered + " queries");
        assertTrue(unfilteredItems < 200, "a page reads a few orders from each shard, not the day: " + unfilteredItems);
    }

    private static List<Order> drainCounted(DynamoDbOrderRepository listing, OrderQuery first, Instant from, Instant to) {
        var listed = new ArrayList<Order>();
        OrderPage page = listing.listAll(first, from, to);
        listed.addAll(page.orders());
        while (page.nextToken() != null) {
            page = listing.listAll(new OrderQuery(first.from(), first.to(), first.status(), first.limit(), page.nextToken()), from, to);
            listed.addAll(page.orders());
        }
        return listed;
    }

    /** The real client, with its Query requests and the items they read counted. */
    private static final class CountingQueries {
        private final java.util.concurrent.atomic.AtomicInteger queries = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicLong items = new java.util.concurrent.atomic.AtomicLong();
        private final software.amazon.awssdk.services.dynamodb.DynamoDbClient client;

        CountingQueries(software.amazon.awssdk.services.dynamodb.DynamoDbClient real) {
            client = (software.amazon.awssdk.services.dynamodb.DynamoDbClient) java.lang.reflect.Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {software.amazon.awssdk.services.dynamodb.DynamoDbClient.class}, (proxy, method, args) -> {
                        Object result;
                        try {
                            result = method.invoke(real, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                        if (result instanceof software.amazon.awssdk.services.dynamodb.model.QueryResponse response) {
                            queries.incrementAndGet();
                            items.addAndGet(response.scannedCount());
                        }
                        return result;
                    });
        }

        software.amazon.awssdk.services.dynamodb.DynamoDbClient client() {
            return client;
        }

        int queries() {
            return queries.get();
        }

        long items() {
            return items.get();
        }
    }
}
