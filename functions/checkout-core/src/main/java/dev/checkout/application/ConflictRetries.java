package dev.checkout.application;

import java.util.function.IntFunction;

/**
 * Compare-and-retry: runs a read-decide-write {@code attempt} again when its conditional write finds that
 * another writer got there first, so that the next attempt reads what that writer left and decides again.
 * The conflict of the last attempt is thrown.
 */
final class ConflictRetries {
    private ConflictRetries() {
    }

    /**
     * @param attempts how often to run {@code attempt} at most
     * @param conflict the exception its conditional write throws on a conflict
     * @param attempt  given the attempt's number (1 for the first), reads, decides, writes and returns the result
     */
    static <T> T retry(int attempts, Class<? extends RuntimeException> conflict, IntFunction<T> attempt) {
        for (int number = 1; ; number++) {
            try {
                return attempt.apply(number);
            } catch (RuntimeException e) {
                if (!conflict.isInstance(e) || number >= attempts) {
                    throw e;
                }
            }
        }
    }
}
