package dev.checkout.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.domain.StatisticsCounter.Metric;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class OrderStatisticsTest {
    private static final Instant PLACED_AT = Instant.parse("2026-11-22T23:59:00Z");
    private static final Instant NEXT_DAY = Instant.parse("2026-11-23T00:01:00Z");
    private static final OrderId ID = OrderId.of("ord_01JD0000000000000000000000");

    private static Order placed(String paymentMethod) {
        return Order.place(ID, UserId.of("alice"), List.of(new OrderLine(Sku.of("MUG-01"), 2, Money.of(1250, "USD"))), paymentMethod, PLACED_AT);
    }

    private static StatisticsChange change(Order before, Order after) {
        return OrderStatistics.countChange(Optional.ofNullable(before), Optional.ofNullable(after)).orElseThrow();
    }

    private static StatisticsCounter count(Metric metric, String platform) {
        return StatisticsCounter.count(metric, platform);
    }

    @Test
    void aNewOrder_countsPlaced_forEveryPlatformAndItsOwn_onTheDayItWasPlaced_andOneMorePending() {
        StatisticsChange change = change(null, placed("pm_card_visa"));

        assertEquals(LocalDate.parse("2026-11-22"), change.day());
        assertEquals(Map.of(count(Metric.PLACED, null), 1L, count(Metric.PLACED, "stripe"), 1L), change.daily());
        assertEquals(Map.of(new StatusCounter(OrderStatus.PENDING_PAYMENT, null), 1L,
                new StatusCounter(OrderStatus.PENDING_PAYMENT, "stripe"), 1L), change.statuses());
    }

    @Test
    void payment_countsPaidAndRevenue_onTheDayOfTheChange_andMovesTheStatusTotals() {
        Order order = placed("alipay:qr");

        StatisticsChange change = change(order, order.markPaid(NEXT_DAY));

        assertEquals(LocalDate.parse("2026-11-23"), change.day());
        assertEquals(1L, change.daily().get(count(Metric.PAID, "alipay")));
        assertEquals(2500L, change.daily().get(StatisticsCounter.amount(Metric.REVENUE, null, "USD")));
        assertEquals(2500L, change.daily().get(StatisticsCounter.amount(Metric.REVENUE, "alipay", "USD")));
        assertEquals(-1L, change.statuses().get(new StatusCounter(OrderStatus.PENDING_PAYMENT, null)));
        assertEquals(1L, change.statuses().get(new StatusCounter(OrderStatus.PAID, "alipay")));
    }

    @Test
    void cancelAndReject_countAsSuch_withoutRevenue() {
        Order order = placed("wechatpay:native");

        StatisticsChange cancelled = change(order, order.cancel("CUSTOMER", NEXT_DAY));
        StatisticsChange rejected = change(order, order.reject("OUT_OF_STOCK", NEXT_DAY));

        assertEquals(1L, cancelled.daily().get(count(Metric.CANCELLED, "wechatpay")));
        assertEquals(1L, rejected.daily().get(count(Metric.REJECTED, null)));
        assertTrue(cancelled.daily().keySet().stream().noneMatch(c -> c.metric() == Metric.REVENUE || c.metric() == Metric.PAID));
    }

    @Test
    void eachSettledRefund_countsOneRefund_andTheAmountItAdded() {
        Order paid = placed("pm_card_visa").markPaid(PLACED_AT);
        Order held = paid.reserveRefund(Money.of(1000, "USD"), NEXT_DAY).reserveRefund(Money.of(1500, "USD"), NEXT_DAY);
        Order first = held.settleRefund(Money.of(1000, "USD"), true, NEXT_DAY);
        Order second = first.settleRefund(Money.of(1500, "USD"), true, NEXT_DAY);

        StatisticsChange partial = change(held, first);
        StatisticsChange full = change(first, second);

        assertEquals(1L, partial.daily().get(count(Metric.REFUNDS, "stripe")));
        assertEquals(1000L, partial.daily().get(StatisticsCounter.amount(Metric.REFUNDED, null, "USD")));
        assertEquals(1500L, full.daily().get(StatisticsCounter.amount(Metric.REFUNDED, "stripe", "USD")));
        assertEquals(1L, full.statuses().get(new StatusCounter(OrderStatus.REFUNDED, null)));
        assertEquals(-1L, full.statuses().get(new StatusCounter(OrderStatus.PARTIALLY_REFUNDED, null)));
    }

    @Test
    void changesThatMoveNoCounter_countNothing() {
        Order paid = placed("pm_card_visa").markPaid(PLACED_AT);

        assertTrue(OrderStatistics.countChange(Optional.of(paid), Optional.of(paid.reserveRefund(Money.of(100, "USD"), NEXT_DAY))).isEmpty());
        assertTrue(OrderStatistics.countChange(Optional.of(paid), Optional.of(paid.settleRefund(Money.of(0, "USD"), false, NEXT_DAY))).isEmpty());
        assertTrue(OrderStatistics.countChange(Optional.of(paid), Optional.empty()).isEmpty());
    }

    @Test
    void shippingAPaidOrder_movesTheStatusTotals_butCountsNoSecondPayment() {
        Order paid = placed("pm_card_visa").markPaid(PLACED_AT);

        StatisticsChange shipped = change(paid, paid.ship(NEXT_DAY));

        assertTrue(shipped.daily().isEmpty());
        assertEquals(1L, shipped.statuses().get(new StatusCounter(OrderStatus.SHIPPED, "stripe")));
    }

    @Test
    void anOrderWithoutAPaymentMethod_isCountedForEveryPlatformOnly() {
        StatisticsChange change = change(null, placed(null));

        assertEquals(Map.of(count(Metric.PLACED, null), 1L), change.daily());
    }
}
