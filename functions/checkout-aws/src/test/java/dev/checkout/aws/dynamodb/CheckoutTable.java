package dev.checkout.aws.dynamodb;

import dev.checkout.domain.Money;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OrderLine;
import dev.checkout.domain.OutOfStockException;
import dev.checkout.domain.Sku;
import dev.checkout.domain.StockLine;
import dev.checkout.domain.UserId;
import dev.checkout.local.services.LocalServices;
import dev.checkout.port.IdGenerator;
import dev.checkout.port.StockReservations.ReservationOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The template's table in the shared DynamoDB Local, and fresh names so that tests never collide. */
final class CheckoutTable {
    static final IdGenerator IDS = IdGenerator.ulid();

    private CheckoutTable() {
    }

    static DynamoDbClient client() {
        return LocalServices.shared().dynamoDbClient();
    }

    static String name() {
        return LocalServices.shared().tableName("CheckoutTable");
    }

    static Sku newSku() {
        return Sku.of("SKU-" + UUID.randomUUID().toString().substring(0, 12));
    }

    /** A new product "Mug" at 12.50 USD with {@code available} in stock. */
    static Sku stockedSku(long available) {
        Sku sku = newSku();
        new DynamoDbCatalog(client(), name(), pageTokens()).put(sku, "Mug", Money.of(1250, "USD"), available);
        return sku;
    }

    static OrderId newOrderId() {
        return IDS.newOrderId(Instant.now());
    }

    static UserId newUser() {
        return UserId.of("user-" + UUID.randomUUID());
    }

    static Order newOrder(UserId user, Instant createdAt, Sku sku, int quantity) {
        return Order.place(IDS.newOrderId(createdAt), user, List.of(new OrderLine(sku, quantity, Money.of(1000, "USD"))), "pm_card_visa", createdAt);
    }

    /**
     * {@code orders} orders of one unit of {@code sku} reserved at once on 16 threads, order {@code i} through
     * {@code instanceFor.apply(i)}; how many were reserved.
     */
    static long reserveConcurrently(int orders, IntFunction<DynamoDbStockReservations> instanceFor, Sku sku) throws Exception {
        var pool = Executors.newFixedThreadPool(16);
        try {
            var attempts = new ArrayList<Callable<Boolean>>();
            for (int i = 0; i < orders; i++) {
                int order = i;
                attempts.add(() -> {
                    try {
                        return instanceFor.apply(order).reserve(newOrderId(), List.of(new StockLine(sku, 1)))
                                == ReservationOutcome.RESERVED;
                    } catch (OutOfStockException e) {
                        return false;
                    }
                });
            }
            long reserved = 0;
            for (var result : pool.invokeAll(attempts)) {
                reserved += result.get() ? 1 : 0;
            }
            return reserved;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Page tokens signed with a key made for this test JVM. */
    static PageTokens pageTokens() {
        return PAGE_TOKENS;
    }

    private static final PageTokenKeys PAGE_TOKEN_KEYS = PageTokenKeys.parse(UUID.randomUUID() + "-" + UUID.randomUUID());
    private static final PageTokens PAGE_TOKENS = new PageTokens(() -> PAGE_TOKEN_KEYS);

    static long itemCount() {
        return client().scan(r -> r.tableName(name()).select("COUNT")).count();
    }
}
