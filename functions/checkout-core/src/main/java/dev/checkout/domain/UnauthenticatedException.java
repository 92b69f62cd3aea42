package dev.checkout.domain;

/** No verified caller identity came with the request. */
public class UnauthenticatedException extends CheckoutException {
    public UnauthenticatedException(String message) {
        super("UNAUTHENTICATED", ErrorKind.UNAUTHENTICATED, message);
    }
}
