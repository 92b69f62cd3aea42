package dev.checkout.local.stepfunctions.clock;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * The engine's only source of time. Every Wait state, retry interval, task timeout, heartbeat
 * timeout and execution timeout is scheduled through it, so a {@link ManualClock} can
 * fast-forward a workflow without sleeping.
 */
public interface EngineClock {

    /** The current instant. */
    Instant now();

    /**
     * A future that completes once this clock reaches {@code instant} (at once if it already has).
     * Cancelling the returned future releases the timer.
     */
    CompletableFuture<Void> at(Instant instant);

    /** The wall clock, with timers on a daemon scheduler thread. */
    static EngineClock system() {
        return new SystemClock();
    }
}
