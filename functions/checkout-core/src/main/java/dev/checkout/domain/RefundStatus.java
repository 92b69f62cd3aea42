package dev.checkout.domain;

/** A refund's state, settled by the provider's events. */
public enum RefundStatus {
    PENDING,
    SUCCEEDED,
    FAILED;

    public boolean isFinal() {
        return this != PENDING;
    }
}
