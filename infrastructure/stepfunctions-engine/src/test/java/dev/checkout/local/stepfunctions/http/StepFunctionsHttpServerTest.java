package dev.checkout.local.stepfunctions.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.local.stepfunctions.StepFunctionsEngine;
import dev.checkout.local.stepfunctions.json.Json;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/** The HTTP API driven by the real AWS SDK v2 client. */
@Tag("unit")
class StepFunctionsHttpServerTest {

    private static final String CALLBACK = """
            {"StartAt": "Pay", "States": {"Pay": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
              "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "HeartbeatSeconds": 60,
              "ResultPath": "$.paid", "End": true}}}""";
    private static final String PASS = """
            {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"done": true}, "ResultPath": "$.r", "End": true}}}""";

    private static StepFunctionsEngine engine;
    private static StepFunctionsHttpServer server;
    private static SfnClient sfn;

    @BeforeAll
    static void start() throws Exception {
        engine = StepFunctionsEngine.builder()
                .integration("sqs", (action, parameters) -> Json.object().put("MessageId", "m")).build();
        server = StepFunctionsHttpServer.start(engine, "127.0.0.1", 0);
        sfn = SfnClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        sfn.close();
        server.close();
        engine.close();
    }

    @Test
    void sdk_createsStartsAndDescribes_aSucceededExecution() throws Exception {
        String machine = sfn.createStateMachine(r -> r.name("pass").definition(PASS).roleArn("arn:aws:iam::000000000000:role/x"))
                .stateMachineArn();
        StartExecutionResponse started = sfn.startExecution(r -> r.stateMachineArn(machine).name("one").input("{\"a\":1}"));
        engine.awaitTermination(started.executionArn(), Duration.ofSeconds(10));

        DescribeExecutionResponse described = sfn.describeExecution(r -> r.executionArn(started.executionArn()));

        assertEquals(ExecutionStatus.SUCCEEDED, described.status());
        assertEquals(Json.parse("{\"a\":1,\"r\":{\"done\":true}}"), Json.parse(described.output()));
        assertNotNull(described.startDate());
        assertNotNull(described.stopDate());
        assertEquals("pass", sfn.describeStateMachine(r -> r.stateMachineArn(machine)).name());
        assertTrue(sfn.listStateMachines(r -> { }).stateMachines().stream().anyMatch(m -> m.name().equals("pass")));
    }

    @Test
    void sdk_readsHistory_inPagesAndReverse() throws Exception {
        String machine = sfn.createStateMachine(r -> r.name("history").definition(PASS).roleArn("arn:aws:iam::000000000000:role/x"))
                .stateMachineArn();
        String arn = sfn.startExecution(r -> r.stateMachineArn(machine).input("{}")).executionArn();
        engine.awaitTermination(arn, Duration.ofSeconds(10));

        GetExecutionHistoryResponse first = sfn.getExecutionHistory(r -> r.executionArn(arn).maxResults(2));
        GetExecutionHistoryResponse rest = sfn.getExecutionHistory(r -> r.executionArn(arn).nextToken(first.nextToken()));
        List<HistoryEvent> reversed = sfn.getExecutionHistory(r -> r.executionArn(arn).reverseOrder(true)).events();

        assertEquals(List.of(HistoryEventType.EXECUTION_STARTED, HistoryEventType.PASS_STATE_ENTERED),
                first.events().stream().map(HistoryEvent::type).toList());
        assertEquals(List.of(HistoryEventType.PASS_STATE_EXITED, HistoryEventType.EXECUTION_SUCCEEDED),
                rest.events().stream().map(HistoryEvent::type).toList());
        assertEquals(HistoryEventType.EXECUTION_SUCCEEDED, reversed.get(0).type());
        assertEquals("P", first.events().get(1).stateEnteredEventDetails().name());
        assertEquals("{}", first.events().get(0).executionStartedEventDetails().input());
    }

