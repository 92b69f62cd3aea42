package dev.checkout.domain;

/** A refund would take the refunded total above what was captured. */
public class RefundExceedsCapturedException extends CheckoutException {
    public RefundExceedsCapturedException(String message) {
        super("REFUND_EXCEEDS_CAPTURED", ErrorKind.UNPROCESSABLE, message);
    }

    public RefundExceedsCapturedException(String message, Throwable cause) {
        super("REFUND_EXCEEDS_CAPTURED", ErrorKind.UNPROCESSABLE, message, cause);
    }
}
