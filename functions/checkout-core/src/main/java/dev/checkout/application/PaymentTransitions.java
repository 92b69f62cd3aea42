package dev.checkout.application;

import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentStatus;
import dev.checkout.domain.StateConflictException;
import dev.checkout.port.PaymentProvider.ProviderPayment;
import dev.checkout.port.PaymentRepository;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * Moves a pending payment, guarded by the status read: of two writers racing (the charge function and
 * a webhook), one wins; the other sees the final status and changes nothing.
 */
public final class PaymentTransitions {
    private static final int ATTEMPTS = 3;

    private final PaymentRepository payments;

    public PaymentTransitions(PaymentRepository payments) {
        this.payments = payments;
    }

    /** What the payment is after the attempt, and whether this call changed it. */
    public record Result(Payment payment, boolean changed) {
    }

    /** Applies {@code change} to the payment while it is pending; leaves a final payment as it is. */
    public Result apply(Payment read, UnaryOperator<Payment> change) {
        return ConflictRetries.retry(ATTEMPTS, StateConflictException.class, attempt -> {
            Payment current = attempt == 1 ? read : reload(read.paymentId());
            if (current.status().isFinal()) {
                return new Result(current, false);
            }
            Payment next = change.apply(current);
            payments.update(next, PaymentStatus.PENDING);
            return new Result(next, true);
        });
    }

    /**
     * Stores {@code fresh} if the payment has no record yet; otherwise applies {@code change} to the
     * stored one while it is pending. Returns the payment as it is now.
     */
    public Payment record(Payment fresh, UnaryOperator<Payment> change) {
        if (payments.create(fresh)) {
            return fresh;
        }
        return apply(reload(fresh.paymentId()), change).payment();
    }

    /**
     * The change that makes a pending payment what the provider reports of it, a final {@code seen}:
     * SUCCEEDED, FAILED (with the provider's failure code) or CANCELLED, under the provider's reference.
     */
    public static UnaryOperator<Payment> toFinal(ProviderPayment seen, Instant now) {
        return switch (seen.status()) {
            case SUCCEEDED -> p -> p.referencedAs(seen.reference()).succeed(now);
            case FAILED -> p -> p.referencedAs(seen.reference()).fail(seen.failureCode() == null ? "declined" : seen.failureCode(), now);
            case CANCELED -> p -> p.referencedAs(seen.reference()).cancel(now);
            case PENDING -> throw new IllegalArgumentException("payment " + seen.reference() + " is not final at the provider");
        };
    }

    private Payment reload(PaymentId id) {
        return payments.find(id).orElseThrow(() -> new NotFoundException("payment " + id + " disappeared"));
    }
}
