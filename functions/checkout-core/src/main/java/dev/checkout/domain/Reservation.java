package dev.checkout.domain;

import java.util.List;
import java.util.Objects;

/** The stock an order holds. Keyed by order id, so reserving, releasing or committing twice is harmless. */
public record Reservation(OrderId orderId, ReservationStatus status, List<StockLine> lines) {
    public Reservation {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(status, "status");
        lines = List.copyOf(lines);
    }
}
