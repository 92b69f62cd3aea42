package dev.checkout.local.stepfunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.local.stepfunctions.clock.ManualClock;
import dev.checkout.local.stepfunctions.json.Json;
import dev.checkout.local.stepfunctions.task.LambdaFunctionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Retry backoff, jitter, task and execution timeouts, all on the manual clock. */
@Tag("unit")
class RetryAndTimeoutTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ManualClock clock = new ManualClock();

    private static String retrying(String retrier) {
        return """
                {"StartAt": "Reserve", "States": {"Reserve": {"Type": "Task",
                  "Resource": "arn:aws:lambda:us-east-1:000000000000:function:reserve",
                  "Retry": [%s], "End": true}}}""".formatted(retrier);
    }

    private StepFunctionsEngine alwaysFailing() {
        return StepFunctionsEngine.builder().clock(clock).lambdaInvoker((arn, payload) -> {
            throw new LambdaFunctionException("Transient", "try again");
        }).build();
    }

    @Test
    void retry_backsOffExponentially_untilMaxAttempts() throws Exception {
        try (StepFunctionsEngine engine = alwaysFailing()) {
            String machine = engine.createStateMachine("m", retrying(
                    "{\"ErrorEquals\": [\"Transient\"], \"IntervalSeconds\": 2, \"BackoffRate\": 3, \"MaxAttempts\": 3}"), null)
                    .stateMachineArn();
            String arn = engine.startExecution(machine, "e", "{}").executionArn();

            for (long expected : List.of(2L, 6L, 18L)) {
                clock.awaitTimers(1, WAIT);
                assertEquals(Duration.ofSeconds(expected), clock.advanceToNextTimer());
            }

            ExecutionDescription done = engine.awaitTermination(arn, WAIT);
            assertEquals("Transient", done.error());
            long attempts = engine.getExecutionHistory(arn).stream().filter(e -> e.type().equals("LambdaFunctionFailed")).count();
            assertEquals(4, attempts);
            assertEquals(1 + 3, done.stateTransitions());
        }
    }

    @Test
    void retry_maxDelaySeconds_capsTheInterval() throws Exception {
        try (StepFunctionsEngine engine = alwaysFailing()) {
            String machine = engine.createStateMachine("m", retrying(
                    "{\"ErrorEquals\": [\"States.ALL\"], \"IntervalSeconds\": 5, \"BackoffRate\": 10, \"MaxAttempts\": 3, "
                            + "\"MaxDelaySeconds\": 60}"), null).stateMachineArn();
            engine.startExecution(machine, "e", "{}");

            for (long expected : List.of(5L, 50L, 60L)) {
                clock.awaitTimers(1, WAIT);
                assertEquals(Duration.ofSeconds(expected), clock.advanceToNextTimer());
            }
        }
    }

    @Test
    void retry_fullJitter_drawsEachIntervalWithinTheBackoff() throws Exception {
        try (StepFunctionsEngine engine = alwaysFailing()) {
            String machine = engine.createStateMachine("m", retrying(
                    "{\"ErrorEquals\": [\"States.ALL\"], \"IntervalSeconds\": 10, \"MaxAttempts\": 3, \"JitterStrategy\": \"FULL\"}"),
                    null).stateMachineArn();
            engine.startExecution(machine, "e", "{}");

            for (long cap : List.of(10L, 20L, 40L)) {
                clock.awaitTimers(1, WAIT);
                Duration step = clock.advanceToNextTimer();
                assertTrue(!step.isNegative() && step.compareTo(Duration.ofSeconds(cap)) <= 0, "interval " + step);
            }
        }
    }

    @Test
    void retry_defaults_oneSecondDoubling_threeAttempts() throws Exception {
        try (StepFunctionsEngine engine = alwaysFailing()) {
            String machine = engine.createStateMachine("m", retrying("{\"ErrorEquals\": [\"States.ALL\"]}"), null)
                    .stateMachineArn();
            String arn = engine.startExecution(machine, "e", "{}").executionArn();
            for (long expected : List.of(1L, 2L, 4L)) {
                clock.awaitTimers(1, WAIT);
                assertEquals(Duration.ofSeconds(expected), clock.advanceToNextTimer());
            }
            assertEquals(ExecutionStatus.FAILED, engine.awaitTermination(arn, WAIT).status());
        }
    }

    @Test
    void taskTimeoutSeconds_failsSlowLambda_withStatesTimeout() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        try (StepFunctionsEngine engine = StepFunctionsEngine.builder().clock(clock).lambdaInvoker((arn, payload) -> {
            release.join();
            return payload;
        }).build()) {
            String machine = engine.createStateMachine("m", """
                    {"StartAt": "Slow", "States": {"Slow": {"Type": "Task",
                      "Resource": "arn:aws:lambda:us-east-1:000000000000:function:slow", "TimeoutSecondsPath": "$.timeout",
                      "End": true}}}""", null).stateMachineArn();
            String arn = engine.startExecution(machine, "e", "{\"timeout\": 30}").executionArn();
            clock.awaitTimers(1, WAIT);

            clock.advance(Duration.ofSeconds(30));

            ExecutionDescription done = engine.awaitTermination(arn, WAIT);
            assertEquals("States.Timeout", done.error());
            assertTrue(engine.getExecutionHistory(arn).stream().anyMatch(e -> e.type().equals("LambdaFunctionTimedOut")));
        } finally {
            release.complete(null);
        }
    }

    @Test
    void executionTimeoutSeconds_timesOutWaitingExecution() throws Exception {
        try (StepFunctionsEngine engine = StepFunctionsEngine.builder().clock(clock).build()) {
            String machine = engine.createStateMachine("m", """
                    {"StartAt": "W", "TimeoutSeconds": 60, "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": true}}}""",
                    null).stateMachineArn();
            String arn = engine.startExecution(machine, "e", "{}").executionArn();
            clock.awaitTimers(2, WAIT);

            clock.advance(Duration.ofSeconds(60));

            ExecutionDescription done = engine.awaitTermination(arn, WAIT);
            assertEquals(ExecutionStatus.TIMED_OUT, done.status());
            List<HistoryEvent> history = engine.getExecutionHistory(arn);
            assertEquals("ExecutionTimedOut", history.get(history.size() - 1).type());
        }
    }

    @Test
    void history_eventsChainByPreviousEventId_andCarryDetails() throws Exception {
        try (StepFunctionsEngine engine = StepFunctionsEngine.builder().clock(clock)
                .lambdaInvoker((arn, payload) -> Json.object().put("ok", true)).build()) {
            String machine = engine.createStateMachine("m", """
                    {"StartAt": "P", "States": {"P": {"Type": "Pass", "Next": "T"},
                      "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                            "Parameters": {"FunctionName": "f", "Payload.$": "$"}, "End": true}}}""", null).stateMachineArn();
            String arn = engine.startExecution(machine, "e", "{\"a\":1}").executionArn();
            engine.awaitTermination(arn, WAIT);

            List<HistoryEvent> history = engine.getExecutionHistory(arn);
            assertEquals(List.of("ExecutionStarted", "PassStateEntered", "PassStateExited", "TaskStateEntered", "TaskScheduled",
                    "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"),
                    history.stream().map(HistoryEvent::type).toList());
            for (int i = 0; i < history.size(); i++) {
                assertEquals(i + 1, history.get(i).id());
                assertEquals(i, history.get(i).previousEventId());
            }
            JsonNode scheduled = history.get(4).details();
            assertEquals("lambda", scheduled.get("resourceType").asText());
            assertEquals("invoke", scheduled.get("resource").asText());
            assertEquals("us-east-1", scheduled.get("region").asText());
            assertEquals("PassStateEntered", history.get(1).type());
            assertEquals("P", history.get(1).details().get("name").asText());
            assertEquals(2, engine.stateTransitions(arn));
        }
    }
}
