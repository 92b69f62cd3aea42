package dev.checkout.domain;

/** The payment provider declined the payment. Final: retrying the same payment method will not help. */
public class PaymentDeclinedException extends CheckoutException {
    public PaymentDeclinedException(String message) {
        super("PAYMENT_DECLINED", ErrorKind.UNPROCESSABLE, message);
    }

    public PaymentDeclinedException(String message, Throwable cause) {
        super("PAYMENT_DECLINED", ErrorKind.UNPROCESSABLE, message, cause);
    }
}
