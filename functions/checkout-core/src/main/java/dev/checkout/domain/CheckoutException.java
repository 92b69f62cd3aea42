package dev.checkout.domain;

/**
 * Base of every error the domain raises on purpose. Each carries a stable {@link #code()} that
 * clients and the workflow may rely on, and an {@link ErrorKind} that adapters map to their protocol.
 */
public abstract class CheckoutException extends RuntimeException {
    private final String code;
    private final ErrorKind kind;

    protected CheckoutException(String code, ErrorKind kind, String message) {
        this(code, kind, message, null);
    }

    protected CheckoutException(String code, ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.kind = kind;
    }

    /** A stable, upper-snake-case code, e.g. {@code OUT_OF_STOCK}. */
    public String code() {
        return code;
    }

    public ErrorKind kind() {
        return kind;
    }
}
