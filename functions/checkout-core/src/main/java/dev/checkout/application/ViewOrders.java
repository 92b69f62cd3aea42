package dev.checkout.application;

import dev.checkout.domain.Actor;
import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.Payment;
import dev.checkout.domain.Refund;
import dev.checkout.domain.ValidationException;
import dev.checkout.port.OrderRepository;
import dev.checkout.port.OrderRepository.OrderPage;
import dev.checkout.port.OrderRepository.OrderQuery;
import dev.checkout.port.PaymentRepository;
import dev.checkout.port.RefundRepository;
import java.util.List;

/**
 * Reading orders: one order with its payments and refunds, or a page of the caller's own orders.
 * Another user's order is reported as not found, so its existence is not revealed.
 */
public final class ViewOrders {
    private final OrderRepository orders;
    private final PaymentRepository payments;
    private final RefundRepository refunds;

    public ViewOrders(OrderRepository orders, PaymentRepository payments, RefundRepository refunds) {
        this.orders = orders;
        this.payments = payments;
        this.refunds = refunds;
    }

    /** An order with its payments and refunds. */
    public record OrderDetails(Order order, List<Payment> payments, List<Refund> refunds) {
    }

    public OrderDetails get(Actor actor, OrderId orderId) {
        Order order = orders.find(orderId)
                .filter(found -> actor.mayAccess(found.userId()))
                .orElseThrow(() -> new NotFoundException("no order " + orderId));
        return details(order);
    }

    /** An order the caller already holds (and may see), with its payments and refunds. */
    public OrderDetails details(Order order) {
        return new OrderDetails(order, payments.findByOrder(order.orderId()), refunds.findByOrder(order.orderId()));
    }

    public OrderPage list(Actor actor, OrderQuery query) {
        if (query.limit() < 1 || query.limit() > OrderQuery.MAX_LIMIT) {
            throw new ValidationException("limit must be from 1 to " + OrderQuery.MAX_LIMIT);
        }
        if (query.from() != null && query.to() != null && query.from().isAfter(query.to())) {
            throw new ValidationException("from must not be after to");
        }
        return orders.listByUser(actor.userId(), query);
    }
}
