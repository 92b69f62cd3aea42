package dev.checkout.domain;

/** The payment provider could not be reached or answered with a server error; the call may be retried with the same idempotency key. */
public class PaymentProviderUnavailableException extends CheckoutException {
    public PaymentProviderUnavailableException(String message) {
        super("PAYMENT_PROVIDER_UNAVAILABLE", ErrorKind.TRANSIENT, message);
    }

    public PaymentProviderUnavailableException(String message, Throwable cause) {
        super("PAYMENT_PROVIDER_UNAVAILABLE", ErrorKind.TRANSIENT, message, cause);
    }
}
