package dev.checkout.application;

import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.StateConflictException;
import dev.checkout.domain.ValidationException;
import dev.checkout.domain.VersionConflictException;
import dev.checkout.port.Clock;
import dev.checkout.port.OrderRepository;
import dev.checkout.port.StockRepository;
import dev.checkout.port.StockRepository.ReservationOutcome;

/**
 * The workflow's stock steps: reserve an order's stock, release it when the checkout fails (closing
 * the order as REJECTED or CANCELLED in the same write), commit it when payment succeeded (marking
 * the order PAID in the same write). Each is safe to repeat, and release is harmless when the
 * reservation never happened.
 */
public final class ManageStock {
    private static final int MAX_CONFLICT_RETRIES = 5;

    private final OrderRepository orders;
    private final StockRepository stock;
    private final Clock clock;

    public ManageStock(OrderRepository orders, StockRepository stock, Clock clock) {
        this.orders = orders;
        this.stock = stock;
        this.clock = clock;
    }

    /** How a failed checkout closes its order. */
    public enum Outcome {
        REJECTED,
        CANCELLED
    }

    /**
     * Reserves every line of the order or none.
     *
     * @throws dev.checkout.domain.OutOfStockException when any line is short
     */
    public ReservationOutcome reserve(OrderId orderId) {
        Order order = load(orderId);
        if (order.status() != OrderStatus.PENDING_PAYMENT) {
            throw new StateConflictException("order " + orderId + " is " + order.status() + "; only an order awaiting payment reserves stock");
        }
        return stock.reserve(orderId, order.stockLines());
    }

    /** Gives the order's stock back and closes the order, unless it is already closed. */
    public ReservationOutcome release(OrderId orderId, Outcome outcome, String reason) {
        if (outcome == null) {
            throw new ValidationException("outcome must be REJECTED or CANCELLED");
        }
        for (int attempt = 0; ; attempt++) {
            Order order = load(orderId);
            Order update = null;
            if (order.status() == OrderStatus.PENDING_PAYMENT) {
                update = outcome == Outcome.REJECTED ? order.reject(reason, clock.now()) : order.cancel(reason, clock.now());
            }
            try {
                return stock.release(orderId, order.stockLines(), update);
            } catch (VersionConflictException e) {
                if (attempt == MAX_CONFLICT_RETRIES) {
                    throw e;
                }
            }
        }
    }

    /**
     * Turns the reservation into sold stock and marks the order PAID.
     *
     * @throws StateConflictException when the order was closed or its stock released meanwhile
     */
    public ReservationOutcome commit(OrderId orderId) {
        for (int attempt = 0; ; attempt++) {
            Order order = load(orderId);
            Order update = switch (order.status()) {
                case PENDING_PAYMENT -> order.markPaid(clock.now());
                case PAID, SHIPPED, COMPLETED, PARTIALLY_REFUNDED, REFUNDED -> null;
                case CANCELLED, REJECTED -> throw new StateConflictException("order " + orderId + " is " + order.status() + "; its payment must be refunded");
            };
            try {
                return stock.commit(orderId, order.stockLines(), update);
            } catch (VersionConflictException e) {
                if (attempt == MAX_CONFLICT_RETRIES) {
                    throw e;
                }
            }
        }
    }

    private Order load(OrderId orderId) {
        return orders.find(orderId).orElseThrow(() -> new NotFoundException("no order " + orderId));
    }
}
