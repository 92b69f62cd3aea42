package dev.checkout.port;

import dev.checkout.domain.IdempotencyRecord;
import java.util.Optional;

/**
 * Idempotency records. They are written inside the transaction of the change they protect (see
 * {@link OrderRepository#create}); this port reads them back, ignoring expired ones.
 */
public interface IdempotencyStore {
    Optional<IdempotencyRecord> find(String key);
}
