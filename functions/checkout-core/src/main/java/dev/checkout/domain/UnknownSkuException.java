package dev.checkout.domain;

/** An order line names a SKU that the catalog does not have. */
public class UnknownSkuException extends CheckoutException {
    public UnknownSkuException(String message) {
        super("UNKNOWN_SKU", ErrorKind.UNPROCESSABLE, message);
    }

    public UnknownSkuException(String message, Throwable cause) {
        super("UNKNOWN_SKU", ErrorKind.UNPROCESSABLE, message, cause);
    }
}
