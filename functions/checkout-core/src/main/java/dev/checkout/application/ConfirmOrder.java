package dev.checkout.application;

import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
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
 * The checkout's step once payment succeeded: the order's reserved stock becomes sold, the order PAID and
 * the payment that paid it recorded, in the same write. Safe to repeat.
 *
 * <p>The lines and the payment come from the workflow's input, so that the usual checkout writes once
 * and reads nothing.
 */
public final class ConfirmOrder {
    private static final int MAX_CONFLICT_RETRIES = 5;

    private final OrderRepository orders;
    private final StockReservations reservations;
    private final OrderConfirmation confirmation;
    private final Clock clock;

    public ConfirmOrder(OrderRepository orders, StockReservations reservations, OrderConfirmation confirmation, Clock clock) {
        this.orders = orders;
        this.reservations = reservations;
        this.confirmation = confirmation;
        this.clock = clock;
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
    public ReservationOutcome confirm(OrderId orderId, List<StockLine> lines, Payment payment) {
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
            Order order = orders.find(orderId).orElseThrow(() -> new NotFoundException("no order " + orderId));
            Order update = switch (order.status()) {
                case PENDING_PAYMENT -> order.markPaid(clock.now());
                case PAID, SHIPPED, COMPLETED, PARTIALLY_REFUNDED, REFUNDED -> null;
                case CANCELLED, REJECTED -> throw new StateConflictException("order " + orderId + " is " + order.status() + "; its payment must be refunded");
            };
            return reservations.commit(orderId, order.stockLines(), update);
        });
    }
}
