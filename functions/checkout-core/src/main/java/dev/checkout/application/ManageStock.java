package dev.checkout.application;

import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentStatus;
import dev.checkout.domain.StateConflictException;
import dev.checkout.domain.StockLine;
import dev.checkout.domain.ValidationException;
import dev.checkout.domain.VersionConflictException;
import dev.checkout.port.Clock;
import dev.checkout.port.OrderConfirmation;
import dev.checkout.port.OrderRepository;
import dev.checkout.port.StockReservations;
import dev.checkout.port.StockReservations.ReservationOutcome;
import java.util.List;

/**
 * The workflow's stock steps: reserve an order's stock, release it when the checkout fails (closing
 * the order as REJECTED or CANCELLED in the same write), commit it when payment succeeded (marking
 * the order PAID and recording the payment in the same write). Each is safe to repeat, and release is
 * harmless when the reservation never happened.
 *
 * <p>Reserve and commit take the order's lines (and commit the payment) from the workflow's input, so
 * that the usual checkout writes once per step and reads nothing.
 */
public final class ManageStock {
    private static final int MAX_CONFLICT_RETRIES = 5;

    private final OrderRepository orders;
    private final StockReservations reservations;
    private final OrderConfirmation confirmation;
    private final Clock clock;

    public ManageStock(OrderRepository orders, StockReservations reservations, OrderConfirmation confirmation, Clock clock) {
        this.orders = orders;
        this.reservations = reservations;
        this.confirmation = confirmation;
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
     * @param lines the order's lines as the workflow carries them
     * @throws dev.checkout.domain.OutOfStockException when any line is short
     * @throws StateConflictException when the order no longer awaits payment
     */
    public ReservationOutcome reserve(OrderId orderId, List<StockLine> lines) {
        if (lines == null || lines.isEmpty()) {
            throw new ValidationException("the order's lines are required to reserve its stock");
        }
        return reservations.reserve(orderId, lines);
    }

    /** Gives the order's stock back and closes the order, unless it is already closed. */
    public ReservationOutcome release(OrderId orderId, Outcome outcome, String reason) {
        if (outcome == null) {
            throw new ValidationException("outcome must be REJECTED or CANCELLED");
        }
        return ConflictRetries.retry(MAX_CONFLICT_RETRIES + 1, VersionConflictException.class, attempt -> {
            Order order = load(orderId);
            Order update = null;
            if (order.status() == OrderStatus.PENDING_PAYMENT) {
                update = outcome == Outcome.REJECTED ? order.reject(reason, clock.now()) : order.cancel(reason, clock.now());
            }
            return reservations.release(orderId, order.stockLines(), update);
        });
    }

    /**
     * Turns the reservation into sold stock, marks the order PAID and records the payment that paid it.
     * The usual case is one write; when that write's conditions do not hold (a repeat, a cancel that got
     * there first), the order is read and decides.
     *
     * @param lines the order's lines as the workflow carries them; null to read them from the order
     * @param payment the succeeded payment the workflow was resumed with; null when it carries none
     * @throws StateConflictException when the order was closed or its stock released meanwhile
     */
    public ReservationOutcome commit(OrderId orderId, List<StockLine> lines, Payment payment) {
        if (payment != null && payment.status() != PaymentStatus.SUCCEEDED) {
            throw new ValidationException("payment " + payment.paymentId() + " is " + payment.status() + "; only a succeeded payment confirms an order");
        }
        if (payment != null && !payment.orderId().equals(orderId)) {
            throw new ValidationException("payment " + payment.paymentId() + " does not belong to order " + orderId);
        }
        if (lines != null && payment != null && confirmation.confirmPaid(lines, Order.paidBy(payment, clock.now()), payment)) {
            return ReservationOutcome.COMMITTED;
        }
        return ConflictRetries.retry(MAX_CONFLICT_RETRIES + 1, VersionConflictException.class, attempt -> {
            Order order = load(orderId);
            Order update = switch (order.status()) {
                case PENDING_PAYMENT -> order.markPaid(clock.now());
                case PAID, SHIPPED, COMPLETED, PARTIALLY_REFUNDED, REFUNDED -> null;
                case CANCELLED, REJECTED -> throw new StateConflictException("order " + orderId + " is " + order.status() + "; its payment must be refunded");
            };
            return reservations.commit(orderId, order.stockLines(), update);
        });
    }

    private Order load(OrderId orderId) {
        return orders.find(orderId).orElseThrow(() -> new NotFoundException("no order " + orderId));
    }
}
