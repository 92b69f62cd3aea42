package dev.checkout.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.domain.Money;
import dev.checkout.domain.Product;
import dev.checkout.domain.Sku;
import dev.checkout.domain.StockLine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;

/** Integration tier: against DynamoDB Local with the template's table. */
@Tag("integration")
class DynamoDbCatalogTest {
    private final DynamoDbCatalog catalog = new DynamoDbCatalog(CheckoutTable.client(), CheckoutTable.name(), CheckoutTable.pageTokens());
    private final DynamoDbStockReservations reservations = new DynamoDbStockReservations(CheckoutTable.client(), CheckoutTable.name());

    @Test
    void put_setsTheStockLevel_andKeepsWhatIsReservedAndSold() {
        Sku sku = CheckoutTable.stockedSku(5);
        reservations.reserve(CheckoutTable.newOrderId(), List.of(new StockLine(sku, 2)));

        Product updated = catalog.put(sku, "Mug, large", Money.of(1500, "USD"), 40);

        assertEquals(new Product(sku, "Mug, large", Money.of(1500, "USD"), 40, 2, 0), updated);
    }

    @Test
    void list_pagesThroughTheCatalog() {
        Sku a = CheckoutTable.stockedSku(1);
        Sku b = CheckoutTable.stockedSku(1);
        var seen = new ArrayList<Sku>();
        String token = null;
        do {
            var page = catalog.list(7, token);
            page.products().forEach(p -> seen.add(p.sku()));
            token = page.nextToken();
        } while (token != null);

        assertTrue(seen.containsAll(List.of(a, b)));
        assertEquals(seen.size(), seen.stream().distinct().count());
    }

    @Test
    void prices_readOnlyTheCatalogEntries_oneKeyASku_andLeaveUnknownSkusOut() {
        Sku mug = CheckoutTable.stockedSku(5);
        Sku unknown = CheckoutTable.newSku();
        var reads = new CountedReads();
        var instance = new DynamoDbCatalog(reads, CheckoutTable.name(), CheckoutTable.pageTokens());

        Map<Sku, Money> prices = instance.prices(List.of(mug, unknown));

        assertEquals(Map.of(mug, catalog.find(mug).orElseThrow().price()), prices);
        assertEquals(List.of("PRODUCT", "PRODUCT"), reads.sortKeys);
    }

    @Test
    void prices_ofAnOrdinaryProduct_showAChangeToTheVeryNextRead() {
        Sku sku = CheckoutTable.newSku();
        catalog.put(sku, "Mug", Money.of(1500, "USD"), 10);
        var clock = new AtomicReference<>(Instant.parse("2026-12-05T12:00:00Z"));
        var reads = new CountedReads();
        var createOrderInstance = new DynamoDbCatalog(reads, CheckoutTable.name(), CheckoutTable.pageTokens(), clock::get);
        createOrderInstance.prices(List.of(sku));

        catalog.put(sku, "Mug", Money.of(1700, "USD"), 10);

        assertEquals(Money.of(1700, "USD"), createOrderInstance.prices(List.of(sku)).get(sku));
        assertEquals(2, reads.requests.get());
    }

    @Test
    void prices_ofAShardedProduct_areReadOnceASecondPerInstance() {
        Sku sku = CheckoutTable.newSku();
        catalog.put(sku, "Flash sale phone", Money.of(99_900, "CNY"), 640, 8);
        var clock = new AtomicReference<>(Instant.parse("2026-12-05T12:00:00Z"));
        var reads = new CountedReads();
        var createOrderInstance = new DynamoDbCatalog(reads, CheckoutTable.name(), CheckoutTable.pageTokens(), clock::get);
        Instant firstRead = clock.get();
        createOrderInstance.prices(List.of(sku));

        catalog.put(sku, "Flash sale phone", Money.of(89_900, "CNY"), 640, 8);
        clock.set(firstRead.plus(Duration.ofMillis(999)));
        Money withinTheSecond = createOrderInstance.prices(List.of(sku)).get(sku);
        clock.set(firstRead.plus(Duration.ofSeconds(1)));
        Money afterIt = createOrderInstance.prices(List.of(sku)).get(sku);

        assertEquals(Money.of(99_900, "CNY"), withinTheSecond);
        assertEquals(Money.of(89_900, "CNY"), afterIt);
        assertEquals(2, reads.requests.get());
    }

    /** The test table's client, counting the BatchGetItem requests and the keys they name. */
    private static final class CountedReads implements DynamoDbClient {
        final AtomicInteger requests = new AtomicInteger();
        final List<String> sortKeys = new ArrayList<>();

        @Override
        public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
            requests.incrementAndGet();
            request.requestItems().values().forEach(k -> k.keys().forEach(key -> sortKeys.add(key.get("SK").s())));
            return CheckoutTable.client().batchGetItem(request);
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
        }
    }
}
