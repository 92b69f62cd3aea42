package dev.checkout.local.stepfunctions.execution;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Work that yields JSON or fails with a {@link StatesFailure}: a Parallel branch, a Map iteration,
 * a task's service call.
 */
@FunctionalInterface
interface StatesWork {

    JsonNode run() throws StatesFailure;

    /** Runs on {@code executor}; a {@link StatesFailure} completes the future exceptionally, as its cause. */
    default CompletableFuture<JsonNode> submitTo(Executor executor) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return run();
            } catch (StatesFailure failure) {
                throw new CompletionException(failure);
            }
        }, executor);
    }

    /** Completes normally when {@code future} completes, however it completes. */
    static CompletableFuture<Void> settled(CompletableFuture<?> future) {
        return future.handle((value, error) -> null);
    }
}
