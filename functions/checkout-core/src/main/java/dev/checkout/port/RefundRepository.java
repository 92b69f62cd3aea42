package dev.checkout.port;

import dev.checkout.domain.IdempotencyRecord;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.Refund;
import dev.checkout.domain.RefundId;
import dev.checkout.domain.StorageUnavailableException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Refunds. Each write carries the order change it implies, so amounts and status never drift apart. */
public interface RefundRepository {

    /**
     * Stores a pending refund, the order holding its amount, and the request's idempotency record
     * (when given), all or nothing.
     *
     * @throws dev.checkout.domain.VersionConflictException when the order changed since it was read
     * @throws dev.checkout.domain.IdempotencyKeyTakenException when the key is already stored
     */
    void create(Refund refund, Order orderWithHold, IdempotencyRecord idempotency);

    Optional<Refund> find(OrderId orderId, RefundId refundId);

    /**
     * {@code refund} as it is stored now, e.g. after a conditional write found it changed.
     *
     * @throws StorageUnavailableException when it is no longer stored (refunds are never deleted)
     */
    default Refund reload(Refund refund) {
        return find(refund.orderId(), refund.refundId())
                .orElseThrow(() -> new StorageUnavailableException("refund " + refund.refundId() + " disappeared"));
    }

    List<Refund> findByOrder(OrderId orderId);

    Optional<Refund> findByProviderReference(String provider, String providerReference);

    /**
     * Pending refunds the provider has no reference for (never sent, or sent without an answer), stored
     * before {@code cutoff}, oldest first.
     */
    List<Refund> findUnsentCreatedBefore(Instant cutoff, int limit);

    /**
     * Pending refunds the provider gave a reference for (it accepted them) that were last changed before
     * {@code cutoff} and are still not settled, oldest first: their settling word was lost (the sender
     * failed after the provider answered, or the provider's event never came).
     */
    List<Refund> findSentUnsettledBefore(Instant cutoff, int limit);

    /** Records the provider's reference on a refund. */
    void update(Refund refund);

    /**
     * Stores a refund's final status and the order change it implies, if the refund is still pending
     * and the order still at the version read.
     *
     * @throws dev.checkout.domain.StateConflictException when the refund was already settled
     * @throws dev.checkout.domain.VersionConflictException when the order changed since it was read
     */
    void settle(Refund settled, Order orderUpdate);
}
