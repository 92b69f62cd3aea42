package dev.checkout.local.cloud;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * What IAM authorizes for one AWS SDK call: each action and the ARN of the resource it acts on, as
 * {@code "dynamodb:PutItem arn:aws:dynamodb:us-east-1:000000000000:table/CheckoutTable"}. A
 * transaction is authorized item by item, as the write each item holds. Actions that take no resource
 * (the Step Functions task-token calls) act on {@code *}, which only a statement on {@code "*"} grants.
 */
final class AwsAccess {
    private static final Map<String, String> IAM_PREFIX = Map.of(
            "dynamodb", "dynamodb", "sqs", "sqs", "sfn", "states", "secretsmanager", "secretsmanager", "lambda", "lambda");
    private static final String ANY = "*";

    private AwsAccess() {
    }

    static List<String> of(String service, String operation, SdkRequest request) {
        // A service not listed keeps its SDK name as the prefix: its calls then show as refused, not lost.
        String prefix = IAM_PREFIX.getOrDefault(service.toLowerCase(Locale.ROOT), service.toLowerCase(Locale.ROOT));
        return switch (prefix) {
            case "dynamodb" -> dynamoDb(operation, request);
            case "sqs" -> List.of(access("sqs:" + operation, field(request, "QueueUrl").map(AwsAccess::queueArn).orElse(ANY)));
            case "states" -> List.of(access("states:" + operation,
                    field(request, "stateMachineArn").or(() -> field(request, "executionArn")).orElse(ANY)));
            case "secretsmanager" -> List.of(access("secretsmanager:" + operation, field(request, "SecretId")
                    .map(id -> id.startsWith("arn:") ? id : CloudResources.arn("secretsmanager", "secret:" + id)).orElse(ANY)));
            case "lambda" -> List.of(access("lambda:" + operation, field(request, "FunctionName")
                    .map(name -> name.startsWith("arn:") ? name : CloudResources.functionArn(name)).orElse(ANY)));
            default -> List.of(access(prefix + ":" + operation, ANY));
        };
    }

    private static List<String> dynamoDb(String operation, SdkRequest request) {
        if (request instanceof TransactWriteItemsRequest transaction) {
            var accesses = new ArrayList<String>();
            for (TransactWriteItem item : transaction.transactItems()) {
                if (item.put() != null) {
                    accesses.add(access("dynamodb:PutItem", tableArn(item.put().tableName())));
                } else if (item.update() != null) {
                    accesses.add(access("dynamodb:UpdateItem", tableArn(item.update().tableName())));
                } else if (item.delete() != null) {
                    accesses.add(access("dynamodb:DeleteItem", tableArn(item.delete().tableName())));
                } else if (item.conditionCheck() != null) {
                    accesses.add(access("dynamodb:ConditionCheckItem", tableArn(item.conditionCheck().tableName())));
                }
            }
            return accesses;
        }
        String action = "dynamodb:" + operation;
        var tables = request.getValueForField("RequestItems", Map.class);
        if (tables.isPresent()) {
            return ((Map<?, ?>) tables.get()).keySet().stream().map(table -> access(action, tableArn(String.valueOf(table)))).toList();
        }
        String resource = field(request, "TableName")
                .map(table -> tableArn(table) + field(request, "IndexName").map(index -> "/index/" + index).orElse(""))
                .orElse(ANY);
        return List.of(access(action, resource));
    }

    private static Optional<String> field(SdkRequest request, String name) {
        return request.getValueForField(name, String.class);
    }

    private static String access(String action, String resource) {
        return action + " " + resource;
    }

    private static String tableArn(String table) {
        return CloudResources.arn("dynamodb", "table/" + table);
    }

    /** A queue URL ({@code http://host/000000000000/name}) as the queue's ARN. */
    private static String queueArn(String queueUrl) {
        return CloudResources.arn("sqs", queueUrl.substring(queueUrl.lastIndexOf('/') + 1));
    }
}
