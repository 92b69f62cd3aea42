package dev.checkout.local.stepfunctions;

/** The status of an execution, as DescribeExecution reports it. */
public enum ExecutionStatus {
    RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED;

    public boolean isTerminal() {
        return this != RUNNING;
    }
}
