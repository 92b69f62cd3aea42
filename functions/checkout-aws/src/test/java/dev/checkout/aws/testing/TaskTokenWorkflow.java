package dev.checkout.aws.testing;

import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.Payment;
import dev.checkout.port.CheckoutWorkflow;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The payment step of the workflow as Step Functions treats task tokens: the first outcome sent for a
 * token is accepted, any later one is refused (false), as is one for a step that {@link #closeStep closed}.
 */
public final class TaskTokenWorkflow implements CheckoutWorkflow {
    /** One outcome sent for a token: {@code error} is null for a success. */
    public record Outcome(String taskToken, String paymentId, String error, String cause, boolean accepted, Payment payment) {
    }

    private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    private final Set<String> closed = ConcurrentHashMap.newKeySet();
    private final Set<OrderId> stopped = ConcurrentHashMap.newKeySet();

    @Override
    public void start(Order order) {
    }

    @Override
    public void stop(OrderId orderId, String cause) {
        stopped.add(orderId);
    }

    /** Like the step's history: the success a stopped checkout's payment step accepted. */
    @Override
    public Optional<Payment> paymentLeftByStoppedCheckout(OrderId orderId) {
        if (!stopped.contains(orderId)) {
            return Optional.empty();
        }
        return outcomes.stream().filter(o -> o.error() == null && o.accepted() && o.payment().orderId().equals(orderId))
                .map(Outcome::payment).findFirst();
    }

    @Override
    public boolean isWaiting(String taskToken) {
        return !closed.contains(taskToken);
    }

    @Override
    public boolean paymentSucceeded(String taskToken, Payment payment) {
        boolean accepted = closed.add(taskToken);
        outcomes.add(new Outcome(taskToken, payment.paymentId().value(), null, null, accepted, payment));
        return accepted;
    }

    @Override
    public boolean paymentFailed(String taskToken, String error, String cause) {
        boolean accepted = closed.add(taskToken);
        outcomes.add(new Outcome(taskToken, null, error, cause, accepted, null));
        return accepted;
    }

    public void closeStep(String taskToken) {
        closed.add(taskToken);
    }

    /** The payment the step waiting on {@code taskToken} was resumed with. */
    public Payment resumedWith(String taskToken) {
        return outcomes(taskToken).stream().filter(o -> o.error() == null && o.accepted()).findFirst().orElseThrow().payment();
    }

    public List<Outcome> outcomes(String taskToken) {
        return outcomes.stream().filter(o -> o.taskToken().equals(taskToken)).toList();
    }

    public long successes(String taskToken) {
        return outcomes(taskToken).stream().filter(o -> o.error() == null).count();
    }

    public List<Outcome> failures(String taskToken) {
        return outcomes(taskToken).stream().filter(o -> o.error() != null).toList();
    }
}
