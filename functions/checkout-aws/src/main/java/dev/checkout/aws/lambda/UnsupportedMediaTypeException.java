package dev.checkout.aws.lambda;

/**
 * A request body of a media type the route does not take: HTTP's 415 {@code UNSUPPORTED_MEDIA_TYPE}.
 * A protocol error of the HTTP adapter, not of the domain, so it is not a
 * {@link dev.checkout.domain.CheckoutException}.
 */
public final class UnsupportedMediaTypeException extends RuntimeException {
    public UnsupportedMediaTypeException(String message) {
        super(message);
    }
}
