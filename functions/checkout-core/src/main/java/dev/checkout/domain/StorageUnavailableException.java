package dev.checkout.domain;

/** The state store throttled or failed the request; safe to retry. */
public class StorageUnavailableException extends CheckoutException {
    public StorageUnavailableException(String message) {
        super("STORAGE_UNAVAILABLE", ErrorKind.TRANSIENT, message);
    }

    public StorageUnavailableException(String message, Throwable cause) {
        super("STORAGE_UNAVAILABLE", ErrorKind.TRANSIENT, message, cause);
    }
}
