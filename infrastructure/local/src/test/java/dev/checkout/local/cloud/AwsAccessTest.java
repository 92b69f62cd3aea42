package dev.checkout.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskHeartbeatRequest;
import software.amazon.awssdk.services.sfn.model.StopExecutionRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/** What IAM is asked for by an SDK call: each action with its resource's ARN. */
@Tag("integration")
class AwsAccessTest {
    private static final String TABLE = "arn:aws:dynamodb:us-east-1:000000000000:table/CheckoutTable";
    private static final Map<String, AttributeValue> KEY = Map.of("PK", AttributeValue.fromS("ORDER#1"), "SK", AttributeValue.fromS("ORDER"));

    @Test
    void aTransaction_asksForEachItemsWriteOnItsTable() {
        var transaction = TransactWriteItemsRequest.builder().transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName("CheckoutTable").item(KEY).build()).build(),
                TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName("CheckoutTable").key(KEY)
                        .conditionExpression("attribute_exists(PK)").build()).build()).build();

        assertEquals(List.of("dynamodb:PutItem " + TABLE, "dynamodb:ConditionCheckItem " + TABLE),
                AwsAccess.of("DynamoDb", "TransactWriteItems", transaction));
    }

    @Test
    void aQueryOnAnIndex_asksForTheIndex_andABatchForEachTable() {
        assertEquals(List.of("dynamodb:Query " + TABLE + "/index/GSI2"),
                AwsAccess.of("DynamoDb", "Query", QueryRequest.builder().tableName("CheckoutTable").indexName("GSI2").build()));
        assertEquals(List.of("dynamodb:BatchGetItem " + TABLE), AwsAccess.of("DynamoDb", "BatchGetItem", BatchGetItemRequest.builder()
                .requestItems(Map.of("CheckoutTable", KeysAndAttributes.builder().keys(List.of(KEY)).build())).build()));
    }

    @Test
    void queueUrlsAndExecutions_becomeArns_andTaskTokenCallsActOnAnyResource() {
        assertEquals(List.of("sqs:SendMessage arn:aws:sqs:us-east-1:000000000000:checkout-charge"), AwsAccess.of("Sqs", "SendMessage",
                SendMessageRequest.builder().queueUrl("http://127.0.0.1:9324/000000000000/checkout-charge").messageBody("{}").build()));
        String execution = "arn:aws:states:us-east-1:000000000000:execution:CheckoutStateMachine:ord_1";
        assertEquals(List.of("states:StopExecution " + execution),
                AwsAccess.of("Sfn", "StopExecution", StopExecutionRequest.builder().executionArn(execution).build()));
        assertEquals(List.of("states:SendTaskHeartbeat *"),
                AwsAccess.of("Sfn", "SendTaskHeartbeat", SendTaskHeartbeatRequest.builder().taskToken("token").build()));
    }
}
