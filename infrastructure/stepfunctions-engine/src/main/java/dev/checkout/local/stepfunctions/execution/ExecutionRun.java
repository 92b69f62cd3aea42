package dev.checkout.local.stepfunctions.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.stepfunctions.asl.State;
import dev.checkout.local.stepfunctions.asl.StateMachineDefinition;
import dev.checkout.local.stepfunctions.json.IntrinsicEvaluator;
import dev.checkout.local.stepfunctions.json.IntrinsicExpression;
import dev.checkout.local.stepfunctions.json.Json;
import dev.checkout.local.stepfunctions.json.PathEvaluator;
import dev.checkout.local.stepfunctions.json.PayloadTemplate;
import dev.checkout.local.stepfunctions.task.LambdaFunctionException;
import dev.checkout.local.stepfunctions.task.ServiceIntegration;
import dev.checkout.local.stepfunctions.task.ServiceIntegrationException;
import dev.checkout.local.stepfunctions.task.TaskResource;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;

/**
 * Interprets one execution of a state machine: walks states, applies the input/output processing
 * of the JSONPath query language, runs tasks, Retry and Catch, and writes the history. One thread
 * per thread of control (the execution, each Parallel branch, each Map iteration); every wait goes
 * through the engine clock.
 */
public final class ExecutionRun {

