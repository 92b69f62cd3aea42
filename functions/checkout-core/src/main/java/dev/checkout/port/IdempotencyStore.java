package dev.checkout.port;

import dev.checkout.domain.IdempotencyRecord;
import java.util.Optional;

/**
 * Idempotency records. They are written inside the transaction of the change they protect (see
 * {@link OrderRepository#create}); this port reads them back, ignoring expired ones.
 */
public interface IdempotencyStore {
    Optional<IdempotencyRecord> find(String key);

    /**
     * Stores a record on its own, for a change that is not a write of this store's (e.g. messages moved
     * between queues).
     *
     * @return false when a record of that key exists already
     */
    boolean store(IdempotencyRecord record);
}
