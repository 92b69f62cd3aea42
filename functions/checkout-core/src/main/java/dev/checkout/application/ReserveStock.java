package dev.checkout.application;

import dev.checkout.domain.OrderId;
import dev.checkout.domain.StateConflictException;
import dev.checkout.domain.StockLine;
import dev.checkout.domain.ValidationException;
import dev.checkout.port.StockReservations;
import dev.checkout.port.StockReservations.ReservationOutcome;
import java.util.List;

/**
 * The checkout's first step: reserve an order's stock, every line or none. Safe to repeat. The lines come
 * from the workflow's input, so that the usual checkout writes once and reads nothing.
 */
public final class ReserveStock {
    private final StockReservations reservations;

    public ReserveStock(StockReservations reservations) {
        this.reservations = reservations;
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
}
