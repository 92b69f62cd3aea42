package dev.checkout.application;

import dev.checkout.domain.Actor;
import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.StateConflictException;
import dev.checkout.domain.VersionConflictException;
import dev.checkout.port.CheckoutWorkflow;
import dev.checkout.port.Clock;
import dev.checkout.port.OrderRepository;
import dev.checkout.port.PendingPaymentCancellation;
import dev.checkout.port.StockReservations;

/**
 * A customer (or an admin) cancels an order that awaits payment. Another user's order is reported as
 * not found, so its existence is not revealed.
 */
public final class CancelOrder {
    private static final int MAX_CONFLICT_RETRIES = 5;

    private final OrderRepository orders;
    private final StockReservations reservations;
    private final CheckoutWorkflow workflow;
    private final PendingPaymentCancellation pendingPayments;
    private final Clock clock;

    public CancelOrder(OrderRepository orders, StockReservations reservations, CheckoutWorkflow workflow,
                       PendingPaymentCancellation pendingPayments, Clock clock) {
        this.orders = orders;
        this.reservations = reservations;
        this.workflow = workflow;
        this.pendingPayments = pendingPayments;
        this.clock = clock;
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
            Order order = orders.find(orderId)
                    .filter(found -> actor.mayAccess(found.userId()))
                    .orElseThrow(() -> new NotFoundException("no order " + orderId));
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
}
