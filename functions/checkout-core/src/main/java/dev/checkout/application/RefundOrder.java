package dev.checkout.application;

import dev.checkout.domain.IdempotencyKeyReusedException;
import dev.checkout.domain.IdempotencyKeyTakenException;
import dev.checkout.domain.IdempotencyRecord;
import dev.checkout.domain.Money;
import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentDeclinedException;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentStatus;
import dev.checkout.domain.Refund;
import dev.checkout.domain.RefundExceedsCapturedException;
import dev.checkout.domain.RefundId;
import dev.checkout.domain.StateConflictException;
import dev.checkout.domain.StorageUnavailableException;
import dev.checkout.domain.Text;
import dev.checkout.domain.ValidationException;
import dev.checkout.domain.VersionConflictException;
import dev.checkout.port.Clock;
import dev.checkout.port.IdGenerator;
import dev.checkout.port.IdempotencyStore;
import dev.checkout.port.OrderRepository;
import dev.checkout.port.PaymentProvider;
import dev.checkout.port.PaymentProvider.ProviderRefund;
import dev.checkout.port.PaymentProvider.RefundRequest;
import dev.checkout.port.PaymentRepository;
import dev.checkout.port.RefundRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Gives money back. A refund is first stored (pending, its amount held on the order, with the
 * request's idempotency record, in one transaction), then sent to the provider with the refund id as
 * idempotency key; the provider's event settles it. The order's hold is what keeps the refunds of an
 * order at or below what was captured, whatever runs concurrently.
 *
 * <p>Also the compensation of a payment that must not stand (the order could not be confirmed, or was
 * cancelled while the payment went through): {@link #compensate} refunds what is left, harmless when
 * repeated or when nothing was captured.
 */
public final class RefundOrder {
    static final Duration IDEMPOTENCY_TTL = Duration.ofHours(24);
    private static final int VERSION_ATTEMPTS = 5;

    private final OrderRepository orders;
    private final PaymentRepository payments;
    private final RefundRepository refunds;
    private final IdempotencyStore idempotency;
    private final PaymentProvider provider;
    private final IdGenerator ids;
    private final Clock clock;

    public RefundOrder(OrderRepository orders, PaymentRepository payments, RefundRepository refunds, IdempotencyStore idempotency,
                       PaymentProvider provider, IdGenerator ids, Clock clock) {
        this.orders = orders;
        this.payments = payments;
        this.refunds = refunds;
        this.idempotency = idempotency;
        this.provider = provider;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * An admin's refund. {@code amount} in minor units of the order's currency; null refunds all that
     * is still refundable. The idempotency key is scoped to the order.
     */
    public record Command(OrderId orderId, Long amount, String reason, String idempotencyKey) {
        public Command {
            if (orderId == null) {
                throw new ValidationException("orderId is required");
            }
            if (amount != null && amount <= 0) {
                throw new ValidationException("amount must be a positive number of minor units, was " + amount);
            }
            if (reason == null || reason.isBlank()) {
                throw new ValidationException("reason is required");
            }
            if (reason.length() > Refund.MAX_REASON_LENGTH) {
                throw new ValidationException("reason must be at most " + Refund.MAX_REASON_LENGTH + " characters");
            }
            if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 255) {
                throw new ValidationException("an Idempotency-Key of 1-255 characters is required");
            }
            Text.requireValid(reason, "reason");
            Text.requireValid(idempotencyKey, "Idempotency-Key");
        }

        String scopedKey() {
            return "refund#" + orderId.value() + "#" + idempotencyKey;
        }

        String requestHash() {
            return sha256((amount == null ? "rest" : amount.toString()) + "\n" + reason);
        }
    }

    /** Stores the refund, sends it to the provider, and returns it (pending, or settled if the provider already says so). */
    public Refund refund(Command command) {
        return refund(command.orderId(), command.amount(), command.reason(), command.scopedKey(), command.requestHash())
                .orElseThrow(() -> new RefundExceedsCapturedException("nothing is left to refund on " + command.orderId()));
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
        String scopedKey = "compensation#" + orderId.value() + "#" + paymentId.value();
        return refund(orderId, null, "compensation for " + paymentId, scopedKey, sha256("compensation"));
    }

    /**
     * Sends a stored refund again, for the sweep of refunds the provider never accepted (their sender
     * failed and nothing retried it). One that was sent or settled meanwhile is left as it is.
     */
    public Refund resend(OrderId orderId, RefundId refundId) {
        return send(refunds.find(orderId, refundId).orElseThrow(() -> new NotFoundException("no refund " + refundId + " on " + orderId)));
    }

    /**
     * Applies the provider's final word on a refund: the refund and its order change together. A refund
     * already settled stays as it is.
     */
    public Refund settle(Refund refund, boolean succeeded) {
        Refund current = refund;
        for (int attempt = 1; ; attempt++) {
            if (current.status().isFinal()) {
                return current;
            }
            Order order = order(current.orderId());
            Refund settled = current.settle(succeeded, clock.now());
            try {
                refunds.settle(settled, order.settleRefund(current.amount(), succeeded, clock.now()));
                return settled;
            } catch (StateConflictException alreadySettled) {
                return reload(current);
            } catch (VersionConflictException changed) {
                if (attempt == VERSION_ATTEMPTS) {
                    throw changed;
                }
                current = reload(current);
            }
        }
    }

    private Optional<Refund> refund(OrderId orderId, Long amount, String reason, String scopedKey, String requestHash) {
        Optional<Refund> replay = replay(orderId, scopedKey, requestHash);
        if (replay.isPresent()) {
            return replay.map(this::send);
        }
        for (int attempt = 1; ; attempt++) {
            Order order = order(orderId);
            Money value = amount == null ? order.refundable() : Money.of(amount, order.currency());
            if (amount == null && value.isZero()) {
                return Optional.empty();
            }
            Order held = order.reserveRefund(value, clock.now());
            Payment payment = capturedPayment(orderId);
            Refund refund = Refund.pending(ids.newRefundId(clock.now()), orderId, payment.paymentId(), value, reason, clock.now());
            var record = new IdempotencyRecord(scopedKey, requestHash, refund.refundId().value(), clock.now(), clock.now().plus(IDEMPOTENCY_TTL));
            try {
                refunds.create(refund, held, record);
                return Optional.of(send(refund));
            } catch (IdempotencyKeyTakenException concurrentTwin) {
                return replay(orderId, scopedKey, requestHash).map(this::send);
            } catch (VersionConflictException changed) {
                if (attempt == VERSION_ATTEMPTS) {
                    throw changed;
                }
            }
        }
    }

    private Optional<Refund> replay(OrderId orderId, String scopedKey, String requestHash) {
        Optional<IdempotencyRecord> record = idempotency.find(scopedKey);
        if (record.isEmpty()) {
            return Optional.empty();
        }
        if (!record.get().matches(requestHash)) {
            throw new IdempotencyKeyReusedException("this Idempotency-Key was used for another refund request on " + orderId);
        }
        RefundId refundId = RefundId.of(record.get().resourceId());
        return Optional.of(refunds.find(orderId, refundId)
                .orElseThrow(() -> new StorageUnavailableException("refund " + refundId + " of a stored idempotency record is missing")));
    }

    /** Sends a stored refund to the provider unless it was sent; safe to repeat (the refund id is the idempotency key). */
    private Refund send(Refund refund) {
        if (refund.status().isFinal() || refund.providerReference() != null) {
            return refund;
        }
        Payment payment = payments.find(refund.paymentId())
                .orElseThrow(() -> new StateConflictException("refund " + refund.refundId() + " names unknown payment " + refund.paymentId()));
        ProviderRefund result;
        try {
            result = provider.refund(new RefundRequest(refund.refundId(), refund.orderId(), payment.paymentId(), payment.providerReference(), refund.amount()));
        } catch (PaymentDeclinedException refused) {
            return settle(refund, false);
        }
        Refund referenced = refund.withProviderReference(result.reference(), clock.now());
        try {
            refunds.update(referenced);
        } catch (StateConflictException settledMeanwhile) {
            return reload(refund);
        }
        return switch (result.status()) {
            case SUCCEEDED -> settle(referenced, true);
            case FAILED, CANCELED -> settle(referenced, false);
            case PENDING -> referenced;
        };
    }

    /** When the order was closed before its payment went through, it does not count the capture yet. */
    private void recordCapture(OrderId orderId) {
        for (int attempt = 1; ; attempt++) {
            Order order = order(orderId);
            if (order.status() == OrderStatus.PENDING_PAYMENT) {
                throw new StateConflictException("order " + orderId + " still awaits payment; it must be closed before its payment is compensated");
            }
            if (!SuccessReport.isClosed(order)) {
                return;
            }
            Money succeeded = Money.zero(order.currency());
            for (Payment p : payments.findByOrder(orderId)) {
                if (p.status() == PaymentStatus.SUCCEEDED) {
                    succeeded = succeeded.plus(p.amount());
                }
            }
            if (!succeeded.isGreaterThan(order.captured())) {
                return;
            }
            try {
                orders.update(order.recordLateCapture(succeeded.minus(order.captured()), clock.now()));
                return;
            } catch (VersionConflictException changed) {
                if (attempt == VERSION_ATTEMPTS) {
                    throw changed;
                }
            }
        }
    }

    private Payment capturedPayment(OrderId orderId) {
        return payments.findByOrder(orderId).stream()
                .filter(p -> p.status() == PaymentStatus.SUCCEEDED && p.providerReference() != null)
                .findFirst()
                .orElseThrow(() -> new StateConflictException("order " + orderId + " has no captured payment to refund"));
    }

    private Order order(OrderId orderId) {
        return orders.find(orderId).orElseThrow(() -> new NotFoundException("no order " + orderId));
    }

    private Refund reload(Refund refund) {
        return refunds.find(refund.orderId(), refund.refundId())
                .orElseThrow(() -> new StorageUnavailableException("refund " + refund.refundId() + " disappeared"));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
