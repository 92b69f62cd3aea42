package dev.checkout.local.cloud;

import static dev.checkout.local.services.SamTemplate.asList;
import static dev.checkout.local.services.SamTemplate.asMap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What each function of the template may call on AWS, read from its {@code Policies}: the SAM policy
 * templates the template uses, inline statements and the template's managed policies it attaches by {@code Ref}, each action with the resources it is granted on,
 * resolved against the local cloud's resources. The local cloud enforces no IAM (nor does LocalStack by
 * default), so a call the deployed role would refuse passes here unnoticed; checking what the functions'
 * calls really asked for ({@link SdkCallMeter#accessesByFunction()}) against this finds it.
 *
 * <p>Allow statements only (the template has no Deny), and no conditions. IAM grants the task-token
 * actions of Step Functions only on {@code "*"}: their calls act on {@code *} (see {@link AwsAccess}),
 * which a statement scoped to a state machine does not match.
 */
public final class FunctionPermissions {
    /** The SAM policy templates the template uses: their actions and resources (samtranslator's policy_templates.json). */
    static final Map<String, PolicyTemplate> POLICY_TEMPLATES = Map.of(
            "DynamoDBCrudPolicy", PolicyTemplate.dynamoDb("dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:Scan",
                    "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem", "dynamodb:DescribeTable",
                    "dynamodb:ConditionCheckItem"),
            "DynamoDBReadPolicy", PolicyTemplate.dynamoDb("dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:BatchGetItem",
                    "dynamodb:DescribeTable"),
            "DynamoDBWritePolicy", PolicyTemplate.dynamoDb("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"),
            "SQSPollerPolicy", new PolicyTemplate("QueueName", List.of("arn:aws:sqs:%2$s:%3$s:%1$s"), List.of("sqs:ChangeMessageVisibility",
                    "sqs:ChangeMessageVisibilityBatch", "sqs:DeleteMessage", "sqs:DeleteMessageBatch", "sqs:GetQueueAttributes", "sqs:ReceiveMessage")),
            "SQSSendMessagePolicy", new PolicyTemplate("QueueName", List.of("arn:aws:sqs:%2$s:%3$s:%1$s"), List.of("sqs:SendMessage*")),
            "StepFunctionsExecutionPolicy", new PolicyTemplate("StateMachineName", List.of("arn:aws:states:%2$s:%3$s:stateMachine:%1$s"),
                    List.of("states:StartExecution")),
            "AWSSecretsManagerGetSecretValuePolicy", new PolicyTemplate("SecretArn", List.of("%1$s"), List.of("secretsmanager:GetSecretValue")),
            "LambdaInvokePolicy", new PolicyTemplate("FunctionName", List.of("arn:aws:lambda:%2$s:%3$s:function:%1$s*"), List.of("lambda:InvokeFunction")));

    /**
     * A SAM policy template: the parameter naming its resource, the resource ARNs as format strings
     * ({@code %1$s} the parameter's value, {@code %2$s} the region, {@code %3$s} the account) and the actions.
     */
    record PolicyTemplate(String parameter, List<String> resources, List<String> actions) {
        static PolicyTemplate dynamoDb(String... actions) {
            return new PolicyTemplate("TableName", List.of("arn:aws:dynamodb:%2$s:%3$s:table/%1$s", "arn:aws:dynamodb:%2$s:%3$s:table/%1$s/index/*"),
                    List.of(actions));
        }
    }

    /** One Allow: action patterns on resource patterns ({@code *} and {@code ?} as IAM reads them). */
    record Grant(List<String> actions, List<String> resources) {
        boolean allows(String action, String resource) {
            return actions.stream().anyMatch(pattern -> matches(pattern.toLowerCase(Locale.ROOT), action.toLowerCase(Locale.ROOT)))
                    && resources.stream().anyMatch(pattern -> matches(pattern, resource));
        }
    }

    private final Map<String, List<Grant>> grants;

    private FunctionPermissions(Map<String, List<Grant>> grants) {
        this.grants = grants;
    }

    /** The template's functions' permissions, their resources resolved against {@code resources}. */
    static FunctionPermissions of(CloudResources resources) {
        var grants = new HashMap<String, List<Grant>>();
        resources.template().resourcesOfType("AWS::Serverless::Function").forEach((id, properties) -> {
            Object policies = properties.get("Policies");
            grants.put(id, policies == null ? List.of() : grants(id, policies, resources));
        });
        return new FunctionPermissions(grants);
    }

    /** The actions {@code functionLogicalId}'s role is granted on some resource, e.g. {@code dynamodb:GetItem} or {@code sqs:SendMessage*}. */
    public Set<String> allowed(String functionLogicalId) {
        var actions = new TreeSet<String>();
        grants.getOrDefault(functionLogicalId, List.of()).forEach(grant -> actions.addAll(grant.actions()));
        return actions;
    }

    /**
     * What the functions' roles would refuse, from {@link SdkCallMeter#accessesByFunction()}
     * ({@code "ChargeFunction states:SendTaskHeartbeat *"}), as {@code "ChargeFunction: states:SendTaskHeartbeat on *"}.
     */
    public List<String> refused(Set<String> accessesByFunction) {
        var refused = new TreeSet<String>();
        for (String access : accessesByFunction) {
            String[] parts = access.split(" ", 3);
            List<Grant> granted = grants.getOrDefault(parts[0], List.of());
            if (granted.stream().noneMatch(grant -> grant.allows(parts[1], parts[2]))) {
                refused.add(parts[0] + ": " + parts[1] + " on " + parts[2]);
            }
        }
        return List.copyOf(refused);
    }

    private static List<Grant> grants(String function, Object policies, CloudResources resources) {
        var grants = new ArrayList<Grant>();
        for (Object policy : asList(policies)) {
            if (!(policy instanceof Map<?, ?>)) {
                throw new IllegalArgumentException(function + " uses the managed policy " + policy + ", which this check does not know");
            }
            asMap(policy).forEach((name, parameters) -> {
                if (name.equals("Statement")) {
                    for (Object statement : asList(parameters)) {
                        granted(asMap(statement), resources).ifPresent(grants::add);
                    }
                } else if (name.equals("Ref") && resources.template().resourcesOfType("AWS::IAM::ManagedPolicy").containsKey(String.valueOf(parameters))) {
                    // A managed policy of the template, attached by !Ref: its document's statements.
                    Map<String, Object> managed = resources.template().resourcesOfType("AWS::IAM::ManagedPolicy").get(String.valueOf(parameters));
                    for (Object statement : asList(asMap(managed.get("PolicyDocument")).get("Statement"))) {
                        granted(asMap(statement), resources).ifPresent(grants::add);
                    }
                } else if (POLICY_TEMPLATES.containsKey(name)) {
                    PolicyTemplate template = POLICY_TEMPLATES.get(name);
                    String value = resources.resolveString(asMap(parameters).get(template.parameter()));
                    grants.add(new Grant(template.actions(), template.resources().stream()
                            .map(arn -> String.format(arn, value, CloudResources.REGION, CloudResources.ACCOUNT)).toList()));
                } else {
                    throw new IllegalArgumentException(function + " uses the policy template " + name + ", which this check does not know");
                }
            });
        }
        return grants;
    }

    private static Optional<Grant> granted(Map<String, Object> statement, CloudResources resources) {
        if (!"Allow".equals(statement.get("Effect"))) {
            return Optional.empty();
        }
        Object actions = statement.get("Action");
        Object resolved = resources.resolve(statement.get("Resource"));
        return Optional.of(new Grant(strings(actions), strings(resolved)));
    }

    private static List<String> strings(Object value) {
        return (value instanceof List<?> list ? list : List.of(value)).stream().map(String::valueOf).toList();
    }

    /** IAM's wildcard match: {@code *} any run of characters, {@code ?} any one. */
    static boolean matches(String pattern, String value) {
        var regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return value.matches(regex.toString());
    }
}
