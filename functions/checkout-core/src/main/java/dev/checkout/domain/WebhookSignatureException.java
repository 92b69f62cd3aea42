package dev.checkout.domain;

/**
 * A provider notification whose signature is missing, wrong or too old. Nothing of it may be stored
 * or acted on.
 */
public class WebhookSignatureException extends CheckoutException {
    public WebhookSignatureException(String message) {
        super("WEBHOOK_SIGNATURE_INVALID", ErrorKind.INVALID, message);
    }

    public WebhookSignatureException(String message, Throwable cause) {
        super("WEBHOOK_SIGNATURE_INVALID", ErrorKind.INVALID, message, cause);
    }
}
