package dev.checkout.port;

import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.Reservation;
import dev.checkout.domain.StockLine;
import java.util.List;
import java.util.Optional;

/**
 * The stock an order holds while it is checked out. Reserving, releasing and committing act on a
 * whole order at once and are idempotent by order id. Release and commit may carry the order's status
 * change, so that stock and status move in the same write.
 */
public interface StockReservations {

    /**
     * Reserves every line or none, in the same write that checks the order (when it is stored) still
     * awaits payment.
     *
     * @throws dev.checkout.domain.OutOfStockException naming the short SKUs; nothing was reserved
     * @throws dev.checkout.domain.StateConflictException when the order no longer awaits payment
     */
    ReservationOutcome reserve(OrderId orderId, List<StockLine> lines);

    /**
     * Gives an order's reserved stock back and, in the same write, stores {@code orderUpdate} when
     * given. Releasing an order that never reserved leaves a mark so that a late reserve does nothing.
     */
    ReservationOutcome release(OrderId orderId, List<StockLine> lines, Order orderUpdate);

    /**
     * Turns an order's reservation into sold stock and stores {@code orderUpdate} in the same write.
     *
     * @throws dev.checkout.domain.StateConflictException when the reservation was released or never made
     */
    ReservationOutcome commit(OrderId orderId, List<StockLine> lines, Order orderUpdate);

    Optional<Reservation> findReservation(OrderId orderId);

    /** What a reserve, release or commit found and did. */
    enum ReservationOutcome {
        RESERVED,
        ALREADY_RESERVED,
        RELEASED,
        ALREADY_RELEASED,
        COMMITTED,
        ALREADY_COMMITTED;

        /** True when this call changed nothing because an earlier call already had. */
        public boolean isRepeat() {
            return this == ALREADY_RESERVED || this == ALREADY_RELEASED || this == ALREADY_COMMITTED;
        }
    }
}
