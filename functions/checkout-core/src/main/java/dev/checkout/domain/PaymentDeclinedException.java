package dev.checkout.domain;

/** The payment provider declined the payment. Final: retrying the same payment method will not help. */
public class PaymentDeclinedException extends CheckoutException {
    private final String declineCode;
    private final String providerReference;

    public PaymentDeclinedException(String message) {
        this(message, null, null, null);
    }

    public PaymentDeclinedException(String message, Throwable cause) {
        this(message, null, null, cause);
    }

    /**
     * @param declineCode the provider's reason, e.g. {@code card_declined} or {@code insufficient_funds}; may be null
     * @param providerReference the provider's record of the declined attempt, when it made one; may be null
     */
    public PaymentDeclinedException(String message, String declineCode, String providerReference, Throwable cause) {
        super("PAYMENT_DECLINED", ErrorKind.UNPROCESSABLE, message, cause);
        this.declineCode = declineCode;
        this.providerReference = providerReference;
    }

    /** The provider's decline code, or {@code "declined"} when it gave none. */
    public String declineCode() {
        return declineCode == null || declineCode.isBlank() ? "declined" : declineCode;
    }

    /** The provider's reference of the declined attempt, or null. */
    public String providerReference() {
        return providerReference;
    }
}
