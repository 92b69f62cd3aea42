package dev.checkout.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What a request with an idempotency key produced. {@code key} is already scoped (operation and
 * caller), {@code requestHash} fingerprints the request body, {@code resourceId} names what the
 * first request created. Expires at {@code expiresAt}; storage purges it after that.
 */
public record IdempotencyRecord(String key, String requestHash, String resourceId, Instant createdAt, Instant expiresAt) {
    public IdempotencyRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(requestHash, "requestHash");
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(createdAt, "createdAt");
        Text.requireValid(key, "the idempotency key");
        Text.requireValid(requestHash, "the request hash");
        Text.requireValid(resourceId, "the resource id");
        // Expiry is kept in whole seconds, the unit of DynamoDB's TTL.
        expiresAt = Objects.requireNonNull(expiresAt, "expiresAt").truncatedTo(ChronoUnit.SECONDS);
    }

    public boolean matches(String otherRequestHash) {
        return requestHash.equals(otherRequestHash);
    }
}
