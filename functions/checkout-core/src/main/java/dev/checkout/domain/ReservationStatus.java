package dev.checkout.domain;

/** Where an order's stock reservation stands. RELEASED and COMMITTED are final. */
public enum ReservationStatus {
    RESERVED,
    RELEASED,
    COMMITTED
}
