package dev.checkout.local.stepfunctions.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.stepfunctions.ExecutionStatus;
import dev.checkout.local.stepfunctions.asl.State;
import dev.checkout.local.stepfunctions.json.Json;
import dev.checkout.local.stepfunctions.task.TaskResource;

/**
 * Writes the history events of one execution with AWS's types and details. Every event goes through
 * the {@link ExecutionRecord}, which orders concurrent writers under its own lock and drops events
 * once the execution has closed.
 */
final class ExecutionHistoryWriter {

    private final ExecutionRecord record;

    ExecutionHistoryWriter(ExecutionRecord record) {
        this.record = record;
    }

    void executionStarted(EventCursor cursor, String roleArn) {
        ObjectNode started = Json.object();
        putPayload(started, "input", record.input());
        started.put("roleArn", roleArn);
        record.append(cursor, "ExecutionStarted", "executionStartedEventDetails", started);
    }

    /** Closes the execution as timed out after the latest event, unless it has already closed. */
    void executionTimedOut(int timeoutSeconds) {
        ObjectNode details = Json.object();
        details.put("error", "States.Timeout");
        details.put("cause", "The execution timed out after " + timeoutSeconds + " seconds");
        record.close(ExecutionStatus.TIMED_OUT, null, "States.Timeout", details.get("cause").asText(),
                new EventCursor(record.lastEventId()), "ExecutionTimedOut", "executionTimedOutEventDetails", details);
    }

    void executionSucceeded(EventCursor cursor, JsonNode output) {
        ObjectNode details = Json.object();
        putPayload(details, "output", Json.write(output));
        record.close(ExecutionStatus.SUCCEEDED, Json.write(output), null, null, cursor, "ExecutionSucceeded",
                "executionSucceededEventDetails", details);
    }

    void executionFailed(EventCursor cursor, String error, String cause) {
        ObjectNode details = Json.object();
        details.put("error", error);
        if (cause != null) {
            details.put("cause", cause);
        }
        record.close(ExecutionStatus.FAILED, null, error, cause, cursor, "ExecutionFailed", "executionFailedEventDetails",
                details);
    }

    void stateEntered(EventCursor cursor, State state, JsonNode input) {
        ObjectNode details = Json.object();
        details.put("name", state.name());
        putPayload(details, "input", Json.write(input));
        record.append(cursor, state.type() + "StateEntered", "stateEnteredEventDetails", details);
    }

    void stateExited(EventCursor cursor, State state, JsonNode output) {
        ObjectNode details = Json.object();
        details.put("name", state.name());
        putPayload(details, "output", Json.write(output));
        record.append(cursor, state.type() + "StateExited", "stateExitedEventDetails", details);
    }

    /** A Parallel or Map state failed with nothing to catch it. */
    void stateFailed(EventCursor cursor, State state) {
        record.append(cursor, state.type() + "StateFailed", null, null);
    }

    // ----- Task

    /** The task's Scheduled and Started events (LambdaFunction* for a direct Lambda ARN, Task* otherwise). */
    void taskScheduledAndStarted(EventCursor cursor, TaskResource resource, JsonNode parameters, Integer timeout,
                                 Integer heartbeat, String region) {
        if (resource.isDirectLambda()) {
            ObjectNode details = Json.object();
            details.put("resource", resource.arn());
            putPayload(details, "input", Json.write(parameters));
            if (timeout != null) {
                details.put("timeoutInSeconds", timeout);
            }
            record.append(cursor, "LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", details);
            record.append(cursor, "LambdaFunctionStarted", null, null);
        } else {
            ObjectNode details = Json.object();
            details.put("resourceType", resource.service());
            details.put("resource", resource.eventResource());
            details.put("region", region);
            details.put("parameters", Json.write(parameters));
            if (timeout != null) {
                details.put("timeoutInSeconds", timeout);
            }
            if (heartbeat != null) {
                details.put("heartbeatInSeconds", heartbeat);
            }
            record.append(cursor, "TaskScheduled", "taskScheduledEventDetails", details);
            ObjectNode startedDetails = Json.object();
            startedDetails.put("resourceType", resource.service());
            startedDetails.put("resource", resource.eventResource());
            record.append(cursor, "TaskStarted", "taskStartedEventDetails", startedDetails);
        }
    }

