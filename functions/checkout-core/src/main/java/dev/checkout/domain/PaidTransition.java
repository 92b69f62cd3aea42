package dev.checkout.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * An order's move to PAID by a succeeded payment, as the order aggregate allows it, for a write that does
 * not read the order first: it applies when the stored order is {@link #from()} with a total of
 * {@link #captured()}; the order then becomes {@link #to()}, records {@code captured} as taken and drops
 * its status reason. Built by {@link Order#paidBy}; a repository renders it as one conditional write.
 */
public record PaidTransition(OrderId orderId, OrderStatus from, OrderStatus to, Money captured, Instant at) {

    public PaidTransition {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(captured, "captured");
        Objects.requireNonNull(at, "at");
        from.moveTo(to);
    }
}
