package dev.checkout.port;

import dev.checkout.domain.OrderId;
import dev.checkout.domain.PaymentId;

/**
 * The checkout workflow of an order: one execution per order, named after it.
 */
public interface CheckoutWorkflow {

    /** Starts the order's checkout. Starting it again with the same order is not an error. */
    void start(OrderId orderId);

    /** Stops the order's checkout if it still runs. Stopping a finished or unknown one is not an error. */
    void stop(OrderId orderId, String cause);

    /**
     * Resumes the payment step waiting on {@code taskToken} with the payment's success.
     *
     * @return false when that step had already closed (timed out, failed or stopped)
     */
    boolean paymentSucceeded(String taskToken, PaymentId paymentId);

    /**
     * Fails the payment step waiting on {@code taskToken} with a named error that the workflow
     * catches (the fully qualified name of a domain exception).
     *
     * @return false when that step had already closed
     */
    boolean paymentFailed(String taskToken, String error, String cause);
}
