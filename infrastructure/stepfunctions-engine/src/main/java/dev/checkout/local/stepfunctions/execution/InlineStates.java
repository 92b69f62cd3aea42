package dev.checkout.local.stepfunctions.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.stepfunctions.asl.State;
import dev.checkout.local.stepfunctions.clock.EngineClock;
import dev.checkout.local.stepfunctions.json.IntrinsicEvaluator;
import dev.checkout.local.stepfunctions.json.IntrinsicExpression;
import dev.checkout.local.stepfunctions.json.PathEvaluator;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The states the walker runs on its own thread with no task, branch, Retry or Catch: Pass, Choice,
 * Wait, Succeed and Fail. Each returns the state's output and the next state, or (Fail) the failure
 * that ends the thread of control.
 */
final class InlineStates {

    private final EngineClock clock;
    private final StateDataFlow dataFlow;

    InlineStates(EngineClock clock, StateDataFlow dataFlow) {
        this.clock = clock;
        this.dataFlow = dataFlow;
    }

    StateOutcome pass(State state, JsonNode input, ThreadOfControl scope, Instant entered) throws StatesFailure {
        JsonNode effective = dataFlow.inputPath(state, input, scope.mapItem(), entered);
        ObjectNode context = dataFlow.context(state, entered, 0, null, scope.mapItem());
        effective = StateDataFlow.parameters(state, effective, context);
        JsonNode result = state.has("Result") ? state.get("Result").deepCopy() : effective;
        JsonNode output = StateDataFlow.resultPath(state.pathOrDefault("ResultPath"), input, result);
        return StateOutcome.onward(state, dataFlow.outputPath(state, output, scope.mapItem(), entered));
    }

    StateOutcome choice(State state, JsonNode input, ThreadOfControl scope, Instant entered) throws StatesFailure {
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

    StateOutcome waitState(State state, JsonNode input, ThreadOfControl scope, Instant entered) throws StatesFailure {
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
        CancellableSleep.until(clock, due, scope.cancellation());
        return StateOutcome.onward(state, dataFlow.outputPath(state, effective, scope.mapItem(), entered));
    }

    private static Instant timestamp(JsonNode value, String field, State state) throws StatesFailure {
        OffsetDateTime parsed = ChoiceEvaluator.timestamp(value);
        if (parsed == null) {
            throw StatesFailure.runtime("The " + field + " of state '" + state.name() + "' is not an RFC 3339 timestamp: " + value);
        }
        return parsed.toInstant();
    }

    StateOutcome succeed(State state, JsonNode input, ThreadOfControl scope, Instant entered) throws StatesFailure {
        return new StateOutcome(dataFlow.outputPath(state,
                dataFlow.inputPath(state, input, scope.mapItem(), entered), scope.mapItem(), entered), null);
    }

    /** The failure a Fail state ends its thread of control with (its Error and Cause, or their paths). */
    StatesFailure fail(State state, JsonNode input, ThreadOfControl scope, Instant entered) throws StatesFailure {
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
}
