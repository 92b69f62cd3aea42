package dev.checkout.application;

import dev.checkout.domain.Actor;
import dev.checkout.domain.CheckoutStep;
import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.OrderId;
import dev.checkout.port.CheckoutHistory;
import dev.checkout.port.OrderRepository;
import dev.checkout.port.ReceivedNotifications;
import java.util.List;

/**
 * An order's story for the operations console (admins only): the steps its checkout went through and
 * the payment providers' notifications about it. An order that does not exist is a 404.
 */
public final class InspectOrder {
    private final OrderRepository orders;
    private final CheckoutHistory history;
    private final ReceivedNotifications notifications;

    public InspectOrder(OrderRepository orders, CheckoutHistory history, ReceivedNotifications notifications) {
        this.orders = orders;
        this.history = history;
        this.notifications = notifications;
    }

    public List<CheckoutStep> checkoutSteps(Actor actor, OrderId orderId) {
        requireExisting(actor, orderId);
        return history.steps(orderId);
    }

    public List<ReceivedNotifications.Notification> notifications(Actor actor, OrderId orderId) {
        requireExisting(actor, orderId);
        return notifications.ofOrder(orderId);
    }

    private void requireExisting(Actor actor, OrderId orderId) {
        actor.requireAdmin();
        if (orders.find(orderId).isEmpty()) {
            throw new NotFoundException("no order '" + orderId.value() + "'");
        }
    }
}
