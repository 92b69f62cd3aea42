package dev.checkout.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class OrderTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final OrderId ID = OrderId.of("ord_01JD0000000000000000000000");
    private static final UserId ALICE = UserId.of("alice");

    private static Order twoLineOrder() {
        return Order.place(ID, ALICE, List.of(
                new OrderLine(Sku.of("MUG-01"), 2, Money.of(1250, "USD")),
                new OrderLine(Sku.of("TEE-02"), 1, Money.of(1999, "USD"))), "pm_card_visa", NOW);
    }

    @Test
    void place_totalsTheLines_andAwaitsPayment() {
        Order order = twoLineOrder();

        assertEquals(OrderStatus.PENDING_PAYMENT, order.status());
        assertEquals(Money.of(4499, "USD"), order.total());
        assertEquals(1, order.version());
        assertEquals(Money.zero("USD"), order.captured());
    }

    @Test
    void place_refusesARepeatedSku() {
        var lines = List.of(new OrderLine(Sku.of("MUG-01"), 1, Money.of(1, "USD")), new OrderLine(Sku.of("MUG-01"), 2, Money.of(1, "USD")));
        assertThrows(ValidationException.class, () -> Order.place(ID, ALICE, lines, null, NOW));
    }

    @Test
    void place_refusesMixedCurrenciesAndTooManyOrNoLines() {
        assertThrows(CurrencyMismatchException.class, () -> Order.place(ID, ALICE, List.of(
                new OrderLine(Sku.of("A"), 1, Money.of(1, "USD")), new OrderLine(Sku.of("B"), 1, Money.of(1, "EUR"))), null, NOW));
        var many = new ArrayList<OrderLine>();
        for (int i = 0; i <= Order.MAX_LINES; i++) {
            many.add(new OrderLine(Sku.of("SKU-" + i), 1, Money.of(1, "USD")));
        }
        assertThrows(ValidationException.class, () -> Order.place(ID, ALICE, many, null, NOW));
        assertThrows(ValidationException.class, () -> Order.place(ID, ALICE, List.of(), null, NOW));
    }

    @Test
    void orderLine_refusesQuantitiesOutsideOneToAThousand() {
        assertThrows(ValidationException.class, () -> new OrderLine(Sku.of("A"), 0, Money.of(1, "USD")));
        assertThrows(ValidationException.class, () -> new OrderLine(Sku.of("A"), -3, Money.of(1, "USD")));
        assertThrows(ValidationException.class, () -> new OrderLine(Sku.of("A"), 1001, Money.of(1, "USD")));
    }

    @Test
    void everyChange_bumpsTheVersion() {
        Order paid = twoLineOrder().markPaid(NOW);
        Order shipped = paid.ship(NOW);

        assertEquals(2, paid.version());
        assertEquals(3, shipped.version());
        assertEquals(Money.of(4499, "USD"), paid.captured());
    }

    @Test
    void markPaid_isRefused_onceCancelled() {
        Order cancelled = twoLineOrder().cancel("CUSTOMER", NOW);
        assertThrows(IllegalTransitionException.class, () -> cancelled.markPaid(NOW));
    }

    @Test
    void refunds_partialThenRest_endRefunded() {
        Order paid = twoLineOrder().markPaid(NOW);
        Order held = paid.reserveRefund(Money.of(1000, "USD"), NOW);
        Order partial = held.settleRefund(Money.of(1000, "USD"), true, NOW);
        Order heldRest = partial.reserveRefund(partial.refundable(), NOW);
        Order refunded = heldRest.settleRefund(Money.of(3499, "USD"), true, NOW);

        assertEquals(OrderStatus.PARTIALLY_REFUNDED, partial.status());
        assertEquals(OrderStatus.REFUNDED, refunded.status());
        assertEquals(refunded.captured(), refunded.refunded());
    }

    @Test
    void reserveRefund_refusesMoreThanWasCaptured_countingPendingRefunds() {
        Order held = twoLineOrder().markPaid(NOW).reserveRefund(Money.of(4000, "USD"), NOW);

        var e = assertThrows(RefundExceedsCapturedException.class, () -> held.reserveRefund(Money.of(500, "USD"), NOW));
        assertEquals(ErrorKind.UNPROCESSABLE, e.kind());
        assertEquals(Money.of(499, "USD"), held.refundable());
    }

    @Test
    void failedRefund_givesItsHoldBack() {
        Order held = twoLineOrder().markPaid(NOW).reserveRefund(Money.of(4499, "USD"), NOW);
        Order failed = held.settleRefund(Money.of(4499, "USD"), false, NOW);

        assertEquals(OrderStatus.PAID, failed.status());
        assertEquals(Money.of(4499, "USD"), failed.refundable());
    }

    @Test
    void refund_isRefused_beforePayment() {
        assertThrows(StateConflictException.class, () -> twoLineOrder().reserveRefund(Money.of(1, "USD"), NOW));
    }

    @Test
    void lateCapture_onACancelledOrder_canBeRefunded_andTheOrderStaysCancelled() {
        Order cancelled = twoLineOrder().cancel("CUSTOMER", NOW);
        Order captured = cancelled.recordLateCapture(Money.of(4499, "USD"), NOW);
        Order refunded = captured.reserveRefund(captured.refundable(), NOW).settleRefund(Money.of(4499, "USD"), true, NOW);

        assertEquals(OrderStatus.CANCELLED, refunded.status());
        assertEquals(refunded.captured(), refunded.refunded());
    }
}
