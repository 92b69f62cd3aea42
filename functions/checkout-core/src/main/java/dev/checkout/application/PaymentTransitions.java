package dev.checkout.application;

import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentStatus;
import dev.checkout.domain.StateConflictException;
import dev.checkout.port.PaymentRepository;
import java.util.function.UnaryOperator;

/**
 * Moves a pending payment, guarded by the status read: of two writers racing (the charge function and
 * a webhook), one wins; the other sees the final status and changes nothing.
 */
final class PaymentTransitions {
    private static final int ATTEMPTS = 3;

    private final PaymentRepository payments;

    PaymentTransitions(PaymentRepository payments) {
        this.payments = payments;
    }

    /** What the payment is after the attempt, and whether this call changed it. */
    record Result(Payment payment, boolean changed) {
    }

    /** Applies {@code change} to the payment while it is pending; leaves a final payment as it is. */
    Result apply(Payment read, UnaryOperator<Payment> change) {
        Payment current = read;
        for (int attempt = 1; ; attempt++) {
            if (current.status().isFinal()) {
                return new Result(current, false);
            }
            Payment next = change.apply(current);
            try {
                payments.update(next, PaymentStatus.PENDING);
                return new Result(next, true);
            } catch (StateConflictException movedMeanwhile) {
                if (attempt == ATTEMPTS) {
                    throw movedMeanwhile;
                }
                current = reload(current.paymentId());
            }
        }
    }

    Payment reload(PaymentId id) {
        return payments.find(id).orElseThrow(() -> new NotFoundException("payment " + id + " disappeared"));
    }
}
