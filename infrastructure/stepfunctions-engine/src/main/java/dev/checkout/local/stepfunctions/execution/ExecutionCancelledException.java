package dev.checkout.local.stepfunctions.execution;

/** Unwinds an execution (or branch) that was stopped, timed out or lost a sibling branch. */
public final class ExecutionCancelledException extends RuntimeException {

    public ExecutionCancelledException() {
        super("execution cancelled", null, false, false);
    }
}
