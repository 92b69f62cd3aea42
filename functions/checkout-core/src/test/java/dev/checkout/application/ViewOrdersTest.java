package dev.checkout.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.checkout.domain.Actor;
import dev.checkout.domain.ForbiddenException;
import dev.checkout.domain.Money;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OrderLine;
import dev.checkout.domain.Sku;
import dev.checkout.domain.UserId;
import dev.checkout.domain.ValidationException;
import dev.checkout.port.IdGenerator;
import dev.checkout.port.OrderRepository.OrderQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ViewOrdersTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Actor ADMIN = new Actor(UserId.of("ops"), true);

    private final InMemoryStore store = new InMemoryStore();
    private final ViewOrders viewOrders = new ViewOrders(store.orderRepository, store.paymentRepository, store.refundRepository, () -> NOW);

    private Order placed(String user, Duration ago) {
        Order order = Order.place(IdGenerator.ulid().newOrderId(NOW.minus(ago)), UserId.of(user),
                List.of(new OrderLine(Sku.of("MUG-01"), 1, Money.of(1250, "USD"))), "pm_card_visa", NOW.minus(ago));
        store.orderRepository.create(order, null);
        return order;
    }

    @Test
    void listAll_withoutAWindow_listsEveryUsersOrdersOfTheLastSevenDays_newestFirst() {
        Order alices = placed("alice", Duration.ofDays(6));
        Order bobs = placed("bob", Duration.ofHours(1));
        placed("carol", Duration.ofDays(8));

        var page = viewOrders.listAll(ADMIN, new OrderQuery(null, null, null, 20, null));

        assertEquals(List.of(bobs.orderId(), alices.orderId()), page.orders().stream().map(Order::orderId).toList());
    }

    @Test
    void listAll_byACustomer_isForbidden() {
        placed("alice", Duration.ofHours(1));

        assertThrows(ForbiddenException.class, () -> viewOrders.listAll(new Actor(UserId.of("alice"), false), new OrderQuery(null, null, null, 20, null)));
    }

    @Test
    void listAll_refusesAWindowOverThirtyOneDays_orEndingBeforeItStarts() {
        Instant from = NOW.minus(Duration.ofDays(32));

        assertThrows(ValidationException.class, () -> viewOrders.listAll(ADMIN, new OrderQuery(from, null, null, 20, null)));
        assertThrows(ValidationException.class, () -> viewOrders.listAll(ADMIN, new OrderQuery(NOW.plusSeconds(1), null, null, 20, null)));
        assertThrows(ValidationException.class, () -> viewOrders.listAll(ADMIN, new OrderQuery(null, null, null, 0, null)));
        assertEquals(List.of(), viewOrders.listAll(ADMIN, new OrderQuery(NOW.minus(Duration.ofDays(31)), NOW, null, 20, null)).orders().stream().map(Order::orderId).map(OrderId::value).toList());
    }
}
