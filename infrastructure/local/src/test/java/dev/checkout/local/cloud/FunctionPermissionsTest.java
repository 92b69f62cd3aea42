package dev.checkout.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.local.services.SamTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policies of a template, read as IAM would grant them: actions on resources. */
@Tag("integration")
class FunctionPermissionsTest {
    private static final String TABLE = "arn:aws:dynamodb:us-east-1:000000000000:table/CheckoutTable";
    private static final String CHARGE_QUEUE = "arn:aws:sqs:us-east-1:000000000000:checkout-charge";
    private static final String NOTIFICATION_QUEUE = "arn:aws:sqs:us-east-1:000000000000:checkout-notification";
    private static final String EXECUTION = "arn:aws:states:us-east-1:000000000000:execution:CheckoutStateMachine:ord_1";

    private static FunctionPermissions permissions(Path dir, String policies) throws Exception {
        Path template = dir.resolve("template.yaml");
        Files.writeString(template, """
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  ChargeFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: dev.checkout.charge.ChargeHandler::handleRequest
                      Policies:
                """ + policies.indent(8));
        return FunctionPermissions.of(resources(SamTemplate.load(template)));
    }

    /** The resources the policies refer to, registered as the local cloud registers them. */
    private static CloudResources resources(SamTemplate template) {
        var resources = new CloudResources(template, Map.of());
        resources.register("CheckoutTable", "CheckoutTable", Map.of("Arn", TABLE));
        resources.register("ChargeQueue", "http://127.0.0.1:9324/000000000000/checkout-charge",
                Map.of("Arn", CHARGE_QUEUE, "QueueName", "checkout-charge"));
        resources.register("NotificationQueue", "http://127.0.0.1:9324/000000000000/checkout-notification",
                Map.of("Arn", NOTIFICATION_QUEUE, "QueueName", "checkout-notification"));
        for (String deadLetters : List.of("ChargeDeadLetterQueue", "NotificationDeadLetterQueue")) {
            resources.register(deadLetters, "http://127.0.0.1:9324/000000000000/" + deadLetters,
                    Map.of("Arn", "arn:aws:sqs:us-east-1:000000000000:" + deadLetters, "QueueName", deadLetters));
        }
        String stateMachine = CloudResources.stateMachineArn("CheckoutStateMachine");
        resources.register("CheckoutStateMachine", stateMachine, Map.of("Name", "CheckoutStateMachine", "Arn", stateMachine));
        for (String secret : template.resourcesOfType("AWS::SecretsManager::Secret").keySet()) {
            resources.register(secret, "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + secret, Map.of());
        }
        return resources;
    }

    @Test
    void taskTokenActions_scopedToAStateMachine_areNotGranted(@TempDir Path dir) throws Exception {
        FunctionPermissions scoped = permissions(dir, """
                - DynamoDBCrudPolicy:
                    TableName: !Ref CheckoutTable
                - Statement:
                    - Effect: Allow
                      Action: [states:SendTaskSuccess, states:SendTaskFailure]
                      Resource: !Ref CheckoutStateMachine
                """);

        List<String> refused = scoped.refused(Set.of("ChargeFunction states:SendTaskSuccess *", "ChargeFunction states:SendTaskHeartbeat *",
                "ChargeFunction dynamodb:PutItem " + TABLE, "ChargeFunction dynamodb:Query " + TABLE + "/index/GSI1"));

        assertEquals(List.of("ChargeFunction: states:SendTaskHeartbeat on *", "ChargeFunction: states:SendTaskSuccess on *"), refused);
    }

    @Test
    void policyTemplates_grantTheirActionsOnTheirOwnResourceOnly(@TempDir Path dir) throws Exception {
        FunctionPermissions granted = permissions(dir, """
                - DynamoDBReadPolicy:
                    TableName: !Ref CheckoutTable
                - SQSSendMessagePolicy:
                    QueueName: !GetAtt ChargeQueue.QueueName
                - Statement:
                    - Effect: Allow
                      Action: [states:SendTaskSuccess, states:SendTaskHeartbeat]
                      Resource: '*'
                """);

        List<String> refused = granted.refused(Set.of("ChargeFunction sqs:SendMessage " + CHARGE_QUEUE,
                "ChargeFunction sqs:SendMessage " + NOTIFICATION_QUEUE, "ChargeFunction states:SendTaskHeartbeat *",
                "ChargeFunction dynamodb:GetItem " + TABLE, "ChargeFunction dynamodb:Query " + TABLE + "/index/GSI2",
                "ChargeFunction dynamodb:GetItem arn:aws:dynamodb:us-east-1:000000000000:table/OtherTable",
                "ChargeFunction dynamodb:PutItem " + TABLE));

        assertEquals(List.of("ChargeFunction: dynamodb:GetItem on arn:aws:dynamodb:us-east-1:000000000000:table/OtherTable",
                "ChargeFunction: dynamodb:PutItem on " + TABLE, "ChargeFunction: sqs:SendMessage on " + NOTIFICATION_QUEUE), refused);
    }

    @Test
    void aStatementOnSubstitutedArns_grantsTheExecutionsOfItsStateMachineOnly(@TempDir Path dir) throws Exception {
        FunctionPermissions granted = permissions(dir, """
                - Statement:
                    - Effect: Allow
                      Action: states:StopExecution
                      Resource: !Sub arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${CheckoutStateMachine.Name}:*
                """);

        List<String> refused = granted.refused(Set.of("ChargeFunction states:StopExecution " + EXECUTION,
                "ChargeFunction states:StopExecution arn:aws:states:us-east-1:000000000000:execution:OtherStateMachine:ord_1",
                "ChargeFunction states:GetExecutionHistory " + EXECUTION));

        assertEquals(List.of("ChargeFunction: states:GetExecutionHistory on " + EXECUTION,
                "ChargeFunction: states:StopExecution on arn:aws:states:us-east-1:000000000000:execution:OtherStateMachine:ord_1"), refused);
    }

    @Test
    void theProjectsTemplate_grantsOrdersApiItsPageTokenKey_andNoOtherSecret() {
        FunctionPermissions project = FunctionPermissions.of(resources(SamTemplate.ofProject()));
        String secrets = "arn:aws:secretsmanager:us-east-1:000000000000:secret:";

        List<String> refused = project.refused(Set.of("OrdersApiFunction secretsmanager:GetSecretValue " + secrets + "PageTokenKeySecret",
                "OrdersApiFunction secretsmanager:GetSecretValue " + secrets + "StripeApiKeySecret",
                "SweepStalledCheckoutsFunction secretsmanager:GetSecretValue " + secrets + "PageTokenKeySecret"));

        assertEquals(List.of("OrdersApiFunction: secretsmanager:GetSecretValue on " + secrets + "StripeApiKeySecret",
                "SweepStalledCheckoutsFunction: secretsmanager:GetSecretValue on " + secrets + "PageTokenKeySecret"), refused);
    }

    @Test
    void theProjectsTemplate_letsEachPaymentFunctionReadTheKeysItsWorkNeeds_andTheWebhookReceiverNoPrivateKeyNorApiKey() {
        FunctionPermissions project = FunctionPermissions.of(resources(SamTemplate.ofProject()));
        String secrets = "arn:aws:secretsmanager:us-east-1:000000000000:secret:";
        List<String> paymentSecrets = List.of("StripeApiKeySecret", "StripeWebhookSigningSecret", "AlipayAppPrivateKeySecret", "AlipayPublicKeySecret",
                "WeChatPayMerchantPrivateKeySecret", "WeChatPayApiV3KeySecret", "WeChatPayPlatformPublicKeySecret");
        List<String> apiKeys = List.of("StripeApiKeySecret", "AlipayAppPrivateKeySecret", "AlipayPublicKeySecret", "WeChatPayMerchantPrivateKeySecret",
                "WeChatPayPlatformPublicKeySecret");
        Map<String, List<String>> needed = Map.of(
                "ChargeFunction", apiKeys,
                "RefundFunction", apiKeys,
                "RefundCompensationFunction", apiKeys,
                "NotificationFunction", java.util.stream.Stream.concat(apiKeys.stream(), java.util.stream.Stream.of("WeChatPayApiV3KeySecret")).toList(),
                "WebhookFunction", List.of("StripeWebhookSigningSecret", "AlipayPublicKeySecret", "WeChatPayPlatformPublicKeySecret",
                        "WeChatPayApiV3KeySecret"),
                "OrdersApiFunction", List.of(),
                "CreateOrderFunction", List.of());
        var asked = new java.util.TreeSet<String>();
        var expectedRefusals = new java.util.TreeSet<String>();
        needed.forEach((function, granted) -> paymentSecrets.forEach(secret -> {
            asked.add(function + " secretsmanager:GetSecretValue " + secrets + secret);
            if (!granted.contains(secret)) {
                expectedRefusals.add(function + ": secretsmanager:GetSecretValue on " + secrets + secret);
            }
        }));

        List<String> refused = project.refused(asked);

        assertEquals(List.copyOf(expectedRefusals), refused);
        assertTrue(refused.containsAll(List.of("WebhookFunction: secretsmanager:GetSecretValue on " + secrets + "StripeApiKeySecret",
                "WebhookFunction: secretsmanager:GetSecretValue on " + secrets + "AlipayAppPrivateKeySecret",
                "WebhookFunction: secretsmanager:GetSecretValue on " + secrets + "WeChatPayMerchantPrivateKeySecret")), refused.toString());
    }

    @Test
    void theProjectsTemplate_passesEachPaymentFunctionTheArnsOfTheSecretsItsRoleMayRead_only() {
        SamTemplate template = SamTemplate.ofProject();
        FunctionPermissions project = FunctionPermissions.of(resources(template));
        var asked = new java.util.TreeSet<String>();
        for (String function : List.of("ChargeFunction", "WebhookFunction", "NotificationFunction", "RefundFunction", "RefundCompensationFunction")) {
            var variables = new java.util.HashMap<String, Object>(environment(template.globals("Function")));
            variables.putAll(environment(template.resourcesOfType("AWS::Serverless::Function").get(function)));
            variables.forEach((name, value) -> {
                if (name.endsWith("_SECRET_ARN")) {
                    asked.add(function + " secretsmanager:GetSecretValue " + resources(template).resolveString(value));
                }
            });
        }

        assertTrue(asked.stream().anyMatch(access -> access.startsWith("WebhookFunction ")), asked.toString());
        assertEquals(List.of(), project.refused(asked));
    }

    private static Map<String, Object> environment(Map<String, Object> properties) {
        return SamTemplate.asMap(SamTemplate.asMap(properties.get("Environment")).get("Variables"));
    }

    @Test
    void theProjectsTemplate_grantsTheOperationsFunctionItsDeadLetterQueues_andNoMore() {
        FunctionPermissions project = FunctionPermissions.of(resources(SamTemplate.ofProject()));
        String deadLetters = "arn:aws:sqs:us-east-1:000000000000:ChargeDeadLetterQueue";

        List<String> refused = project.refused(Set.of("OperationsApiFunction sqs:ReceiveMessage " + deadLetters,
                "OperationsApiFunction sqs:DeleteMessageBatch " + deadLetters, "OperationsApiFunction sqs:SendMessageBatch " + CHARGE_QUEUE,
                "OperationsApiFunction states:GetExecutionHistory " + EXECUTION, "OperationsApiFunction dynamodb:PutItem " + TABLE,
                "OperationsApiFunction sqs:ReceiveMessage " + CHARGE_QUEUE, "OperationsApiFunction sqs:SendMessage " + deadLetters,
                "OperationsApiFunction dynamodb:UpdateItem " + TABLE, "OperationsApiFunction states:StopExecution " + EXECUTION));

        assertEquals(List.of("OperationsApiFunction: dynamodb:UpdateItem on " + TABLE, "OperationsApiFunction: sqs:ReceiveMessage on " + CHARGE_QUEUE,
                "OperationsApiFunction: sqs:SendMessage on " + deadLetters, "OperationsApiFunction: states:StopExecution on " + EXECUTION), refused);
    }

    @Test
    void theProjectsTemplate_grantsTheChargeFunctionWhatItsCancelPathCalls() {
        FunctionPermissions project = FunctionPermissions.of(resources(SamTemplate.ofProject()));

        assertTrue(project.allowed("ChargeFunction").containsAll(
                Set.of("states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat", "states:GetExecutionHistory")),
                project.allowed("ChargeFunction").toString());
        assertEquals(List.of(), project.refused(Set.of("ChargeFunction states:GetExecutionHistory " + EXECUTION,
                "ChargeFunction states:SendTaskHeartbeat *", "ChargeFunction sqs:ReceiveMessage " + CHARGE_QUEUE,
                "ChargeFunction dynamodb:ConditionCheckItem " + TABLE)));
    }

    @Test
    void iamWildcards_matchAnyRunOrOneCharacter() {
        assertTrue(FunctionPermissions.matches("sqs:SendMessage*", "sqs:SendMessageBatch"));
        assertTrue(FunctionPermissions.matches("arn:aws:lambda:*:function:Reserve?tock*", "arn:aws:lambda:us-east-1:0:function:ReserveStock:live"));
        assertFalse(FunctionPermissions.matches("arn:aws:states:*:stateMachine:A", "*"));
    }
}
