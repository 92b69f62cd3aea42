package dev.checkout.application;

import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentDeclinedException;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentProviderUnavailableException;
import dev.checkout.domain.PaymentStatus;
import dev.checkout.domain.StateConflictException;
import dev.checkout.domain.ValidationException;
import dev.checkout.port.CheckoutWorkflow;
import dev.checkout.port.Clock;
import dev.checkout.port.OrderRepository;
import dev.checkout.port.PaymentProvider;
import dev.checkout.port.PaymentProvider.ChargeRequest;
import dev.checkout.port.PaymentProvider.ProviderPayment;
import dev.checkout.port.PaymentRepository;

/**
 * Charges an order for the workflow's {@code RequestPayment} step. The payment record is written
 * (pending, with the step's task token) before the provider is called, and the call carries the
 * payment id as idempotency key: running this twice charges once.
 *
 * <p>Outcomes reach the workflow as its task result: success resumes it, a decline fails the step with
 * {@link PaymentDeclinedException}'s name. A payment waiting for the customer stays pending: its webhook
 * or the step's timeout decides. A provider outage is thrown, so that the queue delivers the message
 * again; on the last delivery the step is failed with {@link PaymentProviderUnavailableException}'s name.
 */
public final class RequestCharge {
    public static final String DECLINED = PaymentDeclinedException.class.getName();
    public static final String UNAVAILABLE = PaymentProviderUnavailableException.class.getName();
    public static final String CONFLICT = StateConflictException.class.getName();

    private final OrderRepository orders;
    private final PaymentRepository payments;
    private final PaymentProvider provider;
    private final CheckoutWorkflow workflow;
    private final SuccessReport successes;
    private final PaymentTransitions transitions;
    private final Clock clock;

    public RequestCharge(OrderRepository orders, PaymentRepository payments, PaymentProvider provider, CheckoutWorkflow workflow,
                         RefundOrder refunds, Clock clock) {
        this.orders = orders;
        this.payments = payments;
        this.provider = provider;
        this.workflow = workflow;
        this.successes = new SuccessReport(orders, workflow, refunds);
        this.transitions = new PaymentTransitions(payments);
        this.clock = clock;
    }

    /**
     * One charge-queue message. {@code receiveCount} is how often the queue has delivered it (1 the first
     * time), {@code maxReceives} how often it may before it goes to the dead-letter queue.
     */
    public record Command(OrderId orderId, int attempt, String taskToken, int receiveCount, int maxReceives) {
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
        /** The order is no longer awaiting payment (cancelled meanwhile); nothing was charged. */
        ORDER_NOT_PAYABLE,
        /** An earlier delivery had settled the payment; its outcome was reported again. */
        ALREADY_SETTLED
    }

    public Outcome charge(Command command) {
        PaymentId paymentId = PaymentId.of(command.orderId(), command.attempt());
        var existing = payments.find(paymentId);
        if (existing.isPresent() && existing.get().status().isFinal()) {
            reportAgain(existing.get(), command.taskToken());
            return Outcome.ALREADY_SETTLED;
        }
        Order order = orders.find(command.orderId()).orElse(null);
        if (order == null || order.status() != OrderStatus.PENDING_PAYMENT) {
            String cause = order == null ? "order " + command.orderId() + " does not exist" : "order " + order.orderId() + " is " + order.status();
            workflow.paymentFailed(command.taskToken(), CONFLICT, cause);
            return Outcome.ORDER_NOT_PAYABLE;
        }
        Payment payment = existing.orElseGet(() -> create(paymentId, order, command.taskToken()));
        if (order.paymentMethod().isEmpty()) {
            return declined(payment, command.taskToken(), new PaymentDeclinedException("order has no payment method", "payment_method_missing", null, null));
        }
        ProviderPayment result;
        try {
            result = provider.charge(new ChargeRequest(paymentId, order.orderId(), payment.amount(), order.paymentMethod().get()));
        } catch (PaymentDeclinedException declined) {
            return declined(payment, command.taskToken(), declined);
        } catch (PaymentProviderUnavailableException unavailable) {
            if (command.isLastDelivery()) {
                workflow.paymentFailed(command.taskToken(), UNAVAILABLE,
                        "the payment provider stayed unavailable over " + command.receiveCount() + " deliveries");
            }
            throw unavailable;
        }
        return switch (result.status()) {
            case SUCCEEDED -> {
                var moved = transitions.apply(payment, p -> withReference(p, result.reference()).succeed(clock.now()));
                if (moved.payment().status() == PaymentStatus.SUCCEEDED) {
                    successes.report(moved.payment(), command.taskToken(), moved.changed());
                }
                yield Outcome.SUCCEEDED;
            }
            case PENDING -> {
                transitions.apply(payment, p -> withReference(p, result.reference()));
                yield Outcome.AWAITING_CUSTOMER;
            }
            case FAILED, CANCELED -> declined(payment, command.taskToken(),
                    new PaymentDeclinedException("the provider reports the payment " + result.status(),
                            result.failureCode() == null ? result.status().name().toLowerCase() : result.failureCode(), result.reference(), null));
        };
    }

    private Payment create(PaymentId id, Order order, String taskToken) {
        Payment pending = Payment.pending(id, provider.name(), order.total(), order.paymentMethod().orElse(null), taskToken, clock.now());
        if (payments.create(pending)) {
            return pending;
        }
        // Another delivery created it first; continue with that record (same idempotency key).
        return transitions.reload(id);
    }

    private Outcome declined(Payment payment, String taskToken, PaymentDeclinedException declined) {
        String code = declined.declineCode();
        var moved = transitions.apply(payment, p -> withReference(p, declined.providerReference()).fail(code, clock.now()));
        if (moved.payment().status() == PaymentStatus.SUCCEEDED) {
            // A success was recorded first (the provider's truth arrived by webhook); it stands.
            successes.report(moved.payment(), taskToken, false);
            return Outcome.SUCCEEDED;
        }
        workflow.paymentFailed(taskToken, DECLINED, code);
        return Outcome.DECLINED;
    }

    private void reportAgain(Payment payment, String taskToken) {
        switch (payment.status()) {
            case SUCCEEDED -> successes.report(payment, taskToken, false);
            case FAILED -> workflow.paymentFailed(taskToken, DECLINED, payment.failureCode() == null ? "declined" : payment.failureCode());
            case CANCELLED -> workflow.paymentFailed(taskToken, DECLINED, "canceled");
            case PENDING -> throw new IllegalStateException("not final: " + payment.paymentId());
        }
    }

    static Payment withReference(Payment payment, String reference) {
        if (reference == null || reference.equals(payment.providerReference())) {
            return payment;
        }
        return payment.withProviderReference(reference, payment.updatedAt());
    }
}
