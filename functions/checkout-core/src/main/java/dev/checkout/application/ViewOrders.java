package dev.checkout.application;

import dev.checkout.domain.Actor;
import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.Payment;
import dev.checkout.domain.Refund;
import dev.checkout.domain.ValidationException;
import dev.checkout.port.Clock;
import dev.checkout.port.OrderRepository;
import dev.checkout.port.OrderRepository.OrderPage;
import dev.checkout.port.OrderRepository.OrderQuery;
import dev.checkout.port.PaymentRepository;
import dev.checkout.port.RefundRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Reading orders: one order with its payments and refunds, a page of the caller's own orders, or (admins
 * only) a page of every user's orders. Another user's order is reported as not found to a customer, so
 * its existence is not revealed; an admin reads any.
 */
public final class ViewOrders {
    /** The window of {@link #listAll} when it is not given. */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);
    /** The widest window of {@link #listAll}. */
    public static final Duration MAX_WINDOW = Duration.ofDays(31);

    private final OrderRepository orders;
    private final PaymentRepository payments;
    private final RefundRepository refunds;
    private final Clock clock;

    public ViewOrders(OrderRepository orders, PaymentRepository payments, RefundRepository refunds, Clock clock) {
        this.orders = orders;
        this.payments = payments;
        this.refunds = refunds;
        this.clock = clock;
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
        validate(query);
        return orders.listByUser(actor.userId(), query);
    }

    /**
     * Every user's orders (admins only), newest first, created in a window of at most {@link #MAX_WINDOW}:
     * {@code to} is now unless given, {@code from} is {@link #DEFAULT_WINDOW} before {@code to} unless given.
     */
    public OrderPage listAll(Actor actor, OrderQuery query) {
        actor.requireAdmin();
        validate(query);
        Instant to = query.to() != null ? query.to() : clock.now();
        Instant from = query.from() != null ? query.from() : to.minus(DEFAULT_WINDOW);
        if (from.isAfter(to)) {
            throw new ValidationException("from must not be after to (to is now unless given)");
        }
        if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
            throw new ValidationException("from and to must be at most " + MAX_WINDOW.toDays() + " days apart");
        }
        return orders.listAll(query, from, to);
    }

    private static void validate(OrderQuery query) {
        if (query.limit() < 1 || query.limit() > OrderQuery.MAX_LIMIT) {
            throw new ValidationException("limit must be from 1 to " + OrderQuery.MAX_LIMIT);
        }
        if (query.from() != null && query.to() != null && query.from().isAfter(query.to())) {
            throw new ValidationException("from must not be after to");
        }
    }
}
