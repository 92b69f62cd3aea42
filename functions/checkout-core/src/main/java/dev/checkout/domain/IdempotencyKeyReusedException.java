package dev.checkout.domain;

/** An idempotency key was used again with a different request. */
public class IdempotencyKeyReusedException extends CheckoutException {
    public IdempotencyKeyReusedException(String message) {
        super("IDEMPOTENCY_KEY_REUSED", ErrorKind.UNPROCESSABLE, message);
    }

    public IdempotencyKeyReusedException(String message, Throwable cause) {
        super("IDEMPOTENCY_KEY_REUSED", ErrorKind.UNPROCESSABLE, message, cause);
    }
}
