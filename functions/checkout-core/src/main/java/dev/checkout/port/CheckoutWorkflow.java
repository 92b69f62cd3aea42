package dev.checkout.port;

import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentDeclinedException;
import dev.checkout.domain.PaymentProviderUnavailableException;
import java.util.Optional;

/**
 * The checkout workflow of an order: one execution per order, named after it.
 */
public interface CheckoutWorkflow {

    /** The payment step's error for a payment the provider refused (the workflow cancels the order). */
    String PAYMENT_DECLINED = PaymentDeclinedException.class.getName();
    /** The payment step's error when the provider stayed unavailable over every delivery of the charge. */
    String PROVIDER_UNAVAILABLE = PaymentProviderUnavailableException.class.getName();

    /**
     * Starts the order's checkout. The execution carries what its steps need (lines, total, payment
     * method), so that they do not read the order again. Starting it again with the same order is not
     * an error.
     */
    void start(Order order);

    /** Stops the order's checkout if it still runs. Stopping a finished or unknown one is not an error. */
    void stop(OrderId orderId, String cause);

    /**
     * The succeeded payment the order's checkout had been given when it was stopped. Once the payment
     * step takes a success, only the confirming step records the payment (or, if it cannot, refunds it);
     * a checkout stopped in between (its order was cancelled at that moment) leaves the payment in its
     * own history alone, and whoever stopped it must refund it. Empty when the checkout was not stopped
     * (it runs, or ended on its own and dealt with the payment itself), never started, or was stopped
     * before its payment step took a success.
     */
    Optional<Payment> paymentLeftByStoppedCheckout(OrderId orderId);

    /**
     * Whether the payment step holding {@code taskToken} still waits for its outcome: false once it
     * timed out, was stopped (the order was cancelled) or was given an outcome. A yes also starts the
     * payment window again from now: the charge asks just before it asks the provider, so a customer who
     * must authenticate has the whole window. Asking costs no storage read and no state transition.
     */
    boolean isWaiting(String taskToken);

    /**
     * Resumes the payment step waiting on {@code taskToken} with the payment's success. The step's
     * result is the payment, so that the confirming step can record it together with the order.
     *
     * @return false when that step had already closed (timed out, failed or stopped)
     */
    boolean paymentSucceeded(String taskToken, Payment payment);

    /**
     * Fails the payment step waiting on {@code taskToken} with a named error that the workflow
     * catches: {@link #PAYMENT_DECLINED}, or {@link #PROVIDER_UNAVAILABLE}.
     *
     * @return false when that step had already closed
     */
    boolean paymentFailed(String taskToken, String error, String cause);
}
