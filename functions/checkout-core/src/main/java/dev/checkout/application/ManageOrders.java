package dev.checkout.application;

import dev.checkout.domain.Actor;
import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.Payment;
import dev.checkout.domain.Refund;
import dev.checkout.domain.StateConflictException;
import dev.checkout.domain.ValidationException;
import dev.checkout.domain.VersionConflictException;
import dev.checkout.port.CheckoutWorkflow;
import dev.checkout.port.Clock;
import dev.checkout.port.OrderRepository;
import dev.checkout.port.OrderRepository.OrderPage;
import dev.checkout.port.OrderRepository.OrderQuery;
import dev.checkout.port.PaymentRepository;
import dev.checkout.port.PendingPaymentCancellation;
import dev.checkout.port.RefundRepository;
import dev.checkout.port.StockReservations;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What customers and admins do with existing orders: read them, list their own, cancel one that
 * awaits payment, ship and complete paid ones. Another user's order is reported as not found, so
 * its existence is not revealed.
 */
public final class ManageOrders {
    private static final int MAX_CONFLICT_RETRIES = 5;

    private final OrderRepository orders;
    private final PaymentRepository payments;
    private final RefundRepository refunds;
    private final StockReservations reservations;
    private final CheckoutWorkflow workflow;
    private final PendingPaymentCancellation pendingPayments;
    private final Clock clock;

    public ManageOrders(OrderRepository orders, PaymentRepository payments, RefundRepository refunds, StockReservations reservations,
                        CheckoutWorkflow workflow, PendingPaymentCancellation pendingPayments, Clock clock) {
        this.orders = orders;
        this.payments = payments;
        this.refunds = refunds;
        this.reservations = reservations;
        this.workflow = workflow;
        this.pendingPayments = pendingPayments;
        this.clock = clock;
    }

    /** An order with its payments and refunds. */
    public record OrderDetails(Order order, List<Payment> payments, List<Refund> refunds) {
    }

    public OrderDetails get(Actor actor, OrderId orderId) {
        return details(visible(actor, orderId));
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

    /**
     * Cancels an order that awaits payment: closes it and releases its stock in one write, then stops
     * its checkout and has its payments cancelled (and refunded, if one won the race). Cancelling a
     * cancelled order again answers the same order and repeats those two steps, so that a retry after
     * a failure between them finishes the cancel.
     *
     * @throws StateConflictException when the order is past awaiting payment
     */
    public Order cancel(Actor actor, OrderId orderId) {
        Order cancelled = ConflictRetries.retry(MAX_CONFLICT_RETRIES + 1, VersionConflictException.class, attempt -> {
            Order order = visible(actor, orderId);
            if (order.status() == OrderStatus.CANCELLED) {
                return order;
            }
            if (order.status() != OrderStatus.PENDING_PAYMENT) {
                throw new StateConflictException("order " + orderId + " is " + order.status() + "; only an order awaiting payment can be cancelled");
            }
            Order closed = order.cancel(actor.admin() && !actor.userId().equals(order.userId()) ? "ADMIN" : "CUSTOMER", clock.now());
            reservations.release(orderId, order.stockLines(), closed);
            return closed;
        });
        return closeCheckout(cancelled);
    }

    /** The checkout stops first: the cancellation of the payments then sees everything its payment step was given. */
    private Order closeCheckout(Order cancelled) {
        workflow.stop(cancelled.orderId(), "order cancelled: " + cancelled.statusReason().orElse("CUSTOMER").toLowerCase());
        pendingPayments.cancelPendingPayments(cancelled.orderId());
        return cancelled;
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

    private Order visible(Actor actor, OrderId orderId) {
        return orders.find(orderId)
                .filter(order -> actor.mayAccess(order.userId()))
                .orElseThrow(() -> new NotFoundException("no order " + orderId));
    }
}
