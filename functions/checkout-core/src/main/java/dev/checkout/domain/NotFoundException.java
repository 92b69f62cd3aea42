package dev.checkout.domain;

/** The order, product, payment or refund does not exist, or is not the caller's. */
public class NotFoundException extends CheckoutException {
    public NotFoundException(String message) {
        super("NOT_FOUND", ErrorKind.NOT_FOUND, message);
    }

    public NotFoundException(String message, Throwable cause) {
        super("NOT_FOUND", ErrorKind.NOT_FOUND, message, cause);
    }
}
