package dev.checkout.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.checkout.domain.StorageUnavailableException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;

@Tag("unit")
class DynamoDbErrorsTest {

    @Test
    void throttlingAndServerFaults_becomeStorageUnavailable_withOrWithoutErrorDetails() {
        assertInstanceOf(StorageUnavailableException.class, DynamoDbErrors.translate(
                ProvisionedThroughputExceededException.builder().message("throttled").statusCode(400).build()));
        assertInstanceOf(StorageUnavailableException.class, DynamoDbErrors.translate(
                RequestLimitExceededException.builder().message("limit").build()));
        assertInstanceOf(StorageUnavailableException.class, DynamoDbErrors.translate(
                InternalServerErrorException.builder().message("oops").statusCode(500).build()));
        assertInstanceOf(StorageUnavailableException.class, DynamoDbErrors.translate(
                DynamoDbException.builder().statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build()).build()));
        assertInstanceOf(StorageUnavailableException.class, DynamoDbErrors.translate(SdkClientException.create("connection reset")));
    }

    @Test
    void aProgrammingError_staysWhatItIs() {
        DynamoDbException invalid = (DynamoDbException) DynamoDbException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationException").build()).build();
        assertSame(invalid, DynamoDbErrors.translate(invalid));
    }
}
