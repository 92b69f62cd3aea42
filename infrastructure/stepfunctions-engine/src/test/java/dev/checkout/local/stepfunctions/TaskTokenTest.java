package dev.checkout.local.stepfunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.local.stepfunctions.clock.ManualClock;
import dev.checkout.local.stepfunctions.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The checkout's payment step: sqs:sendMessage.waitForTaskToken with a payment window, driven through the SQS seam. */
@Tag("unit")
class TaskTokenTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String DEFINITION = """
            {"StartAt": "RequestPayment", "States": {
              "RequestPayment": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "Parameters": {"QueueUrl": "http://127.0.0.1:9324/000000000000/charge",
                               "MessageBody": {"orderId.$": "$.orderId", "taskToken.$": "$$.Task.Token"}},
                "TimeoutSeconds": 900, "HeartbeatSeconds": 300, "ResultPath": "$.payment",
                "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "Expired", "ResultPath": "$.error"}],
                "End": true},
              "Expired": {"Type": "Fail", "Error": "PaymentWindowExpired"}}}
            """;

    private final ManualClock clock = new ManualClock();
    private final BlockingQueue<JsonNode> sent = new LinkedBlockingQueue<>();
    private StepFunctionsEngine engine;
    private String machine;

    @BeforeEach
    void setUp() {
        engine = StepFunctionsEngine.builder().clock(clock).integration("sqs", (action, parameters) -> {
            sent.add(parameters);
            return Json.object().put("MessageId", "m-1").put("MD5OfMessageBody", "x");
        }).build();
        machine = engine.createStateMachine("checkout", DEFINITION, null).stateMachineArn();
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private String tokenFromMessage() throws Exception {
        JsonNode parameters = sent.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        return parameters.get("MessageBody").get("taskToken").asText();
    }

    @Test
    void sendTaskSuccess_resumesWorkflow_withOutputAtResultPath() throws Exception {
        String arn = engine.startExecution(machine, "order-1", "{\"orderId\":\"o-1\"}").executionArn();
        String token = tokenFromMessage();

        engine.sendTaskSuccess(token, "{\"status\":\"SUCCEEDED\"}");

        ExecutionDescription done = engine.awaitTermination(arn, WAIT);
        assertEquals(ExecutionStatus.SUCCEEDED, done.status());
        assertEquals(Json.parse("{\"orderId\":\"o-1\",\"payment\":{\"status\":\"SUCCEEDED\"}}"), Json.parse(done.output()));
        List<String> types = engine.getExecutionHistory(arn).stream().map(HistoryEvent::type).toList();
        assertEquals(List.of("ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted",
                "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"), types);
    }

    @Test
    void stopRightAfterSendTaskSuccess_keepsWhatTheTaskWasGivenInTheHistory() throws Exception {
        String arn = engine.startExecution(machine, "order-stop", "{\"orderId\":\"o-s\"}").executionArn();
        String token = tokenFromMessage();

        engine.sendTaskSuccess(token, "{\"paymentId\":\"pay_1\"}");
        engine.stopExecution(arn, "OrderCancelled", "cancelled by customer");

        List<HistoryEvent> history = engine.getExecutionHistory(arn);
        HistoryEvent succeeded = history.stream().filter(e -> e.type().equals("TaskSucceeded")).findFirst().orElseThrow();
        assertEquals(Json.parse("{\"paymentId\":\"pay_1\"}"), Json.parse(succeeded.details().get("output").asText()));
        // The stop races the resumed execution, which may end first (its next state is the end): either way the
        // execution ended once, and the task's output is in the history.
        assertTrue(List.of("ExecutionAborted", "ExecutionSucceeded").contains(history.get(history.size() - 1).type()),
                history.get(history.size() - 1).type());
        assertEquals(1, history.stream().filter(e -> e.type().equals("ExecutionAborted") || e.type().equals("ExecutionSucceeded")).count());
        assertTrue(history.indexOf(succeeded) > history.stream().map(HistoryEvent::type).toList().indexOf("TaskSubmitted"));
    }

    @Test
    void sendTaskSuccess_afterStopExecution_isRefused_andNotRecorded() throws Exception {
        String arn = engine.startExecution(machine, "order-stopped", "{\"orderId\":\"o-t\"}").executionArn();
        String token = tokenFromMessage();

        engine.stopExecution(arn, "OrderCancelled", "cancelled by customer");

        StepFunctionsApiException late = assertThrows(StepFunctionsApiException.class, () -> engine.sendTaskSuccess(token, "{}"));
        assertEquals(ApiError.TASK_TIMED_OUT, late.error());
        assertTrue(engine.getExecutionHistory(arn).stream().noneMatch(e -> e.type().equals("TaskSucceeded")));
    }

    @Test
    void sendTaskFailure_failsTask_withGivenErrorAndCause() throws Exception {
        String arn = engine.startExecution(machine, "order-2", "{\"orderId\":\"o-2\"}").executionArn();

        engine.sendTaskFailure(tokenFromMessage(), "PaymentDeclined", "card declined");

        ExecutionDescription done = engine.awaitTermination(arn, WAIT);
        assertEquals(ExecutionStatus.FAILED, done.status());
        assertEquals("PaymentDeclined", done.error());
        assertEquals("card declined", done.cause());
    }

    @Test
    void paymentWindow_expiresAfter900Seconds_onTheManualClock() throws Exception {
        String arn = engine.startExecution(machine, "order-3", "{\"orderId\":\"o-3\"}").executionArn();
        String token = tokenFromMessage();
        clock.awaitTimers(2, WAIT);

        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(290));
            engine.sendTaskHeartbeat(token);
        }
        clock.advance(Duration.ofSeconds(30));

        ExecutionDescription done = engine.awaitTermination(arn, WAIT);
        assertEquals("PaymentWindowExpired", done.error());
        StepFunctionsApiException late = assertThrows(StepFunctionsApiException.class,
                () -> engine.sendTaskSuccess(token, "{}"));
        assertEquals(ApiError.TASK_TIMED_OUT, late.error());
        assertTrue(engine.getExecutionHistory(arn).stream().anyMatch(event -> event.type().equals("TaskTimedOut")));
    }

    @Test
    void missedHeartbeat_failsTaskWithHeartbeatTimeout() throws Exception {
        String arn = engine.startExecution(machine, "order-4", "{\"orderId\":\"o-4\"}").executionArn();
        tokenFromMessage();
        clock.awaitTimers(2, WAIT);

        clock.advance(Duration.ofSeconds(300));

        ExecutionDescription done = engine.awaitTermination(arn, WAIT);
        assertEquals("States.HeartbeatTimeout", done.error());
    }

    @Test
    void heartbeat_isRefusedAsInvalidToken_whenTheTaskDeclaresNoHeartbeatSeconds() throws Exception {
        String withoutHeartbeat = engine.createStateMachine("no-heartbeat", DEFINITION.replace("\"HeartbeatSeconds\": 300, ", ""), null)
                .stateMachineArn();
        String arn = engine.startExecution(withoutHeartbeat, "order-6", "{\"orderId\":\"o-6\"}").executionArn();
        String token = tokenFromMessage();

        StepFunctionsApiException refused = assertThrows(StepFunctionsApiException.class, () -> engine.sendTaskHeartbeat(token));

        assertEquals(ApiError.INVALID_TOKEN, refused.error());
        engine.sendTaskSuccess(token, "{}");
        assertEquals(ExecutionStatus.SUCCEEDED, engine.awaitTermination(arn, WAIT).status());
    }

    @Test
    void heartbeat_isTaskTimedOut_onceTheTaskClosed() throws Exception {
        String arn = engine.startExecution(machine, "order-7", "{\"orderId\":\"o-7\"}").executionArn();
        String token = tokenFromMessage();
        engine.sendTaskHeartbeat(token);

        engine.stopExecution(arn, "OrderCancelled", "cancelled by customer");
        engine.awaitTermination(arn, WAIT);

        assertEquals(ApiError.TASK_TIMED_OUT, assertThrows(StepFunctionsApiException.class, () -> engine.sendTaskHeartbeat(token)).error());
    }

    @Test
    void taskToken_isFreshPerExecution_andUnknownTokensAreRefused() throws Exception {
        engine.startExecution(machine, "a", "{\"orderId\":\"a\"}");
        engine.startExecution(machine, "b", "{\"orderId\":\"b\"}");
        String first = tokenFromMessage();
        String second = tokenFromMessage();

        assertTrue(!first.equals(second));
        assertEquals(ApiError.TASK_DOES_NOT_EXIST,
                assertThrows(StepFunctionsApiException.class, () -> engine.sendTaskSuccess("AQnope", "{}")).error());
        assertEquals(ApiError.INVALID_TOKEN,
                assertThrows(StepFunctionsApiException.class, () -> engine.sendTaskSuccess("garbage", "{}")).error());
        assertEquals(ApiError.INVALID_OUTPUT,
                assertThrows(StepFunctionsApiException.class, () -> engine.sendTaskSuccess(first, "{not json")).error());
    }

    @Test
    void stopExecution_abortsParkedTask_andClosesItsToken() throws Exception {
        String arn = engine.startExecution(machine, "order-5", "{\"orderId\":\"o-5\"}").executionArn();
        String token = engine.awaitTaskToken(arn, WAIT);

        engine.stopExecution(arn, "Cancelled", "customer cancelled");

        ExecutionDescription done = engine.awaitTermination(arn, WAIT);
        assertEquals(ExecutionStatus.ABORTED, done.status());
        assertEquals("ExecutionAborted", engine.getExecutionHistory(arn).get(engine.getExecutionHistory(arn).size() - 1).type());
        assertEquals(ApiError.TASK_TIMED_OUT,
                assertThrows(StepFunctionsApiException.class, () -> engine.sendTaskSuccess(token, "{}")).error());
    }
}