    /** A task parked on a token: its service call returned {@code result}. */
    void taskSubmitted(PendingTask pending, TaskResource resource, JsonNode result) {
        ObjectNode submitted = Json.object();
        submitted.put("resourceType", resource.service());
        submitted.put("resource", resource.eventResource());
        putPayload(submitted, "output", Json.write(result));
        record.submitted(pending, submitted);
    }

    /** Writes the task's success and returns its result. */
    JsonNode taskSucceeded(EventCursor cursor, TaskResource resource, JsonNode result) {
        ObjectNode details = Json.object();
        if (resource.isDirectLambda()) {
            putPayload(details, "output", Json.write(result));
            record.append(cursor, "LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails", details);
        } else {
            details.put("resourceType", resource.service());
            details.put("resource", resource.eventResource());
            putPayload(details, "output", Json.write(result));
            record.append(cursor, "TaskSucceeded", "taskSucceededEventDetails", details);
        }
        return result;
    }

    /** Writes the task's failure and returns it, to be thrown. */
    StatesFailure taskFailed(EventCursor cursor, TaskResource resource, StatesFailure failure) {
        ObjectNode details = Json.object();
        if (resource.isDirectLambda()) {
            details.put("error", failure.error());
            details.put("cause", failure.cause());
            record.append(cursor, "LambdaFunctionFailed", "lambdaFunctionFailedEventDetails", details);
        } else {
            details.put("resourceType", resource.service());
            details.put("resource", resource.eventResource());
            details.put("error", failure.error());
            details.put("cause", failure.cause());
            record.append(cursor, "TaskFailed", "taskFailedEventDetails", details);
        }
        return failure;
    }

    /** Writes the task's timeout and returns the failure to throw. */
    StatesFailure taskTimedOut(EventCursor cursor, TaskResource resource, String error, String cause) {
        ObjectNode details = Json.object();
        if (resource.isDirectLambda()) {
            details.put("error", error);
            details.put("cause", cause);
            record.append(cursor, "LambdaFunctionTimedOut", "lambdaFunctionTimedOutEventDetails", details);
        } else {
            details.put("resourceType", resource.service());
            details.put("resource", resource.eventResource());
            details.put("error", error);
            details.put("cause", cause);
            record.append(cursor, "TaskTimedOut", "taskTimedOutEventDetails", details);
        }
        return new StatesFailure(error, cause);
    }

    // ----- Parallel and Map

    void parallelStarted(EventCursor cursor) {
        record.append(cursor, "ParallelStateStarted", null, null);
    }

    void parallelSucceeded(EventCursor cursor) {
        record.append(cursor, "ParallelStateSucceeded", null, null);
    }

    void mapStarted(EventCursor cursor, int length) {
        ObjectNode started = Json.object();
        started.put("length", length);
        record.append(cursor, "MapStateStarted", "mapStateStartedEventDetails", started);
    }

    void mapSucceeded(EventCursor cursor) {
        record.append(cursor, "MapStateSucceeded", null, null);
    }

    void mapIterationStarted(EventCursor cursor, State state, int index) {
        record.append(cursor, "MapIterationStarted", "mapIterationStartedEventDetails", iteration(state, index));
    }

    void mapIterationSucceeded(EventCursor cursor, State state, int index) {
        record.append(cursor, "MapIterationSucceeded", "mapIterationSucceededEventDetails", iteration(state, index));
    }

    void mapIterationFailed(EventCursor cursor, State state, int index) {
        record.append(cursor, "MapIterationFailed", "mapIterationFailedEventDetails", iteration(state, index));
    }

    private static ObjectNode iteration(State state, int index) {
        ObjectNode details = Json.object();
        details.put("name", state.name());
        details.put("index", index);
        return details;
    }

    /** An input or output and its {@code <field>Details} (never truncated here). */
    private static void putPayload(ObjectNode details, String field, String json) {
        details.put(field, json);
        details.putObject(field + "Details").put("truncated", false);
    }
}
