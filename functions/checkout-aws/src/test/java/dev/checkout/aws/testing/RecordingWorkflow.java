package dev.checkout.aws.testing;

import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.Payment;
import dev.checkout.port.CheckoutWorkflow;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link CheckoutWorkflow} that records what it was asked, for handler tests that stop at the port. */
public final class RecordingWorkflow implements CheckoutWorkflow {
    public final List<OrderId> started = new CopyOnWriteArrayList<>();
    public final List<OrderId> stopped = new CopyOnWriteArrayList<>();
    public final List<String> succeeded = new CopyOnWriteArrayList<>();
    public final List<String> failed = new CopyOnWriteArrayList<>();
    private volatile RuntimeException startFailure;
    private volatile RuntimeException stopFailure;

    /** Makes the next starts fail with {@code failure} until cleared with null. */
    public void failStartsWith(RuntimeException failure) {
        this.startFailure = failure;
    }

    @Override
    public void start(Order order) {
        if (startFailure != null) {
            throw startFailure;
        }
        started.add(order.orderId());
    }

    /** Makes the next stops fail with {@code failure} until cleared with null. */
    public void failStopsWith(RuntimeException failure) {
        this.stopFailure = failure;
    }

    @Override
    public void stop(OrderId orderId, String cause) {
        if (stopFailure != null) {
            throw stopFailure;
        }
        stopped.add(orderId);
    }

    @Override
    public Optional<Payment> paymentLeftByStoppedCheckout(OrderId orderId) {
        return Optional.empty();
    }

    @Override
    public boolean isWaiting(String taskToken) {
        return true;
    }

    @Override
    public boolean paymentSucceeded(String taskToken, Payment payment) {
        succeeded.add(taskToken + " " + payment.paymentId());
        return true;
    }

    @Override
    public boolean paymentFailed(String taskToken, String error, String cause) {
        failed.add(taskToken + " " + error);
        return true;
    }
}
