package dev.checkout.local.stepfunctions;

import java.time.Instant;

/**
 * What DescribeExecution returns for an execution.
 *
 * @param stopDate         null while running
 * @param output           JSON text, set when SUCCEEDED
 * @param error            error name, set when FAILED / TIMED_OUT / ABORTED (may be null)
 * @param stateTransitions how many state transitions the execution has made so far (states entered plus retries),
 *                         the unit Standard workflows are billed by
 */
public record ExecutionDescription(String executionArn, String stateMachineArn, String name, ExecutionStatus status,
                                   Instant startDate, Instant stopDate, String input, String output, String error,
                                   String cause, long stateTransitions) {
}
