package dev.checkout.domain;

/** Two amounts in different currencies were combined, or an order mixes currencies. */
public class CurrencyMismatchException extends CheckoutException {
    public CurrencyMismatchException(String message) {
        super("CURRENCY_MISMATCH", ErrorKind.INVALID, message);
    }

    public CurrencyMismatchException(String message, Throwable cause) {
        super("CURRENCY_MISMATCH", ErrorKind.INVALID, message, cause);
    }
}
