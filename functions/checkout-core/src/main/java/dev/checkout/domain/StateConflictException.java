package dev.checkout.domain;

/** The operation does not fit the record's current state, e.g. cancelling an order that is already paid. */
public class StateConflictException extends CheckoutException {
    public StateConflictException(String message) {
        super("STATE_CONFLICT", ErrorKind.CONFLICT, message);
    }

    public StateConflictException(String message, Throwable cause) {
        super("STATE_CONFLICT", ErrorKind.CONFLICT, message, cause);
    }
}
