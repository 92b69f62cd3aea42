package dev.checkout.local.cloud;

import static dev.checkout.local.services.SamTemplate.asList;
import static dev.checkout.local.services.SamTemplate.asMap;

import dev.checkout.local.services.SamTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What each function of the template may call on AWS, read from its {@code Policies}: the SAM policy
 * templates the template uses and inline statements. The local cloud enforces no IAM (nor does
 * LocalStack by default), so a call the deployed role would refuse passes here unnoticed; checking the
 * calls the functions really made ({@link SdkCallMeter#callsByFunction()}) against this finds it.
 *
 * <p>Actions only, not resources, with one exception: IAM grants the task-token actions of Step
 * Functions only with {@code "Resource": "*"}, so a statement scoped to a state machine does not grant them.
 */
public final class FunctionPermissions {
    /** The actions of the SAM policy templates the template uses (samtranslator's policy_templates.json). */
    static final Map<String, List<String>> POLICY_TEMPLATES = Map.of(
            "DynamoDBCrudPolicy", List.of("dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:Scan", "dynamodb:Query",
                    "dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem", "dynamodb:DescribeTable", "dynamodb:ConditionCheckItem"),
            "DynamoDBReadPolicy", List.of("dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:DescribeTable"),
            "DynamoDBWritePolicy", List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"),
            "SQSPollerPolicy", List.of("sqs:ChangeMessageVisibility", "sqs:ChangeMessageVisibilityBatch", "sqs:DeleteMessage",
                    "sqs:DeleteMessageBatch", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"),
            "SQSSendMessagePolicy", List.of("sqs:SendMessage*"),
            "StepFunctionsExecutionPolicy", List.of("states:StartExecution"),
            "AWSSecretsManagerGetSecretValuePolicy", List.of("secretsmanager:GetSecretValue"),
            "LambdaInvokePolicy", List.of("lambda:InvokeFunction"));

    static final Set<String> GRANTED_ON_ANY_RESOURCE_ONLY = Set.of("states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat");

    private static final Map<String, String> IAM_PREFIX = Map.of(
            "dynamodb", "dynamodb", "sqs", "sqs", "sfn", "states", "secretsmanager", "secretsmanager", "lambda", "lambda");

    private final Map<String, Set<String>> allowed;

    private FunctionPermissions(Map<String, Set<String>> allowed) {
        this.allowed = allowed;
    }

    public static FunctionPermissions of(SamTemplate template) {
        var allowed = new HashMap<String, Set<String>>();
        template.resourcesOfType("AWS::Serverless::Function").forEach((id, properties) -> {
            Object policies = properties.get("Policies");
            allowed.put(id, policies == null ? Set.of() : actions(id, policies));
        });
        return new FunctionPermissions(allowed);
    }

    /** The actions {@code functionLogicalId}'s role is granted, e.g. {@code dynamodb:GetItem} or {@code sqs:SendMessage*}. */
    public Set<String> allowed(String functionLogicalId) {
        return allowed.getOrDefault(functionLogicalId, Set.of());
    }

    /**
     * The calls the functions' roles would be refused, from {@link SdkCallMeter#callsByFunction()}'s keys
     * ({@code "ChargeFunction Sfn.SendTaskHeartbeat"}), as {@code "ChargeFunction: states:SendTaskHeartbeat"}.
     */
    public List<String> refused(Set<String> callsByFunction) {
        var refused = new TreeSet<String>();
        for (String call : callsByFunction) {
            String[] parts = call.split(" ", 2);
            int dot = parts[1].indexOf('.');
            for (String action : actions(parts[1].substring(0, dot), parts[1].substring(dot + 1))) {
                if (!grants(allowed(parts[0]), action)) {
                    refused.add(parts[0] + ": " + action);
                }
            }
        }
        return List.copyOf(refused);
    }

    /** The IAM actions an SDK operation needs. A transaction is authorized item by item, as the writes it holds. */
    static List<String> actions(String service, String operation) {
        String prefix = IAM_PREFIX.get(service.toLowerCase(Locale.ROOT));
        if (prefix == null) {
            throw new IllegalArgumentException("no IAM prefix known for the SDK service " + service);
        }
        if (prefix.equals("dynamodb") && operation.equals("TransactWriteItems")) {
            return List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem");
        }
        if (prefix.equals("dynamodb") && operation.equals("TransactGetItems")) {
            return List.of("dynamodb:GetItem");
        }
        return List.of(prefix + ":" + operation);
    }

    private static boolean grants(Set<String> granted, String action) {
        for (String pattern : granted) {
            if (pattern.endsWith("*") ? action.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(action)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> actions(String function, Object policies) {
        var actions = new TreeSet<String>();
        for (Object policy : asList(policies)) {
            if (!(policy instanceof Map<?, ?>)) {
                throw new IllegalArgumentException(function + " uses the managed policy " + policy + ", which this check does not know");
            }
            asMap(policy).forEach((name, parameters) -> {
                if (name.equals("Statement")) {
                    for (Object statement : asList(parameters)) {
                        actions.addAll(granted(asMap(statement)));
                    }
                } else if (POLICY_TEMPLATES.containsKey(name)) {
                    actions.addAll(POLICY_TEMPLATES.get(name));
                } else {
                    throw new IllegalArgumentException(function + " uses the policy template " + name + ", which this check does not know");
                }
            });
        }
        return actions;
    }

    private static List<String> granted(Map<String, Object> statement) {
        if (!"Allow".equals(statement.get("Effect"))) {
            return List.of();
        }
        Object resource = statement.get("Resource");
        boolean anyResource = "*".equals(resource) || (resource instanceof List<?> list && list.contains("*"));
        var granted = new ArrayList<String>();
        Object action = statement.get("Action");
        for (Object each : action instanceof List<?> list ? list : List.of(action)) {
            String name = String.valueOf(each);
            if (anyResource || !GRANTED_ON_ANY_RESOURCE_ONLY.contains(name)) {
                granted.add(name);
            }
        }
        return granted;
    }
}
