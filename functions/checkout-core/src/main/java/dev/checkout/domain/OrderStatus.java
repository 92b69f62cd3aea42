package dev.checkout.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of an order. {@code PENDING_PAYMENT -> PAID -> SHIPPED -> COMPLETED};
 * {@code PENDING_PAYMENT -> CANCELLED | REJECTED}; {@code PAID | SHIPPED | COMPLETED ->
 * PARTIALLY_REFUNDED -> REFUNDED}. Every other move is refused.
 */
public enum OrderStatus {
    PENDING_PAYMENT,
    PAID,
    SHIPPED,
    COMPLETED,
    PARTIALLY_REFUNDED,
    REFUNDED,
    CANCELLED,
    REJECTED;

    private Set<OrderStatus> next() {
        return switch (this) {
            case PENDING_PAYMENT -> EnumSet.of(PAID, CANCELLED, REJECTED);
            case PAID -> EnumSet.of(SHIPPED, PARTIALLY_REFUNDED, REFUNDED);
            case SHIPPED -> EnumSet.of(COMPLETED, PARTIALLY_REFUNDED, REFUNDED);
            case COMPLETED -> EnumSet.of(PARTIALLY_REFUNDED, REFUNDED);
            // A second partial refund keeps the order partially refunded.
            case PARTIALLY_REFUNDED -> EnumSet.of(PARTIALLY_REFUNDED, REFUNDED);
            case REFUNDED, CANCELLED, REJECTED -> EnumSet.noneOf(OrderStatus.class);
        };
    }

    public boolean canBecome(OrderStatus target) {
        return next().contains(target);
    }

    /** Returns {@code target} when the move is allowed, else throws. */
    public OrderStatus moveTo(OrderStatus target) {
        if (!canBecome(target)) {
            throw new IllegalTransitionException(this, target);
        }
        return target;
    }

    /** No further move is possible. */
    public boolean isTerminal() {
        return next().isEmpty();
    }

    /** Money was captured for the order and may be refunded. */
    public boolean isRefundable() {
        return this == PAID || this == SHIPPED || this == COMPLETED || this == PARTIALLY_REFUNDED;
    }
}
