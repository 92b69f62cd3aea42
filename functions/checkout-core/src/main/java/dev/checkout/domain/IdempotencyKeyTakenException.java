package dev.checkout.domain;

/**
 * A write carrying an idempotency record found the key already taken. The use case decides: same
 * request, replay the original result; another request, {@link IdempotencyKeyReusedException}.
 */
public class IdempotencyKeyTakenException extends CheckoutException {
    private final String key;

    public IdempotencyKeyTakenException(String key) {
        super("IDEMPOTENCY_KEY_TAKEN", ErrorKind.CONFLICT, "idempotency key already used: " + key);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
