package dev.checkout.local.stepfunctions.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.stepfunctions.ExecutionDescription;
import dev.checkout.local.stepfunctions.ExecutionStatus;
import dev.checkout.local.stepfunctions.HistoryEvent;
import dev.checkout.local.stepfunctions.clock.EngineClock;
import dev.checkout.local.stepfunctions.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live state of one execution: status, result, history and transition count. Thread-safe;
 * branches of Parallel and Map states append to it concurrently.
 */
public final class ExecutionRecord {

    private final String executionArn;
    private final String stateMachineArn;
    private final String name;
    private final String input;
    private final Instant startDate;
    private final EngineClock clock;
    private final List<HistoryEvent> history = new ArrayList<>();
    private final List<PendingTask> settledBeforeSubmitted = new ArrayList<>();
    private final AtomicLong transitions = new AtomicLong();
    private final CompletableFuture<ExecutionDescription> terminated = new CompletableFuture<>();
    private final Cancellation cancellation = new Cancellation();
    private ExecutionStatus status = ExecutionStatus.RUNNING;
    private Instant stopDate;
    private String output;
    private String error;
    private String cause;

    public ExecutionRecord(String executionArn, String stateMachineArn, String name, String input, EngineClock clock) {
        this.executionArn = executionArn;
        this.stateMachineArn = stateMachineArn;
        this.name = name;
        this.input = input;
        this.clock = clock;
        this.startDate = clock.now();
    }

    public String executionArn() {
        return executionArn;
    }

    public String stateMachineArn() {
        return stateMachineArn;
    }

    public String name() {
        return name;
    }

    public String input() {
        return input;
    }

    public Instant startDate() {
        return startDate;
    }

    public Cancellation cancellation() {
        return cancellation;
    }

    public CompletableFuture<ExecutionDescription> terminated() {
        return terminated;
    }

    public void countTransition() {
        transitions.incrementAndGet();
    }

    /**
     * Appends an event after the cursor's last one and moves the cursor. Events after the execution
     * closed are dropped (branches still winding down).
     */
    public synchronized long append(EventCursor cursor, String type, String detailsField, ObjectNode details) {
        if (status.isTerminal()) {
            return cursor.last();
        }
        return add(cursor, type, detailsField, details);
    }

    private long add(EventCursor cursor, String type, String detailsField, ObjectNode details) {
        long id = history.size() + 1;
        history.add(new HistoryEvent(id, cursor.last(), clock.now(), type, detailsField, details));
        cursor.moveTo(id);
        return id;
    }

    /**
     * A callback (SendTaskSuccess or SendTaskFailure) settles a parked task: refused once the execution
     * has closed or the task has. Otherwise its TaskSucceeded or TaskFailed event is written with it, as
     * Step Functions does, so that a stop right after the callback cannot lose what the task was given.
     * A callback that beats the task's TaskSubmitted event is written right after that event (or, if the
     * execution closes first, before its terminal event).
     */
    public synchronized boolean settle(PendingTask task, PendingTask.Outcome outcome) {
        if (status.isTerminal() || !task.complete(outcome)) {
            return false;
        }
        if (task.submitted()) {
            recordOutcome(task);
        } else {
            settledBeforeSubmitted.add(task);
        }
        return true;
    }

    /** The parked task's service call returned: its TaskSubmitted event, then the outcome of a callback that came first. */
    public synchronized void submitted(PendingTask task, ObjectNode details) {
        if (status.isTerminal()) {
            return;
        }
        add(task.cursor(), "TaskSubmitted", "taskSubmittedEventDetails", details);
        task.markSubmitted();
        if (settledBeforeSubmitted.remove(task)) {
            recordOutcome(task);
        }
    }

    /** Whether the callback that settled {@code task} wrote its event (waits for that callback to finish). */
    public synchronized boolean recordedByCallback(PendingTask task) {
        return task.recorded();
    }

    private void recordOutcome(PendingTask task) {
        PendingTask.Outcome outcome = task.outcome().join();
        ObjectNode details = Json.object();
        details.put("resourceType", task.resourceType());
        details.put("resource", task.resource());
        if (outcome instanceof PendingTask.Succeeded succeeded) {
            details.put("output", Json.write(succeeded.output()));
            details.putObject("outputDetails").put("truncated", false);
            add(task.cursor(), "TaskSucceeded", "taskSucceededEventDetails", details);
        } else if (outcome instanceof PendingTask.Failed failed) {
            details.put("error", failed.error());
            details.put("cause", failed.cause());
            add(task.cursor(), "TaskFailed", "taskFailedEventDetails", details);
        } else {
            return;
        }
        task.markRecorded();
    }

    /**
     * Closes the execution with a terminal status and its terminal event, once: later calls return false.
     */
    public boolean close(ExecutionStatus terminal, String output, String error, String cause, EventCursor cursor,
                         String type, String detailsField, ObjectNode details) {
        synchronized (this) {
            if (status.isTerminal()) {
                return false;
            }
            for (PendingTask settled : settledBeforeSubmitted) {
                recordOutcome(settled);
            }
            settledBeforeSubmitted.clear();
            add(cursor, type, detailsField, details);
            this.status = terminal;
            this.stopDate = clock.now();
            this.output = output;
            this.error = error;
            this.cause = cause;
        }
        cancellation.cancel();
        terminated.complete(describe());
        return true;
    }

    public synchronized ExecutionStatus status() {
        return status;
    }

    public synchronized long lastEventId() {
        return history.size();
    }

    public synchronized List<HistoryEvent> history() {
        return List.copyOf(history);
    }

    public synchronized ExecutionDescription describe() {
        return new ExecutionDescription(executionArn, stateMachineArn, name, status, startDate, stopDate, input, output,
                error, cause, transitions.get());
    }
}
