package dev.checkout.application;

import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.ValidationException;
import dev.checkout.domain.VersionConflictException;
import dev.checkout.port.Clock;
import dev.checkout.port.OrderRepository;
import dev.checkout.port.PendingPaymentCancellation;
import dev.checkout.port.StockReservations;
import dev.checkout.port.StockReservations.ReservationOutcome;

/**
 * A failed checkout's step: give the order's stock back and, in the same write, close the order as
 * REJECTED or CANCELLED. Safe to repeat, and harmless when the reservation never happened.
 *
 * <p>A cancelled checkout may leave a payment open at the provider: a QR code still payable, a 3-D Secure
 * page still waiting, when the payment window closed or the provider stayed unavailable. Those are queued for
 * cancelling ({@link PendingPaymentCancellation}), so the customer cannot pay for an order that is gone (a
 * payment that still gets through is refunded, as every capture on a closed order is). Not after a payment the
 * order could not be confirmed with ({@link #CONFIRMATION_FAILED}): the workflow refunds that one itself.
 */
public final class ReleaseStock {
    private static final int MAX_CONFLICT_RETRIES = 5;

    private final OrderRepository orders;
    /** The reason the workflow gives when the order could not be confirmed after its payment succeeded. */
    public static final String CONFIRMATION_FAILED = "CONFIRMATION_FAILED";

    private final StockReservations reservations;
    private final PendingPaymentCancellation pendingPayments;
    private final Clock clock;

    public ReleaseStock(OrderRepository orders, StockReservations reservations, PendingPaymentCancellation pendingPayments, Clock clock) {
        this.orders = orders;
        this.reservations = reservations;
        this.pendingPayments = pendingPayments;
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
        ReservationOutcome released = ConflictRetries.retry(MAX_CONFLICT_RETRIES + 1, VersionConflictException.class, attempt -> {
            Order order = orders.find(orderId).orElseThrow(() -> new NotFoundException("no order " + orderId));
            Order update = null;
            if (order.status() == OrderStatus.PENDING_PAYMENT) {
                update = outcome == Outcome.REJECTED ? order.reject(reason, clock.now()) : order.cancel(reason, clock.now());
            }
            return reservations.release(orderId, order.stockLines(), update);
        });
        if (outcome == Outcome.CANCELLED && !CONFIRMATION_FAILED.equals(reason)) {
            pendingPayments.cancelPendingPayments(orderId);
        }
        return released;
    }
}
