package dev.checkout.application;

import dev.checkout.domain.IdempotencyKeyReusedException;
import dev.checkout.domain.IdempotencyKeyTakenException;
import dev.checkout.domain.IdempotencyRecord;
import dev.checkout.domain.Money;
import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.Payment;
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
import dev.checkout.port.PaymentRepository;
import dev.checkout.port.RefundRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Gives money back on an admin's request. A refund is first stored (pending, its amount held on the
 * order, with the request's idempotency record, in one transaction), then sent to the provider
 * ({@link SendRefund}); the provider's event settles it ({@link SettleRefund}). The order's hold is what
 * keeps the refunds of an order at or below what was captured, whatever runs concurrently.
 */
public final class RefundOrder {
    static final Duration IDEMPOTENCY_TTL = Duration.ofHours(24);
    private static final int VERSION_ATTEMPTS = 5;
    /**
     * The request of {@link #refundWhatIsLeft}: everything still refundable, whatever the reason says. Its text is
     * "compensation" because the compensation's idempotency records have always been stored with that hash.
     */
    private static final String WHAT_IS_LEFT = sha256("compensation");

    private final OrderRepository orders;
    private final PaymentRepository payments;
    private final RefundRepository refunds;
    private final IdempotencyStore idempotency;
    private final SendRefund sendRefund;
    private final IdGenerator ids;
    private final Clock clock;

    public RefundOrder(OrderRepository orders, PaymentRepository payments, RefundRepository refunds, IdempotencyStore idempotency,
                       SendRefund sendRefund, IdGenerator ids, Clock clock) {
        this.orders = orders;
        this.payments = payments;
        this.refunds = refunds;
        this.idempotency = idempotency;
        this.sendRefund = sendRefund;
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
     * Refunds everything still refundable on the order, once per {@code scopedKey} however often it is
     * called; empty when nothing is left.
     *
     * @throws StateConflictException when the order was never paid
     */
    public Optional<Refund> refundWhatIsLeft(OrderId orderId, String reason, String scopedKey) {
        return refund(orderId, null, reason, scopedKey, WHAT_IS_LEFT);
    }

    private Optional<Refund> refund(OrderId orderId, Long amount, String reason, String scopedKey, String requestHash) {
        Optional<Refund> replay = replay(orderId, scopedKey, requestHash);
        if (replay.isPresent()) {
            return replay.map(sendRefund::send);
        }
        return ConflictRetries.retry(VERSION_ATTEMPTS, VersionConflictException.class, attempt -> {
            Order order = orders.find(orderId).orElseThrow(() -> new NotFoundException("no order " + orderId));
            Money value = amount == null ? order.refundable() : Money.of(amount, order.currency());
            if (amount == null && value.isZero()) {
                order.requireRefundable();
                return Optional.<Refund>empty();
            }
            Order held = order.reserveRefund(value, clock.now());
            Payment payment = capturedPayment(orderId);
            Refund refund = Refund.pending(ids.newRefundId(clock.now()), orderId, payment.paymentId(), payment.provider(), value, reason, clock.now());
            var record = new IdempotencyRecord(scopedKey, requestHash, refund.refundId().value(), clock.now(), clock.now().plus(IDEMPOTENCY_TTL));
            try {
                refunds.create(refund, held, record);
                return Optional.of(sendRefund.send(refund));
            } catch (IdempotencyKeyTakenException concurrentTwin) {
                return replay(orderId, scopedKey, requestHash).map(sendRefund::send);
            }
        });
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

    private Payment capturedPayment(OrderId orderId) {
        return payments.findByOrder(orderId).stream()
                .filter(p -> p.status() == PaymentStatus.SUCCEEDED && p.providerReference() != null)
                .findFirst()
                .orElseThrow(() -> new StateConflictException("order " + orderId + " has no captured payment to refund"));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
