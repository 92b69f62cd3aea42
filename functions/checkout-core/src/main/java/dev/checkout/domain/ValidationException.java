package dev.checkout.domain;

/** Input that breaks a rule of the domain: a bad quantity, a malformed id, a negative amount. */
public class ValidationException extends CheckoutException {
    public ValidationException(String message) {
        super("VALIDATION_FAILED", ErrorKind.INVALID, message);
    }

    public ValidationException(String message, Throwable cause) {
        super("VALIDATION_FAILED", ErrorKind.INVALID, message, cause);
    }
}
