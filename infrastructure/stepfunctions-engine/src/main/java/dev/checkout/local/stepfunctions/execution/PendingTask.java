package dev.checkout.local.stepfunctions.execution;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * A task parked on a task token until SendTaskSuccess, SendTaskFailure, a timeout or a heartbeat
 * timeout. The outcome future completes once: whichever comes first wins. A callback's outcome is
 * recorded in the history by the callback call itself ({@link ExecutionRecord#settle}), as Step
 * Functions does: once SendTaskSuccess has returned, the output is in the history even if the
 * execution is stopped before it moves on.
 */
public final class PendingTask {

    /** How a parked task ended. */
    public sealed interface Outcome permits Succeeded, Failed, Closed {
    }

    /** SendTaskSuccess. */
    public record Succeeded(JsonNode output) implements Outcome {
    }

    /** SendTaskFailure. */
    public record Failed(String error, String cause) implements Outcome {
    }

    /** Timed out, or the execution ended. */
    public record Closed() implements Outcome {
    }

    private final String token;
    private final String executionArn;
    private final EventCursor cursor;
    private final String resourceType;
    private final String resource;
    private final boolean heartbeatDeclared;
    private volatile boolean submitted;
    private volatile boolean recorded;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private volatile CompletableFuture<Void> beat = new CompletableFuture<>();
    private volatile Instant lastBeat;

    /**
     * @param heartbeatDeclared whether the task state declares {@code HeartbeatSeconds} (or its path): only then
     *                          does it take heartbeats
     */
    public PendingTask(String token, String executionArn, Instant started, EventCursor cursor, String resourceType, String resource,
                       boolean heartbeatDeclared) {
        this.token = token;
        this.heartbeatDeclared = heartbeatDeclared;
        this.executionArn = executionArn;
        this.lastBeat = started;
        this.cursor = cursor;
        this.resourceType = resourceType;
        this.resource = resource;
    }

    public String token() {
        return token;
    }

    public String executionArn() {
        return executionArn;
    }

    public CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    /** Completes when the next heartbeat arrives. Read it before {@link #lastBeat()}. */
    public CompletableFuture<Void> nextBeat() {
        return beat;
    }

    public Instant lastBeat() {
        return lastBeat;
    }

    /**
     * Whether the task state declares a heartbeat interval. A task without one refuses heartbeats as
     * LocalStack does ({@code InvalidToken}); AWS's reference says only that a heartbeat resets the clock
     * that {@code HeartbeatSeconds} sets, so a caller that needs heartbeats declares the interval.
     */
    public boolean takesHeartbeats() {
        return heartbeatDeclared;
    }

    /** Records a heartbeat; false when the task has already closed. */
    public boolean heartbeat(Instant now) {
        if (outcome.isDone()) {
            return false;
        }
        lastBeat = now;
        CompletableFuture<Void> previous = beat;
        beat = new CompletableFuture<>();
        previous.complete(null);
        return true;
    }

    /** Offers an outcome; false when the task had already closed. */
    public boolean complete(Outcome result) {
        return outcome.complete(result);
    }

    /** True when the outcome's history event was written by the callback call (so the execution does not write it again). */
    boolean recorded() {
        return recorded;
    }

    EventCursor cursor() {
        return cursor;
    }

    String resourceType() {
        return resourceType;
    }

    String resource() {
        return resource;
    }

    void markRecorded() {
        recorded = true;
    }

    boolean submitted() {
        return submitted;
    }

    void markSubmitted() {
        submitted = true;
    }
}
