package dev.checkout.application;

import dev.checkout.domain.Actor;
import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.VersionConflictException;
import dev.checkout.port.Clock;
import dev.checkout.port.OrderRepository;
import java.util.function.UnaryOperator;

/** An admin moves a paid order through fulfilment: shipped, then completed. The order decides whether it may. */
public final class FulfilOrder {
    private static final int MAX_CONFLICT_RETRIES = 5;

    private final OrderRepository orders;
    private final Clock clock;

    public FulfilOrder(OrderRepository orders, Clock clock) {
        this.orders = orders;
        this.clock = clock;
    }

    public Order ship(Actor actor, OrderId orderId) {
        actor.requireAdmin();
        return change(orderId, order -> order.ship(clock.now()));
    }

    public Order complete(Actor actor, OrderId orderId) {
        actor.requireAdmin();
        return change(orderId, order -> order.complete(clock.now()));
    }

    private Order change(OrderId orderId, UnaryOperator<Order> transition) {
        return ConflictRetries.retry(MAX_CONFLICT_RETRIES + 1, VersionConflictException.class, attempt -> {
            Order order = orders.find(orderId).orElseThrow(() -> new NotFoundException("no order " + orderId));
            Order changed = transition.apply(order);
            orders.update(changed);
            return changed;
        });
    }
}
