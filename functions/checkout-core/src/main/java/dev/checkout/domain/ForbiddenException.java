package dev.checkout.domain;

/** The caller is known but may not do this (a customer on an admin operation). */
public class ForbiddenException extends CheckoutException {
    public ForbiddenException(String message) {
        super("FORBIDDEN", ErrorKind.FORBIDDEN, message);
    }

    public ForbiddenException(String message, Throwable cause) {
        super("FORBIDDEN", ErrorKind.FORBIDDEN, message, cause);
    }
}
