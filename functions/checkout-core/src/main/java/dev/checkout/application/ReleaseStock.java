package dev.checkout.application;

import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.ValidationException;
import dev.checkout.domain.VersionConflictException;
import dev.checkout.port.Clock;
import dev.checkout.port.OrderRepository;
import dev.checkout.port.StockReservations;
import dev.checkout.port.StockReservations.ReservationOutcome;

/**
 * A failed checkout's step: give the order's stock back and, in the same write, close the order as
 * REJECTED or CANCELLED. Safe to repeat, and harmless when the reservation never happened.
 */
public final class ReleaseStock {
    private static final int MAX_CONFLICT_RETRIES = 5;

    private final OrderRepository orders;
    private final StockReservations reservations;
    private final Clock clock;

    public ReleaseStock(OrderRepository orders, StockReservations reservations, Clock clock) {
        this.orders = orders;
        this.reservations = reservations;
        this.clock = clock;
    }

    /** How a failed checkout closes its order. */
    public enum Outcome {
        REJECTED,
        CANCELLED
    }

    /** Gives the order's stock back and closes the order, unless it is already closed. */
    public ReservationOutcome release(OrderId orderId, Outcome outcome, String reason) {
        if (outcome == null) {
            throw new ValidationException("outcome must be REJECTED or CANCELLED");
        }
        return ConflictRetries.retry(MAX_CONFLICT_RETRIES + 1, VersionConflictException.class, attempt -> {
            Order order = orders.find(orderId).orElseThrow(() -> new NotFoundException("no order " + orderId));
            Order update = null;
            if (order.status() == OrderStatus.PENDING_PAYMENT) {
                update = outcome == Outcome.REJECTED ? order.reject(reason, clock.now()) : order.cancel(reason, clock.now());
            }
            return reservations.release(orderId, order.stockLines(), update);
        });
    }
}
