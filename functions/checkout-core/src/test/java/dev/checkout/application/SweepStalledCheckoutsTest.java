package dev.checkout.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.checkout.domain.Money;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OrderLine;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.Payment;
import dev.checkout.domain.Sku;
import dev.checkout.domain.UserId;
import dev.checkout.port.CheckoutWorkflow;
import dev.checkout.port.IdGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SweepStalledCheckoutsTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private final InMemoryStore store = new InMemoryStore();
    private final List<String> calls = new ArrayList<>();
    private final CheckoutWorkflow workflow = new CheckoutWorkflow() {
        @Override public void start(Order order) { calls.add("start " + order.orderId()); }
        @Override public void stop(OrderId orderId, String cause) { calls.add("stop " + orderId); }
        @Override public Optional<Payment> paymentLeftByStoppedCheckout(OrderId orderId) { return Optional.empty(); }
        @Override public boolean isWaiting(String taskToken) { return true; }
        @Override public boolean paymentSucceeded(String taskToken, Payment payment) { return true; }
        @Override public boolean paymentFailed(String taskToken, String error, String cause) { return true; }
    };
    private final SweepStalledCheckouts sweep = new SweepStalledCheckouts(store.orderRepository, workflow,
            new ReleaseStock(store.orderRepository, store.stockReservations, orderId -> calls.add("cancel payments " + orderId), () -> NOW),
            () -> NOW, Duration.ofMinutes(2), Duration.ofMinutes(75));

    private Order placed(Duration ago) {
        Order order = Order.place(IdGenerator.ulid().newOrderId(NOW.minus(ago)), UserId.of("alice"),
                List.of(new OrderLine(Sku.of("MUG-01"), 1, Money.of(1250, "USD"))), "pm_card_visa", NOW.minus(ago));
        store.orderRepository.create(order, null);
        return order;
    }

    @Test
    void aPendingOrderPastTheGrace_getsItsCheckoutStartedAgain_andAFreshOneIsLeftAlone() {
        Order stalled = placed(Duration.ofMinutes(10));
        placed(Duration.ofSeconds(30));

        var result = sweep.sweep(100);

        assertEquals(new SweepStalledCheckouts.Result(1, 0), result);
        assertEquals(List.of("start " + stalled.orderId()), calls);
    }

    @Test
    void aPendingOrderPastThePaymentWindow_isCancelledWithItsCheckoutStoppedAndPaymentsCancelled() {
        Order abandoned = placed(Duration.ofHours(3));

        var result = sweep.sweep(100);

        assertEquals(new SweepStalledCheckouts.Result(0, 1), result);
        assertEquals(OrderStatus.CANCELLED, store.orderRepository.find(abandoned.orderId()).orElseThrow().status());
        assertEquals(SweepStalledCheckouts.STALLED, store.orderRepository.find(abandoned.orderId()).orElseThrow().statusReason().orElseThrow());
        assertEquals(List.of("stop " + abandoned.orderId(), "cancel payments " + abandoned.orderId()), calls);
    }

    @Test
    void ordersThatMovedOn_areNotTouched() {
        Order paid = placed(Duration.ofHours(3));
        store.orderRepository.update(paid.markPaid(NOW));

        assertEquals(new SweepStalledCheckouts.Result(0, 0), sweep.sweep(100));
    }

    @Test
    void anAbandonWindowShorterThanTheGrace_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SweepStalledCheckouts(store.orderRepository, workflow,
                new ReleaseStock(store.orderRepository, store.stockReservations, id -> { }, () -> NOW), () -> NOW, Duration.ofMinutes(5), Duration.ofMinutes(1)));
    }
}
