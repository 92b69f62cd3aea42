package dev.checkout.local.stepfunctions.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.stepfunctions.ExecutionDescription;
import dev.checkout.local.stepfunctions.ExecutionStatus;
import dev.checkout.local.stepfunctions.HistoryEvent;
import dev.checkout.local.stepfunctions.clock.EngineClock;
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
     * Closes the execution with a terminal status and its terminal event, once: later calls return false.
     */
    public boolean close(ExecutionStatus terminal, String output, String error, String cause, EventCursor cursor,
                         String type, String detailsField, ObjectNode details) {
        synchronized (this) {
            if (status.isTerminal()) {
                return false;
            }
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
