package dev.checkout.local.stepfunctions.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.stepfunctions.asl.State;
import dev.checkout.local.stepfunctions.asl.StateMachineDefinition;
import dev.checkout.local.stepfunctions.json.Json;
import dev.checkout.local.stepfunctions.json.PathEvaluator;
import dev.checkout.local.stepfunctions.json.PayloadTemplate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * The Parallel and Map branches of an execution: each branch or iteration runs its states on its own
 * thread from the engine's executor, with a history cursor forked from the state's and a cancellation
 * shared with its siblings. The first failure cancels the siblings and fails the state; a Map's
 * MaxConcurrency bounds how many iterations run at once.
 */
final class ParallelAndMapBranches {

    /** Runs the states of a branch or an iteration to its end, on the calling thread. */
    @FunctionalInterface
    interface StatesWalker {
        JsonNode run(StateMachineDefinition machine, JsonNode input, ThreadOfControl scope) throws StatesFailure;
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Executor executor;
    private final StateDataFlow dataFlow;
    private final ExecutionHistoryWriter history;
    private final StatesWalker walker;

    ParallelAndMapBranches(Executor executor, StateDataFlow dataFlow, ExecutionHistoryWriter history, StatesWalker walker) {
        this.executor = executor;
        this.dataFlow = dataFlow;
        this.history = history;
        this.walker = walker;
    }

    /** Runs a Parallel state's branches on its effective input; its result is their outputs in branch order. */
    JsonNode parallel(State state, JsonNode effective, ThreadOfControl scope, Instant entered, int retryCount)
            throws StatesFailure {
        ObjectNode context = dataFlow.context(state, entered, retryCount, null, scope.mapItem());
        JsonNode branchInput = StateDataFlow.parameters(state, effective, context);
        history.parallelStarted(scope.cursor());
        Cancellation siblings = scope.cancellation().child();
        List<CompletableFuture<JsonNode>> runs = new ArrayList<>();
        for (StateMachineDefinition branch : state.branches()) {
            ThreadOfControl branchScope = new ThreadOfControl(scope.cursor().fork(), siblings, null);
            StatesWork branchWork = () -> walker.run(branch, branchInput, branchScope);
            runs.add(branchWork.submitTo(executor));
        }
        ArrayNode results = collect(runs, siblings, scope, true);
        history.parallelSucceeded(scope.cursor());
        return results;
    }

    /** Runs a Map state's iterations over the items of its effective input; its result is their outputs in item order. */
    JsonNode map(State state, JsonNode effective, ThreadOfControl scope, Instant entered, int retryCount) throws StatesFailure {
        ObjectNode context = dataFlow.context(state, entered, retryCount, null, scope.mapItem());
        String itemsPath = state.pathOrDefault("ItemsPath");
        JsonNode items = itemsPath == null ? effective : PathEvaluator.read(itemsPath, effective, context).orElseThrow(() ->
                StatesFailure.runtime("Invalid path '" + itemsPath + "': the ItemsPath of state '" + state.name()
                        + "' selects nothing"));
        if (!items.isArray()) {
            throw StatesFailure.runtime("The ItemsPath of state '" + state.name() + "' must select an array, got " + items);
        }
        JsonNode selector = state.has("ItemSelector") ? state.get("ItemSelector") : state.get("Parameters");
        history.mapStarted(scope.cursor(), items.size());
        int maxConcurrency = state.has("MaxConcurrency") ? state.get("MaxConcurrency").asInt() : 0;
        Semaphore slots = new Semaphore(maxConcurrency == 0 ? Integer.MAX_VALUE : maxConcurrency);
        Cancellation siblings = scope.cancellation().child();
        List<CompletableFuture<JsonNode>> runs = new ArrayList<>();
        for (int index = 0; index < items.size(); index++) {
            ObjectNode item = Json.object();
            item.put("Index", index);
            item.set("Value", items.get(index));
            JsonNode itemInput = selector == null ? items.get(index)
                    : PayloadTemplate.apply(selector, effective, dataFlow.context(state, entered, retryCount, null, item),
                            "ItemSelector");
            int iteration = index;
            ThreadOfControl iterationScope = new ThreadOfControl(scope.cursor().fork(), siblings, item);
            StatesWork iterationWork = () -> {
                slots.acquireUninterruptibly();
                try {
                    siblings.check();
                    history.mapIterationStarted(iterationScope.cursor(), state, iteration);
                    try {
                        JsonNode output = walker.run(state.processor(), itemInput, iterationScope);
                        history.mapIterationSucceeded(iterationScope.cursor(), state, iteration);
                        return output;
                    } catch (StatesFailure failure) {
                        history.mapIterationFailed(iterationScope.cursor(), state, iteration);
                        throw failure;
                    }
                } finally {
                    slots.release();
                }
            };
            runs.add(iterationWork.submitTo(executor));
        }
        ArrayNode results = collect(runs, siblings, scope, false);
        history.mapSucceeded(scope.cursor());
        return results;
    }

    /** Waits for every branch; the first failure cancels the others and fails the state. */
    private ArrayNode collect(List<CompletableFuture<JsonNode>> runs, Cancellation siblings, ThreadOfControl scope,
                              boolean parallel) throws StatesFailure {
        CompletableFuture<Void> firstFailure = new CompletableFuture<>();
        runs.forEach(run -> run.whenComplete((value, error) -> {
            if (error != null) {
                firstFailure.complete(null);
            }
        }));
        CompletableFuture<Void> all = CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new));
        CompletableFuture.anyOf(StatesWork.settled(all), firstFailure, scope.cancellation().signal()).join();
        scope.cancellation().check();
        for (CompletableFuture<JsonNode> run : runs) {
            if (run.isCompletedExceptionally()) {
                siblings.cancel();
                Throwable cause = unwrap(run);
                if (cause instanceof StatesFailure failure) {
                    throw parallel ? failure.asBranchFailure() : failure;
                }
                if (cause instanceof ExecutionCancelledException) {
                    continue;
                }
                throw StatesFailure.runtime("A branch failed unexpectedly: " + cause);
            }
        }
        StatesWork.settled(all).join();
        ArrayNode results = NODES.arrayNode();
        runs.forEach(run -> results.add(run.join()));
        return results;
    }

    private static Throwable unwrap(CompletableFuture<JsonNode> run) {
        try {
            run.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }
}
