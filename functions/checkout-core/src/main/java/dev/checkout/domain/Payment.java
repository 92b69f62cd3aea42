package dev.checkout.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One charge attempt for an order. Created {@code PENDING} (with the workflow's task token) before
 * the provider is called, so that a crash after the provider call still leaves a record to
 * reconcile. Status changes are guarded: a payment that reached a final status never moves again,
 * which makes duplicate and out-of-order provider events harmless. {@code nextAction} is what the customer
 * must do while the payment waits on them (scan a QR code, go to a page); it is dropped once the payment is final.
 */
public record Payment(
        PaymentId paymentId,
        OrderId orderId,
        String provider,
        String providerReference,
        PaymentStatus status,
        Money amount,
        String paymentMethod,
        String taskToken,
        String failureCode,
        NextAction nextAction,
        Instant createdAt,
        Instant updatedAt) {

    public Payment {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (!paymentId.orderId().equals(orderId)) {
            throw new ValidationException("payment " + paymentId + " does not belong to order " + orderId);
        }
        Text.requireValid(provider, "provider");
        Text.requireValid(providerReference, "the provider's payment reference");
        Text.requireValid(paymentMethod, "paymentMethod");
        Text.requireValid(taskToken, "task token");
        Text.requireValid(failureCode, "failure code");
    }

    public static Payment pending(PaymentId id, String provider, Money amount, String paymentMethod, String taskToken, Instant now) {
        return new Payment(id, id.orderId(), provider, null, PaymentStatus.PENDING, amount, paymentMethod, taskToken, null, null, now, now);
    }

    public Optional<String> providerReferenceIfKnown() {
        return Optional.ofNullable(providerReference);
    }

    public Payment withProviderReference(String reference, Instant now) {
        return new Payment(paymentId, orderId, provider, reference, status, amount, paymentMethod, taskToken, failureCode, nextAction, createdAt, now);
    }

    /**
     * The payment as the provider names it: {@code reference} recorded when the payment had none or
     * another; unchanged (the same instance) when {@code reference} is null or already recorded.
     */
    public Payment referencedAs(String reference) {
        if (reference == null || reference.equals(providerReference)) {
            return this;
        }
        return withProviderReference(reference, updatedAt);
    }

    /**
     * The payment waiting on the customer, who must do {@code action} (unchanged when it is null, or the
     * payment is final: a late answer of the provider's never brings an action back).
     */
    public Payment awaiting(NextAction action) {
        if (action == null || status.isFinal() || action.equals(nextAction)) {
            return this;
        }
        return new Payment(paymentId, orderId, provider, providerReference, status, amount, paymentMethod, taskToken, failureCode, action, createdAt, updatedAt);
    }

    /** The payment once no workflow step waits on it any more: its task token is dropped. */
    public Payment handedOver() {
        return taskToken == null ? this
                : new Payment(paymentId, orderId, provider, providerReference, status, amount, paymentMethod, null, failureCode, nextAction, createdAt, updatedAt);
    }

    public Payment succeed(Instant now) {
        return moveTo(PaymentStatus.SUCCEEDED, null, now);
    }

    public Payment fail(String code, Instant now) {
        return moveTo(PaymentStatus.FAILED, code, now);
    }

    public Payment cancel(Instant now) {
        return moveTo(PaymentStatus.CANCELLED, failureCode, now);
    }

    private Payment moveTo(PaymentStatus target, String code, Instant now) {
        if (status.isFinal()) {
            throw new IllegalTransitionException(status, target);
        }
        return new Payment(paymentId, orderId, provider, providerReference, target, amount, paymentMethod, taskToken, code, null, createdAt, now);
    }
}
