package dev.checkout.domain;

/** Another writer changed the record since it was read; re-read and decide again. */
public class VersionConflictException extends CheckoutException {
    public VersionConflictException(String message) {
        super("VERSION_CONFLICT", ErrorKind.CONFLICT, message);
    }

    public VersionConflictException(String message, Throwable cause) {
        super("VERSION_CONFLICT", ErrorKind.CONFLICT, message, cause);
    }
}
