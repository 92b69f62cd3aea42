package dev.checkout.local.stepfunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.local.stepfunctions.clock.ManualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Concurrency of Parallel branches and Map iterations, observed through the timers they park on. */
@Tag("unit")
class ParallelAndMapTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ManualClock clock = new ManualClock();

    @Test
    void map_maxConcurrency_runsOneIterationAtATime() throws Exception {
        try (StepFunctionsEngine engine = StepFunctionsEngine.builder().clock(clock).build()) {
            String machine = engine.createStateMachine("m", """
                    {"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 1,
                      "ItemProcessor": {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "End": true}}},
                      "End": true}}}""", null).stateMachineArn();
            String arn = engine.startExecution(machine, "e", "[1, 2, 3]").executionArn();

            for (int i = 0; i < 3; i++) {
                clock.awaitTimers(1, WAIT);
                assertEquals(1, clock.pendingTimers());
                clock.advance(Duration.ofSeconds(10));
            }

            ExecutionDescription done = engine.awaitTermination(arn, WAIT);
            assertEquals("[1,2,3]", done.output());
            List<String> types = engine.getExecutionHistory(arn).stream().map(HistoryEvent::type).toList();
            assertEquals(3, types.stream().filter("MapIterationSucceeded"::equals).count());
            assertTrue(types.containsAll(List.of("MapStateEntered", "MapStateStarted", "MapIterationStarted", "MapStateSucceeded",
                    "MapStateExited")));
        }
    }

    @Test
    void parallel_branchesRunConcurrently_andReportParallelEvents() throws Exception {
        try (StepFunctionsEngine engine = StepFunctionsEngine.builder().clock(clock).build()) {
            String machine = engine.createStateMachine("p", """
                    {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
                      {"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": 10, "End": true}}},
                      {"StartAt": "B", "States": {"B": {"Type": "Wait", "Seconds": 20, "End": true}}}]}}}""", null)
                    .stateMachineArn();
            String arn = engine.startExecution(machine, "e", "{\"x\":1}").executionArn();

            clock.awaitTimers(2, WAIT);
            clock.advance(Duration.ofSeconds(20));

            ExecutionDescription done = engine.awaitTermination(arn, WAIT);
            assertEquals("[{\"x\":1},{\"x\":1}]", done.output());
            List<String> types = engine.getExecutionHistory(arn).stream().map(HistoryEvent::type).toList();
            assertTrue(types.containsAll(List.of("ParallelStateEntered", "ParallelStateStarted", "WaitStateEntered",
                    "WaitStateExited", "ParallelStateSucceeded", "ParallelStateExited")));
            assertEquals(3, done.stateTransitions(), "the Parallel state and one state in each branch");
        }
    }
}
