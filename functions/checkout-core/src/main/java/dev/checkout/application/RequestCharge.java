package dev.checkout.application;

import dev.checkout.domain.Money;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentDeclinedException;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentMethod;
import dev.checkout.domain.PaymentProviderUnavailableException;
import dev.checkout.domain.PaymentStatus;
import dev.checkout.domain.StateConflictException;
import dev.checkout.domain.ValidationException;
import dev.checkout.port.CheckoutWorkflow;
import dev.checkout.port.Clock;
import dev.checkout.port.PaymentProvider;
import dev.checkout.port.PaymentProviders;
import dev.checkout.port.PaymentProvider.ChargeRequest;
import dev.checkout.port.PaymentProvider.ProviderPayment;
import dev.checkout.port.PaymentProvider.Status;
import dev.checkout.port.PaymentRepository;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Charges an order for the workflow's {@code RequestPayment} step. The charge message carries the
 * amount and payment method (from the workflow's input), and the provider call carries the payment id
 * as idempotency key: running this twice charges once.
 *
 * <p>Before calling the provider it asks the workflow whether the step still waits (a cancelled order
 * stopped it, or the payment window closed): nothing is charged for a step nobody waits on. The usual
 * outcome, a success the provider reports at once, is handed to the workflow as the step's result and
 * written nowhere here: the confirming step records the payment together with the order. Only the other
 * outcomes are recorded here: a payment waiting for the customer (pending, with the step's task token,
 * for its webhook), a decline, and a success the step can no longer take (recorded, then refunded if the
 * order was closed). A decline fails the step with {@link PaymentDeclinedException}'s name. A provider
 * outage is thrown, so that the queue delivers the message again; on the last delivery the step is
 * failed with {@link PaymentProviderUnavailableException}'s name.
 *
 * <p>An outage may hide a charge the provider did take (its answer was lost). So a redelivery that finds
 * the step closed and no record of the payment asks the provider for the payment made under the payment
 * id ({@link PaymentProvider#findByPaymentId}): a success is recorded, then refunded once the order is
 * closed (a late capture); a payment still waiting for the customer is cancelled at the provider, and
 * what the cancel reports is recorded (a success then taken as above). A failed or cancelled payment, or
 * none, writes nothing. A first delivery never reached the provider, so it asks nothing.
 */
public final class RequestCharge {
    private final PaymentRepository payments;
    private final PaymentProviders providers;
    private final CheckoutWorkflow workflow;
    private final ReportPaymentSuccess successes;
    private final PaymentTransitions transitions;
    private final Clock clock;

    public RequestCharge(PaymentRepository payments, PaymentProviders providers, CheckoutWorkflow workflow,
                         ReportPaymentSuccess successes, PaymentTransitions transitions, Clock clock) {
        this.payments = payments;
        this.providers = providers;
        this.workflow = workflow;
        this.successes = successes;
        this.transitions = transitions;
        this.clock = clock;
    }

    /**
     * One charge-queue message. {@code amount} and {@code paymentMethod} are what the order was placed
     * with (the workflow's input carries them); an order without a payment method is declined.
     * {@code receiveCount} is how often the queue has delivered it (1 the first time), {@code maxReceives}
     * how often it may before it goes to the dead-letter queue.
     */
    public record Command(OrderId orderId, int attempt, String taskToken, Money amount, String paymentMethod,
                          int receiveCount, int maxReceives) {
        public Command {
            if (orderId == null) {
                throw new ValidationException("orderId is required");
            }
            if (attempt < 1 || attempt > 9999) {
                throw new ValidationException("attempt must be 1-9999, was " + attempt);
            }
            if (taskToken == null || taskToken.isBlank()) {
                throw new ValidationException("taskToken is required");
            }
            if (amount == null || amount.amount() <= 0) {
                throw new ValidationException("amount must be positive, was " + (amount == null ? "missing" : amount.amount()));
            }
            if (receiveCount < 1 || maxReceives < 1) {
                throw new ValidationException("receiveCount and maxReceives must be positive");
            }
        }

        public boolean isLastDelivery() {
            return receiveCount >= maxReceives;
        }
    }

    public enum Outcome {
        SUCCEEDED,
        DECLINED,
        /** The customer must act (e.g. authenticate); the webhook or the payment window decides. */
        AWAITING_CUSTOMER,
        /**
         * The step no longer waits (an earlier delivery settled it, the order was cancelled, the payment
         * window closed); nothing was charged by this delivery. A payment an earlier delivery left waiting for
         * the customer was cancelled at the provider.
         */
        STEP_CLOSED,
        /** An earlier delivery or a webhook had settled the payment; its outcome was reported again. */
        ALREADY_SETTLED,
        /** The payment went through after its order was closed; it is being refunded. */
        LATE_CAPTURE_REFUNDED
    }

    public Outcome charge(Command command) {
        PaymentId paymentId = PaymentId.of(command.orderId(), command.attempt());
        if (!workflow.isWaiting(command.taskToken())) {
            return stepClosed(command, paymentId);
        }
        Money amount = command.amount();
        String paymentMethod = command.paymentMethod();
        PaymentProvider provider;
        try {
            provider = providers.charging(paymentMethod);
        } catch (ValidationException unusable) {
            // No method, or a platform this deployment no longer offers: retrying cannot help.
            Payment attempt = attempt(command, paymentId, paymentMethod == null ? "none" : PaymentMethod.parsePlatform(paymentMethod));
            return declined(attempt, command.taskToken(), new PaymentDeclinedException(unusable.getMessage(), "payment_method_unusable", null, null));
        }
        Payment attempt = attempt(command, paymentId, provider.name());
        ProviderPayment result;
        try {
            result = provider.charge(new ChargeRequest(attempt.paymentId(), command.orderId(), amount, paymentMethod));
        } catch (PaymentDeclinedException declined) {
            return declined(attempt, command.taskToken(), declined);
        } catch (PaymentProviderUnavailableException unavailable) {
            if (command.isLastDelivery()) {
                workflow.paymentFailed(command.taskToken(), CheckoutWorkflow.PROVIDER_UNAVAILABLE,
                        "the payment provider stayed unavailable over " + command.receiveCount() + " deliveries");
            }
            throw unavailable;
        }
        Payment referenced = attempt.referencedAs(result.reference());
        return switch (result.status()) {
            case SUCCEEDED -> succeeded(referenced.succeed(clock.now()), command.taskToken());
            case PENDING -> awaitingCustomer(referenced.awaiting(result.nextAction()), command.taskToken());
            case FAILED, CANCELED -> declined(referenced, command.taskToken(),
                    new PaymentDeclinedException("the provider reports the payment " + result.status(),
                            result.failureCode() == null ? result.status().name().toLowerCase() : result.failureCode(), result.reference(), null));
        };
    }

    /**
     * A delivery for a step that no longer waits. Usually an earlier delivery settled it; but if an earlier
     * delivery recorded a capture the step could not take, the order decides now (refund once it is closed).
     * With no record at all, an earlier delivery may still have reached the provider: the provider is asked.
     */
    private Outcome stepClosed(Command command, PaymentId paymentId) {
        Optional<Payment> recorded = payments.find(paymentId);
        if (recorded.isEmpty()) {
            // A first delivery for a closed step never called the provider.
            return command.receiveCount() > 1 ? askProvider(command, paymentId) : Outcome.STEP_CLOSED;
        }
        var undecided = recorded.filter(p -> p.status() == PaymentStatus.SUCCEEDED && p.taskToken() != null);
        if (undecided.isEmpty()) {
            return Outcome.STEP_CLOSED;
        }
        return successes.report(undecided.get(), null, true) == ReportPaymentSuccess.Result.LATE_CAPTURE_REFUNDED
                ? Outcome.LATE_CAPTURE_REFUNDED
                : Outcome.STEP_CLOSED;
    }

    /**
     * An earlier delivery's provider call may have charged although its answer was lost: what the provider
     * holds under the payment id decides. Nobody waits for a pending payment any more, so it is cancelled.
     */
    private Outcome askProvider(Command command, PaymentId paymentId) {
        PaymentProvider provider;
        try {
            provider = providers.charging(command.paymentMethod());
        } catch (ValidationException unusable) {
            // No provider was ever called with this method.
            return Outcome.STEP_CLOSED;
        }
        Optional<ProviderPayment> found = provider.findByPaymentId(paymentId);
        if (found.isEmpty()) {
            return Outcome.STEP_CLOSED;
        }
        ProviderPayment seen = found.get();
        if (seen.status() == Status.PENDING) {
            seen = provider.cancel(seen.reference());
            if (seen.status() == Status.PENDING) {
                throw new PaymentProviderUnavailableException("the provider did not cancel payment " + paymentId + " (" + seen.reference()
                        + "), whose step closed; asking again");
            }
        } else if (seen.status() != Status.SUCCEEDED) {
            return Outcome.STEP_CLOSED;
        }
        UnaryOperator<Payment> learnt = PaymentTransitions.toFinal(seen, clock.now());
        Payment asSeen = learnt.apply(attempt(command, paymentId, provider.name()));
        if (seen.status() == Status.SUCCEEDED) {
            return recordUntakenSuccess(asSeen, command.taskToken());
        }
        transitions.record(asSeen, learnt);
        return Outcome.STEP_CLOSED;
    }

    /** The payment this message's attempt makes with {@code provider}, before the provider answered. */
    private Payment attempt(Command command, PaymentId paymentId, String provider) {
        return Payment.pending(paymentId, provider, command.amount(), command.paymentMethod(), command.taskToken(), clock.now());
    }

    private Outcome succeeded(Payment succeeded, String taskToken) {
        if (workflow.paymentSucceeded(taskToken, succeeded)) {
            return Outcome.SUCCEEDED;
        }
        // The step closed before the success reached it (window expired, order cancelled), or an earlier
        // delivery resumed it.
        return recordUntakenSuccess(succeeded, taskToken);
    }

    /** A success no step takes any more: record the capture, then the order decides (refund if it was closed). */
    private Outcome recordUntakenSuccess(Payment succeeded, String taskToken) {
        Payment recorded = transitions.record(succeeded, p -> p.referencedAs(succeeded.providerReference()).succeed(clock.now()));
        if (recorded.status() != PaymentStatus.SUCCEEDED) {
            return reportAgain(recorded, taskToken);
        }
        return successes.report(recorded, null, true) == ReportPaymentSuccess.Result.LATE_CAPTURE_REFUNDED
                ? Outcome.LATE_CAPTURE_REFUNDED
                : Outcome.ALREADY_SETTLED;
    }

    private Outcome awaitingCustomer(Payment pending, String taskToken) {
        Payment recorded = transitions.record(pending, p -> p.referencedAs(pending.providerReference()).awaiting(pending.nextAction()));
        if (recorded.status().isFinal()) {
            // The webhook settled it before this (repeated) delivery got here.
            return reportAgain(recorded, taskToken);
        }
        return Outcome.AWAITING_CUSTOMER;
    }

    private Outcome declined(Payment attempt, String taskToken, PaymentDeclinedException declined) {
        String code = declined.declineCode();
        Payment recorded = transitions.record(attempt.referencedAs(declined.providerReference()).fail(code, clock.now()),
                p -> p.referencedAs(declined.providerReference()).fail(code, clock.now()));
        if (recorded.status() == PaymentStatus.SUCCEEDED) {
            // A success was recorded first (the provider's truth arrived by webhook); it stands.
            successes.report(recorded, taskToken, false);
            return Outcome.SUCCEEDED;
        }
        workflow.paymentFailed(taskToken, CheckoutWorkflow.PAYMENT_DECLINED, code);
        return Outcome.DECLINED;
    }

    private Outcome reportAgain(Payment payment, String taskToken) {
        switch (payment.status()) {
            case SUCCEEDED -> successes.report(payment, taskToken, false);
            case FAILED -> workflow.paymentFailed(taskToken, CheckoutWorkflow.PAYMENT_DECLINED, payment.failureCode() == null ? "declined" : payment.failureCode());
            case CANCELLED -> workflow.paymentFailed(taskToken, CheckoutWorkflow.PAYMENT_DECLINED, "canceled");
            case PENDING -> throw new IllegalStateException("not final: " + payment.paymentId());
        }
        return Outcome.ALREADY_SETTLED;
    }
}
