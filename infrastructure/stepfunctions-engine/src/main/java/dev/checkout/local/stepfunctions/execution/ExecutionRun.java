package dev.checkout.local.stepfunctions.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.stepfunctions.asl.State;
import dev.checkout.local.stepfunctions.asl.StateMachineDefinition;
import dev.checkout.local.stepfunctions.json.IntrinsicEvaluator;
import dev.checkout.local.stepfunctions.json.IntrinsicExpression;
import dev.checkout.local.stepfunctions.json.Json;
import dev.checkout.local.stepfunctions.json.PathEvaluator;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Interprets one execution of a state machine: walks states, applies the input/output processing
 * of the JSONPath query language, runs tasks, Retry and Catch, and writes the history. One thread
 * per thread of control (the execution, each Parallel branch, each Map iteration); every wait goes
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
            case "Pass" -> pass(state, input, scope, entered);
            case "Choice" -> choice(state, input, scope, entered);
            case "Wait" -> waitState(state, input, scope, entered);
            case "Succeed" -> new StateOutcome(dataFlow.outputPath(state,
                    dataFlow.inputPath(state, input, scope.mapItem(), entered), scope.mapItem(), entered), null);
            case "Fail" -> throw fail(state, input, scope, entered);
            case "Task", "Parallel", "Map" -> withRetryAndCatch(state, input, scope, entered);
            default -> throw StatesFailure.runtime("Unknown state type " + state.type());
        };
        history.stateExited(scope.cursor(), state, step.output());
        return step;
    }

    private String next(State state) {
        return state.isEnd() ? null : state.next();
    }

    // ----- Pass, Choice, Wait, Fail

    private StateOutcome pass(State state, JsonNode input, ThreadOfControl scope, Instant entered) throws StatesFailure {
        JsonNode effective = dataFlow.inputPath(state, input, scope.mapItem(), entered);
        ObjectNode context = dataFlow.context(state, entered, 0, null, scope.mapItem());
        effective = StateDataFlow.parameters(state, effective, context);
        JsonNode result = state.has("Result") ? state.get("Result").deepCopy() : effective;
        JsonNode output = StateDataFlow.resultPath(state.pathOrDefault("ResultPath"), input, result);
        return new StateOutcome(dataFlow.outputPath(state, output, scope.mapItem(), entered), next(state));
    }

    private StateOutcome choice(State state, JsonNode input, ThreadOfControl scope, Instant entered) throws StatesFailure {
        JsonNode effective = dataFlow.inputPath(state, input, scope.mapItem(), entered);
        ObjectNode context = dataFlow.context(state, entered, 0, null, scope.mapItem());
        String target = null;
        for (JsonNode rule : state.get("Choices")) {
            if (ChoiceEvaluator.matches(rule, effective, context)) {
                target = rule.get("Next").asText();
                break;
            }
        }
        if (target == null) {
            target = state.text("Default");
        }
        if (target == null) {
            throw new StatesFailure("States.NoChoiceMatched", "No Choice Rules matched and no Default is specified in state '"
                    + state.name() + "'");
        }
        return new StateOutcome(dataFlow.outputPath(state, effective, scope.mapItem(), entered), target);
    }

    private StateOutcome waitState(State state, JsonNode input, ThreadOfControl scope, Instant entered) throws StatesFailure {
        JsonNode effective = dataFlow.inputPath(state, input, scope.mapItem(), entered);
        ObjectNode context = dataFlow.context(state, entered, 0, null, scope.mapItem());
        Instant due;
        if (state.has("Seconds")) {
            due = entered.plusSeconds(state.get("Seconds").asLong());
        } else if (state.has("Timestamp")) {
            due = timestamp(state.get("Timestamp"), "Timestamp", state);
        } else if (state.has("SecondsPath")) {
            String path = state.text("SecondsPath");
            JsonNode seconds = PathEvaluator.read(path, effective, context).orElseThrow(() -> StatesFailure.runtime(
                    "Invalid path '" + path + "' in state '" + state.name() + "': no value"));
            if (!seconds.canConvertToLong() || !seconds.isIntegralNumber() || seconds.asLong() < 0) {
                throw StatesFailure.runtime("The SecondsPath '" + path + "' of state '" + state.name()
                        + "' must select a non-negative integer, got " + seconds);
            }
            due = entered.plusSeconds(seconds.asLong());
        } else {
            String path = state.text("TimestampPath");
            JsonNode value = PathEvaluator.read(path, effective, context).orElseThrow(() -> StatesFailure.runtime(
                    "Invalid path '" + path + "' in state '" + state.name() + "': no value"));
            due = timestamp(value, "TimestampPath", state);
        }
        CancellableSleep.until(services.clock(), due, scope.cancellation());
        return new StateOutcome(dataFlow.outputPath(state, effective, scope.mapItem(), entered), next(state));
    }

    private static Instant timestamp(JsonNode value, String field, State state) throws StatesFailure {
        OffsetDateTime parsed = ChoiceEvaluator.timestamp(value);
        if (parsed == null) {
            throw StatesFailure.runtime("The " + field + " of state '" + state.name() + "' is not an RFC 3339 timestamp: " + value);
        }
        return parsed.toInstant();
    }

    private StatesFailure fail(State state, JsonNode input, ThreadOfControl scope, Instant entered) throws StatesFailure {
        ObjectNode context = dataFlow.context(state, entered, 0, null, scope.mapItem());
        String error = state.has("ErrorPath") ? dynamicText(state.text("ErrorPath"), input, context, state) : state.text("Error");
        String cause = state.has("CausePath") ? dynamicText(state.text("CausePath"), input, context, state) : state.text("Cause");
        return new StatesFailure(error == null ? "States.Fail" : error, cause);
    }

    private static String dynamicText(String expression, JsonNode input, JsonNode context, State state) throws StatesFailure {
        JsonNode value = IntrinsicExpression.looksLikeCall(expression)
                ? IntrinsicEvaluator.evaluate(expression, input, context)
                : PathEvaluator.read(expression, input, context).orElseThrow(() -> StatesFailure.runtime(
                        "Invalid path '" + expression + "' in state '" + state.name() + "'"));
        if (!value.isTextual()) {
            throw StatesFailure.runtime("The path '" + expression + "' of state '" + state.name() + "' must select a string");
        }
        return value.asText();
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
            return new StateOutcome(dataFlow.outputPath(state, output, scope.mapItem(), entered), next(state));
        });
    }
}
