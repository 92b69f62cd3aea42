package dev.checkout.domain;

/** A message could not be put on a queue (a throttle, an outage); nothing was queued and the call is safe to retry. */
public class QueueUnavailableException extends CheckoutException {
    public QueueUnavailableException(String message, Throwable cause) {
        super("QUEUE_UNAVAILABLE", ErrorKind.TRANSIENT, message, cause);
    }
}
