package dev.checkout.aws.dynamodb;

import dev.checkout.domain.StorageUnavailableException;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Turns the SDK's DynamoDB failures into the domain's errors, inside the adapter. */
final class DynamoDbErrors {
    static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";
    static final String TRANSACTION_CONFLICT = "TransactionConflict";
    private static final Set<String> TRANSIENT_CODES = Set.of(
            "ProvisionedThroughputExceededException", "RequestLimitExceeded", "ThrottlingException",
            "InternalServerError", "InternalServerErrorException", "ServiceUnavailable", "TransactionInProgressException");

    private DynamoDbErrors() {
    }

    /** A throttle, a server fault or a network failure: a retry may succeed. */
    static boolean isTransient(SdkException e) {
        if (e instanceof SdkClientException || e instanceof ProvisionedThroughputExceededException
                || e instanceof RequestLimitExceededException || e instanceof InternalServerErrorException) {
            return true;
        }
        if (e instanceof DynamoDbException ddb && ddb.awsErrorDetails() != null) {
            return TRANSIENT_CODES.contains(ddb.awsErrorDetails().errorCode()) || ddb.statusCode() >= 500;
        }
        return false;
    }

    /** The domain's error for a failure no adapter rule handled: transient or a programming error. */
    static RuntimeException translate(SdkException e) {
        if (isTransient(e)) {
            return new StorageUnavailableException("the table is unavailable: " + e.getClass().getSimpleName(), e);
        }
        return e;
    }

    static List<CancellationReason> reasons(TransactionCanceledException e) {
        return e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
    }

    static boolean failedCondition(List<CancellationReason> reasons, int index) {
        return index < reasons.size() && CONDITIONAL_CHECK_FAILED.equals(reasons.get(index).code());
    }

    /** Another transaction touched the same items at the same time; retrying is safe. */
    static boolean isConflict(List<CancellationReason> reasons) {
        return reasons.stream().anyMatch(DynamoDbErrors::isConflict);
    }

    /** This item was busy: another transaction had it, or it was throttled. */
    static boolean isConflict(CancellationReason reason) {
        return TRANSACTION_CONFLICT.equals(reason.code()) || "ThrottlingError".equals(reason.code());
    }
}
