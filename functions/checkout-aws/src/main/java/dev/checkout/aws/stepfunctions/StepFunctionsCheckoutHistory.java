package dev.checkout.aws.stepfunctions;

import dev.checkout.domain.CheckoutStep;
import dev.checkout.domain.CheckoutStep.Outcome;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.WorkflowUnavailableException;
import dev.checkout.port.CheckoutHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * An order's checkout steps from {@code GetExecutionHistory} of the execution named after the order (the
 * sweep starts a stalled checkout again under the same name, so there is only ever that one). Each
 * {@code *StateEntered} opens a step, its {@code *StateExited} closes it; a task's failure or timeout
 * (after its last retry) is the step's outcome and error; the execution's end (stopped, failed, timed out)
 * closes the steps still open. Inputs and outputs are left out: they hold payment data.
 */
public final class StepFunctionsCheckoutHistory implements CheckoutHistory {
    static final int MAX_CAUSE_LENGTH = 1000;

    private final SfnClient client;
    private final String stateMachineArn;

    public StepFunctionsCheckoutHistory(SfnClient client, String stateMachineArn) {
        this.client = client;
        this.stateMachineArn = stateMachineArn;
    }

    @Override
    public List<CheckoutStep> steps(OrderId orderId) {
        try {
            return steps(client.getExecutionHistoryPaginator(r -> r.executionArn(StepFunctionsCheckoutWorkflow.executionArn(stateMachineArn, orderId))
                    .includeExecutionData(false)).events());
        } catch (ExecutionDoesNotExistException never) {
            return List.of();
        } catch (SdkException e) {
            throw new WorkflowUnavailableException("could not read the checkout history of " + orderId, e);
        }
    }

    /** A step being read: what its events said so far. */
    private static final class Step {
        final String name;
        final Instant enteredAt;
        Instant exitedAt;
        Outcome outcome = Outcome.RUNNING;
        String error;
        String cause;

        Step(String name, Instant enteredAt) {
            this.name = name;
            this.enteredAt = enteredAt;
        }

        void failed(Outcome how, Instant at, String error, String cause) {
            this.outcome = how;
            this.exitedAt = at;
            this.error = error;
            this.cause = cause == null || cause.length() <= MAX_CAUSE_LENGTH ? cause : cause.substring(0, MAX_CAUSE_LENGTH) + "...";
        }

        CheckoutStep toStep() {
            return new CheckoutStep(name, enteredAt, exitedAt, outcome, error, cause);
        }
    }

    static List<CheckoutStep> steps(Iterable<HistoryEvent> events) {
        var steps = new ArrayList<Step>();
        Step current = null;
        for (HistoryEvent event : events) {
            String type = event.typeAsString();
            Instant at = event.timestamp();
            if (type.endsWith("StateEntered") && event.stateEnteredEventDetails() != null) {
                current = new Step(event.stateEnteredEventDetails().name(), at);
                steps.add(current);
            } else if (type.endsWith("StateExited") && event.stateExitedEventDetails() != null) {
                Step exited = latestOpen(steps, event.stateExitedEventDetails().name());
                if (exited != null) {
                    exited.exitedAt = at;
                    if (exited.outcome == Outcome.RUNNING) {
                        exited.outcome = Outcome.SUCCEEDED;
                    }
                }
            } else if (current != null) {
                switch (type) {
                    case "TaskSucceeded", "LambdaFunctionSucceeded" -> {
                        // a retry that succeeded: an earlier attempt's failure is not the outcome
                        current.outcome = Outcome.RUNNING;
                        current.exitedAt = null;
                        current.error = null;
                        current.cause = null;
                    }
                    case "TaskFailed" -> current.failed(Outcome.FAILED, at, event.taskFailedEventDetails().error(), event.taskFailedEventDetails().cause());
                    case "TaskTimedOut" -> current.failed(Outcome.TIMED_OUT, at, event.taskTimedOutEventDetails().error(), event.taskTimedOutEventDetails().cause());
                    case "LambdaFunctionFailed" -> current.failed(Outcome.FAILED, at, event.lambdaFunctionFailedEventDetails().error(),
                            event.lambdaFunctionFailedEventDetails().cause());
                    case "LambdaFunctionTimedOut" -> current.failed(Outcome.TIMED_OUT, at, event.lambdaFunctionTimedOutEventDetails().error(),
                            event.lambdaFunctionTimedOutEventDetails().cause());
                    case "ExecutionAborted" -> closeOpen(steps, Outcome.STOPPED, at, event.executionAbortedEventDetails() == null ? null
                            : event.executionAbortedEventDetails().error(), event.executionAbortedEventDetails() == null ? null : event.executionAbortedEventDetails().cause());
                    case "ExecutionTimedOut" -> closeOpen(steps, Outcome.TIMED_OUT, at, event.executionTimedOutEventDetails() == null ? null
                            : event.executionTimedOutEventDetails().error(), event.executionTimedOutEventDetails() == null ? null : event.executionTimedOutEventDetails().cause());
                    case "ExecutionFailed" -> closeOpen(steps, Outcome.FAILED, at, event.executionFailedEventDetails() == null ? null
                            : event.executionFailedEventDetails().error(), event.executionFailedEventDetails() == null ? null : event.executionFailedEventDetails().cause());
                    default -> {
                    }
                }
            }
        }
        return steps.stream().map(Step::toStep).toList();
    }

    private static Step latestOpen(List<Step> steps, String name) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            Step step = steps.get(i);
            if (step.name.equals(name) && (step.exitedAt == null || step.outcome != Outcome.SUCCEEDED)) {
                return step;
            }
        }
        return null;
    }

    private static void closeOpen(List<Step> steps, Outcome how, Instant at, String error, String cause) {
        for (Step step : steps) {
            if (step.outcome == Outcome.RUNNING) {
                step.failed(how, at, error, cause);
            }
        }
    }
}
