package dev.checkout.aws.stepfunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.checkout.domain.CheckoutStep;
import dev.checkout.domain.CheckoutStep.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/** Unit tier: how an execution's history events become the checkout's steps. */
@Tag("unit")
class StepFunctionsCheckoutHistoryTest {
    private final List<HistoryEvent> events = new ArrayList<>();
    private Instant now = Instant.parse("2026-11-22T10:00:00Z");

    private void event(String type, java.util.function.Consumer<HistoryEvent.Builder> details) {
        now = now.plusSeconds(1);
        var builder = HistoryEvent.builder().id((long) events.size() + 1).type(type).timestamp(now);
        details.accept(builder);
        events.add(builder.build());
    }

    private void entered(String name) {
        event("TaskStateEntered", b -> b.stateEnteredEventDetails(d -> d.name(name)));
    }

    private void exited(String name) {
        event("TaskStateExited", b -> b.stateExitedEventDetails(d -> d.name(name)));
    }

    @Test
    void aTaskThatFailedThenSucceededOnRetry_succeeded_withoutTheEarlierError() {
        entered("ReserveStock");
        event("LambdaFunctionFailed", b -> b.lambdaFunctionFailedEventDetails(d -> d.error("Lambda.ServiceException").cause("throttled")));
        event("LambdaFunctionSucceeded", b -> {
        });
        exited("ReserveStock");

        CheckoutStep step = StepFunctionsCheckoutHistory.steps(events).get(0);

        assertEquals(Outcome.SUCCEEDED, step.outcome());
        assertNull(step.error());
        assertEquals(now, step.exitedAt());
    }

    @Test
    void aStoppedExecution_stopsTheStepThatWasWaiting_andKeepsTheFinishedOnes() {
        entered("ReserveStock");
        exited("ReserveStock");
        entered("RequestPayment");
        event("TaskSubmitted", b -> {
        });
        event("ExecutionAborted", b -> b.executionAbortedEventDetails(d -> d.error("OrderCancelled").cause("the customer cancelled")));

        List<CheckoutStep> steps = StepFunctionsCheckoutHistory.steps(events);

        assertEquals(Outcome.SUCCEEDED, steps.get(0).outcome());
        assertEquals(Outcome.STOPPED, steps.get(1).outcome());
        assertEquals("OrderCancelled", steps.get(1).error());
        assertEquals(now, steps.get(1).exitedAt());
    }

    @Test
    void aTimedOutTask_isTimedOut_withItsCauseCutTo1000Characters() {
        entered("RequestPayment");
        event("TaskTimedOut", b -> b.taskTimedOutEventDetails(d -> d.error("States.HeartbeatTimeout").cause("x".repeat(5000))));

        CheckoutStep step = StepFunctionsCheckoutHistory.steps(events).get(0);

        assertEquals(Outcome.TIMED_OUT, step.outcome());
        assertEquals("States.HeartbeatTimeout", step.error());
        assertEquals(StepFunctionsCheckoutHistory.MAX_CAUSE_LENGTH + 3, step.cause().length());
    }

    @Test
    void aStepStillWaiting_isRunning_withoutAnExitTime() {
        entered("RequestPayment");
        event("TaskSubmitted", b -> {
        });

        CheckoutStep step = StepFunctionsCheckoutHistory.steps(events).get(0);

        assertEquals(Outcome.RUNNING, step.outcome());
        assertNull(step.exitedAt());
    }
}