    @Test
    void sdk_sendTaskSuccess_resumesCallbackTask_andLateCallIsTaskTimedOut() throws Exception {
        String machine = sfn.createStateMachine(r -> r.name("callback").definition(CALLBACK).roleArn("arn:aws:iam::000000000000:role/x"))
                .stateMachineArn();
        String arn = sfn.startExecution(r -> r.stateMachineArn(machine).name("order-1").input("{}")).executionArn();
        String token = engine.awaitTaskToken(arn, Duration.ofSeconds(10));

        sfn.sendTaskHeartbeat(r -> r.taskToken(token));
        sfn.sendTaskSuccess(r -> r.taskToken(token).output("{\"ok\":true}"));
        engine.awaitTermination(arn, Duration.ofSeconds(10));

        assertEquals("{\"paid\":{\"ok\":true}}", sfn.describeExecution(r -> r.executionArn(arn)).output());
        assertThrows(TaskTimedOutException.class, () -> sfn.sendTaskSuccess(r -> r.taskToken(token).output("{}")));
        assertThrows(TaskDoesNotExistException.class, () -> sfn.sendTaskFailure(r -> r.taskToken("AQunknown").error("E")));
    }

    @Test
    void sdk_startExecution_sameNameSameInputWhileRunning_returnsFirst() throws Exception {
        String machine = sfn.createStateMachine(r -> r.name("idempotent").definition(CALLBACK).roleArn("arn:aws:iam::000000000000:role/x"))
                .stateMachineArn();
        StartExecutionResponse first = sfn.startExecution(r -> r.stateMachineArn(machine).name("order-7").input("{\"o\":7}"));
        StartExecutionResponse again = sfn.startExecution(r -> r.stateMachineArn(machine).name("order-7").input("{\"o\":7}"));

        assertEquals(first.executionArn(), again.executionArn());
        assertEquals(first.startDate(), again.startDate());
        assertThrows(ExecutionAlreadyExistsException.class,
                () -> sfn.startExecution(r -> r.stateMachineArn(machine).name("order-7").input("{\"o\":8}")));

        sfn.stopExecution(r -> r.executionArn(first.executionArn()).error("Cancelled"));
        assertEquals(ExecutionStatus.ABORTED, sfn.describeExecution(r -> r.executionArn(first.executionArn())).status());
        assertThrows(ExecutionAlreadyExistsException.class,
                () -> sfn.startExecution(r -> r.stateMachineArn(machine).name("order-7").input("{\"o\":7}")));
        ListExecutionsResponse aborted = sfn.listExecutions(r -> r.stateMachineArn(machine).statusFilter(ExecutionStatus.ABORTED));
        assertEquals(1, aborted.executions().size());
    }

    @Test
    void sdk_errors_carryAwsErrorCodes() {
        String machine = sfn.createStateMachine(r -> r.name("errors").definition(PASS).roleArn("arn:aws:iam::000000000000:role/x"))
                .stateMachineArn();

        assertThrows(StateMachineAlreadyExistsException.class,
                () -> sfn.createStateMachine(r -> r.name("errors").definition(CALLBACK).roleArn("arn:aws:iam::000000000000:role/x")));
        InvalidDefinitionException invalid = assertThrows(InvalidDefinitionException.class,
                () -> sfn.createStateMachine(r -> r.name("bad").definition("{\"StartAt\": \"Nope\", \"States\": {\"A\": "
                        + "{\"Type\": \"Pass\", \"End\": true}}}").roleArn("arn:aws:iam::000000000000:role/x")));
        assertTrue(invalid.getMessage().contains("MISSING_TRANSITION_TARGET"), invalid.getMessage());
        assertThrows(InvalidNameException.class,
                () -> sfn.createStateMachine(r -> r.name("has space").definition(PASS).roleArn("arn:aws:iam::000000000000:role/x")));
        assertThrows(StateMachineDoesNotExistException.class,
                () -> sfn.startExecution(r -> r.stateMachineArn(machine + "-gone")));
        assertThrows(ExecutionDoesNotExistException.class,
                () -> sfn.describeExecution(r -> r.executionArn("arn:aws:states:us-east-1:000000000000:execution:errors:nope")));
        assertThrows(InvalidArnException.class, () -> sfn.describeExecution(r -> r.executionArn("not-an-arn")));
        assertThrows(software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException.class,
                () -> sfn.startExecution(r -> r.stateMachineArn(machine).input("{oops")));
    }
}
