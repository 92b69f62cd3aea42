package dev.checkout.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.local.services.SamTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policies of a template, read as IAM would grant them. */
class FunctionPermissionsTest {

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
        return FunctionPermissions.of(SamTemplate.load(template));
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

        List<String> refused = scoped.refused(Set.of("ChargeFunction Sfn.SendTaskSuccess", "ChargeFunction Sfn.SendTaskHeartbeat",
                "ChargeFunction DynamoDb.TransactWriteItems", "ChargeFunction DynamoDb.Query"));

        assertEquals(List.of("ChargeFunction: states:SendTaskHeartbeat", "ChargeFunction: states:SendTaskSuccess"), refused);
    }

    @Test
    void policyTemplatesAndWildcards_grantWhatSamGrants(@TempDir Path dir) throws Exception {
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

        List<String> refused = granted.refused(Set.of("ChargeFunction Sqs.SendMessage", "ChargeFunction Sfn.SendTaskHeartbeat",
                "ChargeFunction DynamoDb.GetItem", "ChargeFunction DynamoDb.TransactWriteItems"));

        assertEquals(List.of("ChargeFunction: dynamodb:ConditionCheckItem", "ChargeFunction: dynamodb:PutItem", "ChargeFunction: dynamodb:UpdateItem"),
                refused);
    }

    @Test
    void theProjectsTemplate_grantsTheChargeFunctionWhatItsCancelPathCalls() {
        FunctionPermissions project = FunctionPermissions.of(SamTemplate.ofProject());

        assertTrue(project.allowed("ChargeFunction").containsAll(
                Set.of("states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat", "states:GetExecutionHistory")),
                project.allowed("ChargeFunction").toString());
    }
}