    private static final SecureRandom TOKENS = new SecureRandom();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final EngineServices services;
    private final ExecutionRecord record;
    private final StateMachineDefinition definition;
    private final String roleArn;
    private final StateDataFlow dataFlow;
    private final ExecutionHistoryWriter history;
    private final RetryAndCatch retryAndCatch;
    private final ParallelAndMapBranches branches;

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
                case "Task" -> task(state, effective, scope, entered, retryCount);
                case "Parallel" -> branches.parallel(state, effective, scope, entered, retryCount);
                default -> branches.map(state, effective, scope, entered, retryCount);
            };
            result = dataFlow.resultSelector(state, result, entered, retryCount, scope.mapItem());
            JsonNode output = StateDataFlow.resultPath(state.pathOrDefault("ResultPath"), input, result);
            return new StateOutcome(dataFlow.outputPath(state, output, scope.mapItem(), entered), next(state));
        });
    }

    // ----- Task

    private JsonNode task(State state, JsonNode effective, ThreadOfControl scope, Instant entered, int retryCount) throws StatesFailure {
        TaskResource resource = state.resource();
        String token = resource.waitForTaskToken() ? newToken() : null;
        ObjectNode context = dataFlow.context(state, entered, retryCount, token, scope.mapItem());
        JsonNode parameters = StateDataFlow.parameters(state, effective, context);
        Integer timeout = seconds(state, "TimeoutSeconds", effective, context);
        Integer heartbeat = seconds(state, "HeartbeatSeconds", effective, context);
        EventCursor cursor = scope.cursor();
        String resourceType = resource.service();
        history.taskScheduledAndStarted(cursor, resource, parameters, timeout, heartbeat, services.region());
        Instant started = services.clock().now();
        PendingTask pending = null;
        if (token != null) {
            pending = new PendingTask(token, record.executionArn(), started, cursor, resourceType, resource.eventResource(), heartbeat != null);
            services.tokens().put(token, pending);
            synchronized (services.tokens()) {
                services.tokens().notifyAll();
            }
        }
        CompletableFuture<Void> timeoutTimer = timeout == null ? new CompletableFuture<>()
                : services.clock().at(started.plusSeconds(timeout));
        try {
            CompletableFuture<JsonNode> call = CompletableFuture.supplyAsync(() -> {
                try {
                    return invoke(resource, parameters);
                } catch (StatesFailure failure) {
                    throw new CompletionException(failure);
                }
            }, services.executor());
            CompletableFuture.anyOf(StatesWork.settled(call), timeoutTimer, scope.cancellation().signal()).join();
            scope.cancellation().check();
            if (!call.isDone()) {
                throw history.taskTimedOut(cursor, resource, "States.Timeout", "Task timed out after " + timeout + " seconds");
            }
            JsonNode result;
            try {
                result = call.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof StatesFailure failure) {
                    throw history.taskFailed(cursor, resource, failure);
                }
                throw history.taskFailed(cursor, resource, new StatesFailure("States.TaskFailed", String.valueOf(e.getCause())));
            }
            if (pending == null) {
                return history.taskSucceeded(cursor, resource, result);
            }
            history.taskSubmitted(pending, resource, result);
            return awaitToken(resource, pending, timeoutTimer, heartbeat, scope);
        } finally {
            timeoutTimer.cancel(false);
            if (pending != null) {
                pending.complete(new PendingTask.Closed());
            }
        }
    }

    private JsonNode awaitToken(TaskResource resource, PendingTask pending, CompletableFuture<Void> timeoutTimer,
                                Integer heartbeat, ThreadOfControl scope) throws StatesFailure {
        while (true) {
            CompletableFuture<Void> beat = pending.nextBeat();
            CompletableFuture<Void> heartbeatTimer = heartbeat == null ? new CompletableFuture<>()
                    : services.clock().at(pending.lastBeat().plusSeconds(heartbeat));
            boolean heartbeatMissed;
            try {
                CompletableFuture.anyOf(pending.outcome(), timeoutTimer, heartbeatTimer, beat, scope.cancellation().signal())
                        .join();
                heartbeatMissed = heartbeatTimer.isDone() && !beat.isDone();
            } finally {
                heartbeatTimer.cancel(false);
            }
            if (!pending.outcome().isDone()) {
                if (scope.cancellation().isCancelled()) {
                    throw new ExecutionCancelledException();
                }
                if (timeoutTimer.isDone() && pending.complete(new PendingTask.Closed())) {
                    throw history.taskTimedOut(scope.cursor(), resource, "States.Timeout", "The task timed out");
                }
                if (heartbeatMissed && pending.complete(new PendingTask.Closed())) {
                    throw history.taskTimedOut(scope.cursor(), resource, "States.HeartbeatTimeout", "The task missed its heartbeat");
                }
                if (!pending.outcome().isDone()) {
                    continue;
                }
            }
            PendingTask.Outcome outcome = pending.outcome().join();
            if (outcome instanceof PendingTask.Succeeded succeeded) {
                return record.recordedByCallback(pending) ? succeeded.output() : history.taskSucceeded(scope.cursor(), resource, succeeded.output());
            }
            if (outcome instanceof PendingTask.Failed failed) {
                StatesFailure failure = new StatesFailure(failed.error() == null ? "" : failed.error(), failed.cause());
                throw record.recordedByCallback(pending) ? failure : history.taskFailed(scope.cursor(), resource, failure);
            }
            scope.cancellation().check();
            throw history.taskTimedOut(scope.cursor(), resource, "States.Timeout", "The task timed out");
        }
    }

    private Integer seconds(State state, String field, JsonNode effective, JsonNode context) throws StatesFailure {
        if (state.has(field)) {
            return state.get(field).asInt();
        }
        String path = state.text(field + "Path");
        if (path == null) {
            return null;
        }
        JsonNode value = PathEvaluator.read(path, effective, context).orElseThrow(() -> StatesFailure.runtime(
                "Invalid path '" + path + "' for " + field + "Path in state '" + state.name() + "'"));
        if (!value.isIntegralNumber() || value.asLong() <= 0 || !value.canConvertToInt()) {
            throw StatesFailure.runtime(field + "Path of state '" + state.name() + "' must select a positive integer, got " + value);
        }
        return value.asInt();
    }

    private JsonNode invoke(TaskResource resource, JsonNode parameters) throws StatesFailure {
        if (resource.service().equals("lambda")) {
            String functionArn = resource.functionArn();
            JsonNode payload = parameters;
            if (!resource.isDirectLambda()) {
                JsonNode name = parameters.get("FunctionName");
                if (name == null || !name.isTextual()) {
                    throw new StatesFailure("States.Runtime", "lambda:invoke needs a FunctionName");
                }
                functionArn = functionArn(name.asText(), parameters.path("Qualifier").asText(null));
                payload = parameters.has("Payload") ? parameters.get("Payload") : Json.object();
            }
            JsonNode response;
            try {
                response = services.lambdaInvoker().invoke(functionArn, payload);
            } catch (LambdaFunctionException e) {
                ObjectNode cause = Json.object();
                cause.put("errorMessage", e.errorMessage());
                cause.put("errorType", e.errorType());
                throw new StatesFailure(e.errorType(), Json.write(cause));
            }
            JsonNode result = response == null ? NODES.nullNode() : response;
            if (resource.isDirectLambda()) {
                return result;
            }
            ObjectNode shaped = Json.object();
            shaped.put("ExecutedVersion", "$LATEST");
            shaped.set("Payload", result);
            shaped.put("StatusCode", 200);
            return shaped;
        }
        ServiceIntegration integration = services.integrations().get(resource.service());
        if (integration == null) {
            throw new StatesFailure("States.Runtime", "No " + resource.service() + " client was given to the engine for "
                    + resource.arn());
        }
        try {
            return integration.call(resource.action(), parameters);
        } catch (ServiceIntegrationException e) {
            throw new StatesFailure(e.error(), e.errorCause());
        }
    }

    private String functionArn(String name, String qualifier) {
        String arn = name.startsWith("arn:") ? name
                : "arn:aws:lambda:" + services.region() + ":" + services.accountId() + ":function:" + name;
        return qualifier == null ? arn : arn + ":" + qualifier;
    }

    private static String newToken() {
        byte[] bytes = new byte[48];
        TOKENS.nextBytes(bytes);
        return "AQ" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
