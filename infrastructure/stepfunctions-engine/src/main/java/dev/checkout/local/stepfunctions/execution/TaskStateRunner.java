package dev.checkout.local.stepfunctions.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.stepfunctions.asl.State;
import dev.checkout.local.stepfunctions.json.PathEvaluator;
import dev.checkout.local.stepfunctions.task.TaskResource;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs a Task state: applies its Parameters, writes its scheduled and started events, calls its
 * resource on the engine's executor under TimeoutSeconds, and for {@code .waitForTaskToken} parks
 * the task on a fresh token (shared with the SendTask* calls) until a callback, a missed heartbeat,
 * the timeout or the execution's cancellation settles it.
 */
final class TaskStateRunner {

    private static final SecureRandom TOKENS = new SecureRandom();

    private final EngineServices services;
    private final ExecutionRecord record;
    private final StateDataFlow dataFlow;
    private final ExecutionHistoryWriter history;
    private final TaskResourceInvoker invoker;

    TaskStateRunner(EngineServices services, ExecutionRecord record, StateDataFlow dataFlow, ExecutionHistoryWriter history) {
        this.services = services;
        this.record = record;
        this.dataFlow = dataFlow;
        this.history = history;
        this.invoker = new TaskResourceInvoker(services);
    }


    /** Runs the task on its effective input and returns its result; a failure has been written to the history. */
    JsonNode run(State state, JsonNode effective, ThreadOfControl scope, Instant entered, int retryCount) throws StatesFailure {
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
            StatesWork serviceCall = () -> invoker.invoke(resource, parameters);
            CompletableFuture<JsonNode> call = serviceCall.submitTo(services.executor());
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
                    throw history.taskTimedOut(scope.cursor(), resource, "States.HeartbeatTimeout",
                            "The task missed its heartbeat");
                }
                if (!pending.outcome().isDone()) {
                    continue;
                }
            }
            PendingTask.Outcome outcome = pending.outcome().join();
            if (outcome instanceof PendingTask.Succeeded succeeded) {
                return record.recordedByCallback(pending) ? succeeded.output()
                        : history.taskSucceeded(scope.cursor(), resource, succeeded.output());
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

    private static String newToken() {
        byte[] bytes = new byte[48];
        TOKENS.nextBytes(bytes);
        return "AQ" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
