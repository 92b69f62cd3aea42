package dev.checkout.application;

import dev.checkout.domain.Money;
import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentStatus;
import dev.checkout.domain.Refund;
import dev.checkout.domain.StateConflictException;
import dev.checkout.domain.ValidationException;
import dev.checkout.domain.VersionConflictException;
import dev.checkout.port.Clock;
import dev.checkout.port.OrderRepository;
import dev.checkout.port.PaymentRepository;
import java.util.Optional;

/**
 * The compensation of a payment that must not stand: the order could not be confirmed, or was closed
 * while the payment went through. Refunds what the payment captured and is not refunded yet, under an
 * idempotency key of its own (one compensation per payment); harmless when repeated or when nothing was
 * captured.
 */
public final class CompensatePayment {
    private static final int VERSION_ATTEMPTS = 5;

    private final OrderRepository orders;
    private final PaymentRepository payments;
    private final RefundOrder refundOrder;
    private final Clock clock;

    public CompensatePayment(OrderRepository orders, PaymentRepository payments, RefundOrder refundOrder, Clock clock) {
        this.orders = orders;
        this.payments = payments;
        this.refundOrder = refundOrder;
        this.clock = clock;
    }

    /**
     * {@link #compensate(OrderId, PaymentId)} for a payment the workflow reports as succeeded: it is
     * recorded first if the checkout never got to record it (the confirming step failed as a whole).
     */
    public Optional<Refund> compensate(Payment succeeded) {
        if (succeeded.status() != PaymentStatus.SUCCEEDED) {
            throw new ValidationException("payment " + succeeded.paymentId() + " is " + succeeded.status() + ", not SUCCEEDED");
        }
        if (!payments.create(succeeded)) {
            Payment stored = payments.find(succeeded.paymentId()).orElseThrow();
            if (stored.status() == PaymentStatus.PENDING) {
                payments.update(stored.withProviderReference(succeeded.providerReference(), clock.now()).succeed(clock.now()), PaymentStatus.PENDING);
            }
        }
        return compensate(succeeded.orderId(), succeeded.paymentId());
    }

    /**
     * Refunds what {@code paymentId} captured on the order and is not refunded yet. Records the capture
     * on the order first when the order was closed before the payment went through. Returns the
     * compensating refund, or empty when there was nothing to refund.
     */
    public Optional<Refund> compensate(OrderId orderId, PaymentId paymentId) {
        if (!paymentId.orderId().equals(orderId)) {
            throw new ValidationException("payment " + paymentId + " does not belong to " + orderId);
        }
        Optional<Payment> payment = payments.find(paymentId);
        if (payment.isEmpty() || payment.get().status() != PaymentStatus.SUCCEEDED) {
            return Optional.empty();
        }
        recordCapture(orderId);
        return refundOrder.refundWhatIsLeft(orderId, "compensation for " + paymentId, "compensation#" + orderId.value() + "#" + paymentId.value());
    }

    /** When the order was closed before its payment went through, it does not count the capture yet. */
    private void recordCapture(OrderId orderId) {
        ConflictRetries.retry(VERSION_ATTEMPTS, VersionConflictException.class, attempt -> {
            Order order = orders.find(orderId).orElseThrow(() -> new NotFoundException("no order " + orderId));
            if (order.status() == OrderStatus.PENDING_PAYMENT) {
                throw new StateConflictException("order " + orderId + " still awaits payment; it must be closed before its payment is compensated");
            }
            if (!order.isClosed()) {
                return order;
            }
            Money succeeded = Money.zero(order.currency());
            for (Payment p : payments.findByOrder(orderId)) {
                if (p.status() == PaymentStatus.SUCCEEDED) {
                    succeeded = succeeded.plus(p.amount());
                }
            }
            if (!succeeded.isGreaterThan(order.captured())) {
                return order;
            }
            Order recorded = order.recordLateCapture(succeeded.minus(order.captured()), clock.now());
            orders.update(recorded);
            return recorded;
        });
    }
}
