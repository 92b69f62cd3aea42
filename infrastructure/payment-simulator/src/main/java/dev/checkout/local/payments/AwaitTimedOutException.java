package dev.checkout.local.payments;

/** Thrown when a condition awaited on the simulator (deliveries, events, quiet) did not hold in time. */
public final class AwaitTimedOutException extends RuntimeException {
    public AwaitTimedOutException(String message) {
        super(message);
    }
}
