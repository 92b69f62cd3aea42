package dev.checkout.fakes;

import dev.checkout.domain.OrderId;
import dev.checkout.domain.Order;
import dev.checkout.domain.Payment;
import dev.checkout.port.CheckoutWorkflow;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The checkout workflow as its callers see it: records every call, and like Step Functions accepts one
 * outcome per task token (a second one, or one after {@link #closeStep}, answers false).
 */
public final class RecordingWorkflow implements CheckoutWorkflow {
    /** One call to resume or fail a payment step; {@code accepted} is what the engine answered. */
    public record Call(String taskToken, boolean succeeded, String paymentIdOrError, String cause, boolean accepted, Payment payment) {
    }

    private final List<Call> calls = new ArrayList<>();
    private final Set<String> closed = new HashSet<>();
    private final List<OrderId> started = new ArrayList<>();
    private final Set<OrderId> stopped = new HashSet<>();

    @Override
    public synchronized void start(Order order) {
        started.add(order.orderId());
    }

    @Override
    public synchronized void stop(OrderId orderId, String cause) {
        stopped.add(orderId);
    }

    /** Like the step's history: the success a stopped checkout's payment step accepted. */
    @Override
    public synchronized Optional<Payment> paymentLeftByStoppedCheckout(OrderId orderId) {
        if (!stopped.contains(orderId)) {
            return Optional.empty();
        }
        return calls.stream().filter(c -> c.succeeded() && c.accepted() && c.payment().orderId().equals(orderId)).map(Call::payment).findFirst();
    }

    @Override
    public synchronized boolean isWaiting(String taskToken) {
        return !closed.contains(taskToken);
    }

    @Override
    public synchronized boolean paymentSucceeded(String taskToken, Payment payment) {
        boolean accepted = closed.add(taskToken);
        calls.add(new Call(taskToken, true, payment.paymentId().value(), null, accepted, payment));
        return accepted;
    }

    @Override
    public synchronized boolean paymentFailed(String taskToken, String error, String cause) {
        boolean accepted = closed.add(taskToken);
        calls.add(new Call(taskToken, false, error, cause, accepted, null));
        return accepted;
    }

    /** The step waiting on {@code taskToken} timed out or was stopped. */
    public synchronized void closeStep(String taskToken) {
        closed.add(taskToken);
    }

    /** The payment the step waiting on {@code taskToken} was resumed with. */
    public synchronized Payment resumedWith(String taskToken) {
        return callsFor(taskToken).stream().filter(c -> c.succeeded() && c.accepted()).findFirst().orElseThrow().payment();
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<Call> callsFor(String taskToken) {
        return calls.stream().filter(c -> c.taskToken().equals(taskToken)).toList();
    }

    public synchronized long successesFor(String taskToken) {
        return callsFor(taskToken).stream().filter(Call::succeeded).count();
    }

    public synchronized List<Call> failuresFor(String taskToken) {
        return callsFor(taskToken).stream().filter(c -> !c.succeeded()).toList();
    }
}
