package dev.checkout.aws.dynamodb;

import dev.checkout.domain.StorageUnavailableException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Runs {@code TransactWriteItems}. A transaction cancelled because another one touched the same
 * items is retried with jittered backoff (the SDK does not retry cancellations); one cancelled by a
 * condition is reported to the caller, who knows what each condition meant.
 */
final class Transactions {
    private static final int MAX_CONFLICT_RETRIES = 12;
    private static final int MAX_SIDESTEPS = 8;

    private final DynamoDbClient client;
    private final Ticker ticker;

    Transactions(DynamoDbClient client) {
        this(client, Ticker.SYSTEM);
    }

    Transactions(DynamoDbClient client, Ticker ticker) {
        this.client = client;
        this.ticker = ticker;
    }

    /** Empty when the transaction was written; else the cancellation reasons, one per item. */
    List<CancellationReason> write(List<TransactWriteItem> items) {
        return write(() -> items, reasons -> false);
    }

    /**
     * As {@link #write(List)}, for a transaction that may go elsewhere: after a conflict or a throttle,
     * {@code movedAway} is asked first, and when it moved the transaction to other items (a sharded stock line to
     * another shard) the new {@code items} are written at once, with no backoff, at most
     * {@value #MAX_SIDESTEPS} times.
     */
    List<CancellationReason> write(Supplier<List<TransactWriteItem>> items, Predicate<List<CancellationReason>> movedAway) {
        int sidesteps = 0;
        for (int attempt = 0; ; attempt++) {
            try {
                List<TransactWriteItem> current = items.get();
                client.transactWriteItems(r -> r.transactItems(current));
                return List.of();
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = DynamoDbErrors.reasons(e);
                boolean conditionFailed = reasons.stream().anyMatch(r -> DynamoDbErrors.CONDITIONAL_CHECK_FAILED.equals(r.code()));
                if (conditionFailed || !DynamoDbErrors.isConflict(reasons)) {
                    if (!conditionFailed) {
                        throw DynamoDbErrors.translate(e);
                    }
                    return reasons;
                }
                if (sidesteps < MAX_SIDESTEPS && movedAway.test(reasons)) {
                    sidesteps++;
                    attempt--;
                    continue;
                }
                if (attempt == MAX_CONFLICT_RETRIES) {
                    throw new StorageUnavailableException("transaction kept conflicting with concurrent writes", e);
                }
                backOff(attempt);
            } catch (SdkException e) {
                throw DynamoDbErrors.translate(e);
            }
        }
    }

    private void backOff(int attempt) {
        long ceiling = Math.min(200, 5L << Math.min(attempt, 6));
        ticker.pause(ThreadLocalRandom.current().nextLong(1, ceiling + 1) * 1_000_000L);
    }
}
