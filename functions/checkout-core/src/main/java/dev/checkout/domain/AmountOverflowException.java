package dev.checkout.domain;

/** An amount left the range of a 64-bit count of minor units. */
public class AmountOverflowException extends CheckoutException {
    public AmountOverflowException(String message) {
        super("AMOUNT_OVERFLOW", ErrorKind.INVALID, message);
    }

    public AmountOverflowException(String message, Throwable cause) {
        super("AMOUNT_OVERFLOW", ErrorKind.INVALID, message, cause);
    }
}
