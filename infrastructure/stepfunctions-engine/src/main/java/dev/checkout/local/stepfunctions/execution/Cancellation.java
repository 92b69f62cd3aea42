package dev.checkout.local.stepfunctions.execution;

import java.util.concurrent.CompletableFuture;

/** A signal that stops an execution or one of its branches; a child is cancelled with its parent. */
public final class Cancellation {

    private final CompletableFuture<Void> signal = new CompletableFuture<>();

    public CompletableFuture<Void> signal() {
        return signal;
    }

    public void cancel() {
        signal.complete(null);
    }

    public boolean isCancelled() {
        return signal.isDone();
    }

    /** A cancellation that fires with this one, and can also fire on its own. */
    public Cancellation child() {
        Cancellation child = new Cancellation();
        signal.thenRun(child::cancel);
        return child;
    }

    /** Throws {@link ExecutionCancelledException} when cancelled. */
    public void check() {
        if (isCancelled()) {
            throw new ExecutionCancelledException();
        }
    }
}
