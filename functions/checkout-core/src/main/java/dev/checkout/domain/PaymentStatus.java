package dev.checkout.domain;

/** A charge attempt's state. Only PENDING moves; the others are final. */
public enum PaymentStatus {
    PENDING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean isFinal() {
        return this != PENDING;
    }
}
