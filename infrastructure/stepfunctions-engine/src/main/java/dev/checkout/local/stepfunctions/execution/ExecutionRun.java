package dev.checkout.local.stepfunctions.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.local.stepfunctions.asl.State;
import dev.checkout.local.stepfunctions.asl.StateMachineDefinition;
import dev.checkout.local.stepfunctions.json.Json;
import java.time.Instant;

/**
 * Interprets one execution of a state machine: opens and closes it in the history and walks its
 * states from StartAt to the end, entering and exiting each one. The states' own work is done by
 * {@link InlineStates} (Pass, Choice, Wait, Succeed, Fail), {@link TaskStateRunner} and
 * {@link ParallelAndMapBranches}, inside {@link RetryAndCatch}; {@link StateDataFlow} processes
 * their input and output and {@link ExecutionHistoryWriter} writes the events. One thread per
 * thread of control (the execution, each Parallel branch, each Map iteration); every wait goes
 * through the engine clock.
 */
public final class ExecutionRun {

    private final EngineServices services;
    private final ExecutionRecord record;
    private final StateMachineDefinition definition;
    private final String roleArn;
    private final StateDataFlow dataFlow;
    private final ExecutionHistoryWriter history;
    private final RetryAndCatch retryAndCatch;
    private final ParallelAndMapBranches branches;
    private final TaskStateRunner tasks;
    private final InlineStates inlineStates;

    public ExecutionRun(EngineServices services, ExecutionRecord record, StateMachineDefinition definition,
                        String stateMachineArn, String stateMachineName, String roleArn) {
        this.services = services;
        this.record = record;
        this.definition = definition;
        this.roleArn = roleArn;
        this.dataFlow = new StateDataFlow(record, stateMachineArn, stateMachineName, roleArn);
        this.history = new ExecutionHistoryWriter(record);
        this.retryAndCatch = new RetryAndCatch(services.clock(), record, history);
        this.branches = new ParallelAndMapBranches(services.executor(), dataFlow, history, this::runStates);
        this.tasks = new TaskStateRunner(services, record, dataFlow, history);
        this.inlineStates = new InlineStates(services.clock(), dataFlow);
    }

    /** Runs the execution to its end on the calling thread. */
    public void run() {
        EventCursor cursor = new EventCursor(0);
        history.executionStarted(cursor, roleArn);
        if (definition.timeoutSeconds() != null) {
            services.clock().at(record.startDate().plusSeconds(definition.timeoutSeconds()))
                    .thenRun(() -> history.executionTimedOut(definition.timeoutSeconds()));
        }
        try {
            JsonNode input = Json.parse(record.input());
            JsonNode output = runStates(definition, input, new ThreadOfControl(cursor, record.cancellation(), null));
            history.executionSucceeded(cursor, output);
        } catch (StatesFailure failure) {
            history.executionFailed(cursor, failure.error(), failure.cause());
        } catch (ExecutionCancelledException cancelled) {
            // the execution was stopped or timed out; whoever did it wrote the terminal event
        } catch (JsonProcessingException e) {
            history.executionFailed(cursor, "States.Runtime", "The execution input is not valid JSON");
        } catch (RuntimeException e) {
            history.executionFailed(cursor, "States.Runtime", "An internal error occurred: " + e);
        }
    }

    private JsonNode runStates(StateMachineDefinition machine, JsonNode input, ThreadOfControl scope) throws StatesFailure {
        String current = machine.startAt();
        JsonNode data = input;
        while (true) {
            scope.cancellation().check();
            State state = machine.state(current);
            StateOutcome step = runState(state, data, scope);
            if (step.next() == null) {
                return step.output();
            }
            current = step.next();
            data = step.output();
        }
    }

    private StateOutcome runState(State state, JsonNode input, ThreadOfControl scope) throws StatesFailure {
        record.countTransition();
        Instant entered = services.clock().now();
        history.stateEntered(scope.cursor(), state, input);
        StateOutcome step = switch (state.type()) {
            case "Pass" -> inlineStates.pass(state, input, scope, entered);
            case "Choice" -> inlineStates.choice(state, input, scope, entered);
            case "Wait" -> inlineStates.waitState(state, input, scope, entered);
            case "Succeed" -> inlineStates.succeed(state, input, scope, entered);
            case "Fail" -> throw inlineStates.fail(state, input, scope, entered);
            case "Task", "Parallel", "Map" -> withRetryAndCatch(state, input, scope, entered);
            default -> throw StatesFailure.runtime("Unknown state type " + state.type());
        };
        history.stateExited(scope.cursor(), state, step.output());
        return step;
    }

    // ----- Retry and Catch around Task, Parallel and Map

    private StateOutcome withRetryAndCatch(State state, JsonNode input, ThreadOfControl scope, Instant entered)
            throws StatesFailure {
        return retryAndCatch.run(state, input, scope, retryCount -> {
            JsonNode effective = dataFlow.inputPath(state, input, scope.mapItem(), entered);
            JsonNode result = switch (state.type()) {
                case "Task" -> tasks.run(state, effective, scope, entered, retryCount);
                case "Parallel" -> branches.parallel(state, effective, scope, entered, retryCount);
                default -> branches.map(state, effective, scope, entered, retryCount);
            };
            result = dataFlow.resultSelector(state, result, entered, retryCount, scope.mapItem());
            JsonNode output = StateDataFlow.resultPath(state.pathOrDefault("ResultPath"), input, result);
            return StateOutcome.onward(state, dataFlow.outputPath(state, output, scope.mapItem(), entered));
        });
    }
}
