package dev.checkout.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.domain.OrderId;
import dev.checkout.domain.OutOfStockException;
import dev.checkout.domain.Product;
import dev.checkout.domain.ReservationStatus;
import dev.checkout.domain.Sku;
import dev.checkout.domain.StateConflictException;
import dev.checkout.domain.StockLine;
import dev.checkout.port.StockReservations.ReservationOutcome;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Integration tier: against DynamoDB Local with the template's table. */
@Tag("integration")
class DynamoDbStockReservationsTest {
    private final DynamoDbCatalog catalog = new DynamoDbCatalog(CheckoutTable.client(), CheckoutTable.name(), CheckoutTable.pageTokens());
    private final DynamoDbStockReservations reservations = new DynamoDbStockReservations(CheckoutTable.client(), CheckoutTable.name());

    @Test
    void reserve_underFiftyConcurrentOrders_neverOversells() throws Exception {
        Sku sku = CheckoutTable.stockedSku(10);

        long reserved = CheckoutTable.reserveConcurrently(50, order -> reservations, sku);
        Product product = catalog.find(sku).orElseThrow();

        assertEquals(10, reserved);
        assertEquals(0, product.available());
        assertEquals(10, product.reserved());
    }

    @Test
    void release_twice_restoresTheQuantityOnce() {
        Sku sku = CheckoutTable.stockedSku(10);
        OrderId order = CheckoutTable.newOrderId();
        List<StockLine> lines = List.of(new StockLine(sku, 1));
        reservations.reserve(order, lines);

        assertEquals(ReservationOutcome.RELEASED, reservations.release(order, lines, null));
        assertEquals(ReservationOutcome.ALREADY_RELEASED, reservations.release(order, lines, null));
        Product product = catalog.find(sku).orElseThrow();

        assertEquals(10, product.available());
        assertEquals(0, product.reserved());
    }

    @Test
    void reserve_rejectsTheWholeOrder_whenAnyLineIsShort() {
        Sku plenty = CheckoutTable.stockedSku(100);
        Sku alsoPlenty = CheckoutTable.stockedSku(100);
        Sku scarce = CheckoutTable.stockedSku(1);
        OrderId order = CheckoutTable.newOrderId();

        var e = assertThrows(OutOfStockException.class, () -> reservations.reserve(order, List.of(
                new StockLine(plenty, 5), new StockLine(scarce, 2), new StockLine(alsoPlenty, 5))));

        assertEquals(List.of(scarce), e.skus());
        assertEquals(100, catalog.find(plenty).orElseThrow().available());
        assertEquals(100, catalog.find(alsoPlenty).orElseThrow().available());
        assertEquals(1, catalog.find(scarce).orElseThrow().available());
        assertTrue(reservations.findReservation(order).isEmpty());
    }

    @Test
    void reserve_ofAnUnknownSku_isOutOfStock() {
        Sku unknown = CheckoutTable.newSku();
        assertThrows(OutOfStockException.class, () -> reservations.reserve(CheckoutTable.newOrderId(), List.of(new StockLine(unknown, 1))));
    }

    @Test
    void reserve_twice_reservesOnce() {
        Sku sku = CheckoutTable.stockedSku(5);
        OrderId order = CheckoutTable.newOrderId();
        List<StockLine> lines = List.of(new StockLine(sku, 2));

        assertEquals(ReservationOutcome.RESERVED, reservations.reserve(order, lines));
        assertEquals(ReservationOutcome.ALREADY_RESERVED, reservations.reserve(order, lines));
        assertEquals(3, catalog.find(sku).orElseThrow().available());
    }

    @Test
    void release_beforeReserve_leavesAMark_soALateReserveDoesNothing() {
        Sku sku = CheckoutTable.stockedSku(5);
        OrderId order = CheckoutTable.newOrderId();
        List<StockLine> lines = List.of(new StockLine(sku, 2));

        assertEquals(ReservationOutcome.RELEASED, reservations.release(order, lines, null));
        assertEquals(ReservationOutcome.ALREADY_RELEASED, reservations.reserve(order, lines));
        assertEquals(5, catalog.find(sku).orElseThrow().available());
        assertEquals(ReservationStatus.RELEASED, reservations.findReservation(order).orElseThrow().status());
    }

    @Test
    void commit_turnsReservedIntoSold_once_andForbidsALaterRelease() {
        Sku sku = CheckoutTable.stockedSku(5);
        OrderId order = CheckoutTable.newOrderId();
        List<StockLine> lines = List.of(new StockLine(sku, 2));
        reservations.reserve(order, lines);

        assertEquals(ReservationOutcome.COMMITTED, reservations.commit(order, lines, null));
        assertEquals(ReservationOutcome.ALREADY_COMMITTED, reservations.commit(order, lines, null));
        assertThrows(StateConflictException.class, () -> reservations.release(order, lines, null));
        Product product = catalog.find(sku).orElseThrow();

        assertEquals(3, product.available());
        assertEquals(0, product.reserved());
        assertEquals(2, product.sold());
    }
}
