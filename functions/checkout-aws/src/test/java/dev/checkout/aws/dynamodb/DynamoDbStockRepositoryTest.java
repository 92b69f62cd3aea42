package dev.checkout.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.domain.Money;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OutOfStockException;
import dev.checkout.domain.Product;
import dev.checkout.domain.ReservationStatus;
import dev.checkout.domain.Sku;
import dev.checkout.domain.StateConflictException;
import dev.checkout.domain.StockLine;
import dev.checkout.port.StockRepository.ReservationOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Integration tier: against DynamoDB Local with the template's table. */
@Tag("integration")
class DynamoDbStockRepositoryTest {
    private final DynamoDbStockRepository stock = new DynamoDbStockRepository(CheckoutTable.client(), CheckoutTable.name(), CheckoutTable.pageTokens());

    private Sku stocked(long available) {
        Sku sku = CheckoutTable.newSku();
        stock.put(sku, "Mug", Money.of(1250, "USD"), available);
        return sku;
    }

    @Test
    void reserve_underFiftyConcurrentOrders_neverOversells() throws Exception {
        Sku sku = stocked(10);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            var attempts = new ArrayList<Callable<Boolean>>();
            for (int i = 0; i < 50; i++) {
                attempts.add(() -> {
                    try {
                        return stock.reserve(CheckoutTable.newOrderId(), List.of(new StockLine(sku, 1))) == ReservationOutcome.RESERVED;
                    } catch (OutOfStockException e) {
                        return false;
                    }
                });
            }
            long reserved = 0;
            for (Future<Boolean> result : pool.invokeAll(attempts)) {
                reserved += result.get() ? 1 : 0;
            }
            Product product = stock.find(sku).orElseThrow();

            assertEquals(10, reserved);
            assertEquals(0, product.available());
            assertEquals(10, product.reserved());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void release_twice_restoresTheQuantityOnce() {
        Sku sku = stocked(10);
        OrderId order = CheckoutTable.newOrderId();
        List<StockLine> lines = List.of(new StockLine(sku, 1));
        stock.reserve(order, lines);

        assertEquals(ReservationOutcome.RELEASED, stock.release(order, lines, null));
        assertEquals(ReservationOutcome.ALREADY_RELEASED, stock.release(order, lines, null));
        Product product = stock.find(sku).orElseThrow();

        assertEquals(10, product.available());
        assertEquals(0, product.reserved());
    }

    @Test
    void reserve_rejectsTheWholeOrder_whenAnyLineIsShort() {
        Sku plenty = stocked(100);
        Sku alsoPlenty = stocked(100);
        Sku scarce = stocked(1);
        OrderId order = CheckoutTable.newOrderId();

        var e = assertThrows(OutOfStockException.class, () -> stock.reserve(order, List.of(
                new StockLine(plenty, 5), new StockLine(scarce, 2), new StockLine(alsoPlenty, 5))));

        assertEquals(List.of(scarce), e.skus());
        assertEquals(100, stock.find(plenty).orElseThrow().available());
        assertEquals(100, stock.find(alsoPlenty).orElseThrow().available());
        assertEquals(1, stock.find(scarce).orElseThrow().available());
        assertTrue(stock.findReservation(order).isEmpty());
    }

    @Test
    void reserve_ofAnUnknownSku_isOutOfStock() {
        Sku unknown = CheckoutTable.newSku();
        assertThrows(OutOfStockException.class, () -> stock.reserve(CheckoutTable.newOrderId(), List.of(new StockLine(unknown, 1))));
    }

    @Test
    void reserve_twice_reservesOnce() {
        Sku sku = stocked(5);
        OrderId order = CheckoutTable.newOrderId();
        List<StockLine> lines = List.of(new StockLine(sku, 2));

        assertEquals(ReservationOutcome.RESERVED, stock.reserve(order, lines));
        assertEquals(ReservationOutcome.ALREADY_RESERVED, stock.reserve(order, lines));
        assertEquals(3, stock.find(sku).orElseThrow().available());
    }

    @Test
    void release_beforeReserve_leavesAMark_soALateReserveDoesNothing() {
        Sku sku = stocked(5);
        OrderId order = CheckoutTable.newOrderId();
        List<StockLine> lines = List.of(new StockLine(sku, 2));

        assertEquals(ReservationOutcome.RELEASED, stock.release(order, lines, null));
        assertEquals(ReservationOutcome.ALREADY_RELEASED, stock.reserve(order, lines));
        assertEquals(5, stock.find(sku).orElseThrow().available());
        assertEquals(ReservationStatus.RELEASED, stock.findReservation(order).orElseThrow().status());
    }

    @Test
    void commit_turnsReservedIntoSold_once_andForbidsALaterRelease() {
        Sku sku = stocked(5);
        OrderId order = CheckoutTable.newOrderId();
        List<StockLine> lines = List.of(new StockLine(sku, 2));
        stock.reserve(order, lines);

        assertEquals(ReservationOutcome.COMMITTED, stock.commit(order, lines, null));
        assertEquals(ReservationOutcome.ALREADY_COMMITTED, stock.commit(order, lines, null));
        assertThrows(StateConflictException.class, () -> stock.release(order, lines, null));
        Product product = stock.find(sku).orElseThrow();

        assertEquals(3, product.available());
        assertEquals(0, product.reserved());
        assertEquals(2, product.sold());
    }

    @Test
    void put_setsTheStockLevel_andKeepsWhatIsReservedAndSold() {
        Sku sku = stocked(5);
        stock.reserve(CheckoutTable.newOrderId(), List.of(new StockLine(sku, 2)));

        Product updated = stock.put(sku, "Mug, large", Money.of(1500, "USD"), 40);

        assertEquals(new Product(sku, "Mug, large", Money.of(1500, "USD"), 40, 2, 0), updated);
    }

    @Test
    void list_pagesThroughTheCatalog() {
        Sku a = stocked(1);
        Sku b = stocked(1);
        var seen = new ArrayList<Sku>();
        String token = null;
        do {
            var page = stock.list(7, token);
            page.products().forEach(p -> seen.add(p.sku()));
            token = page.nextToken();
        } while (token != null);

        assertTrue(seen.containsAll(List.of(a, b)));
        assertEquals(seen.size(), seen.stream().distinct().count());
    }
}
