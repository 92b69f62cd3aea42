package dev.checkout.aws.dynamodb;

import dev.checkout.domain.StorageUnavailableException;

/**
 * The time the adapters retry and remember by: the system's in a function, a virtual one in a simulation
 * (infrastructure/flashsale), so that the same retry and memory code runs in both.
 */
public interface Ticker {
    /** Nanoseconds from an arbitrary origin, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Waits {@code nanos} nanoseconds before a retry. */
    void pause(long nanos);

    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void pause(long nanos) {
            try {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageUnavailableException("interrupted while waiting to retry", e);
            }
        }
    };
}
