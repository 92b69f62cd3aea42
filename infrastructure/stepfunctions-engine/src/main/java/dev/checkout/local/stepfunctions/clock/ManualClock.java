package dev.checkout.local.stepfunctions.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * A clock that moves only when told to. Tests use it to fast-forward waits, retry intervals and
 * timeouts: {@link #awaitTimers(int, Duration)} blocks until the engine has parked on the clock
 * (a condition wait, not a sleep), then {@link #advance(Duration)} fires every timer that falls due.
 */
public final class ManualClock implements EngineClock {

    private record Timer(Instant due, CompletableFuture<Void> future) {
    }

    private final Object lock = new Object();
    private final List<Timer> timers = new ArrayList<>();
    private Instant now;

    /** A manual clock that starts at {@code start}. */
    public ManualClock(Instant start) {
        this.now = start;
    }

    /** A manual clock that starts at 2024-01-01T00:00:00Z. */
    public ManualClock() {
        this(Instant.parse("2024-01-01T00:00:00Z"));
    }

    @Override
    public Instant now() {
        synchronized (lock) {
            return now;
        }
    }

    @Override
    public CompletableFuture<Void> at(Instant instant) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        synchronized (lock) {
            if (!instant.isAfter(now)) {
                future.complete(null);
                return future;
            }
            Timer timer = new Timer(instant, future);
            timers.add(timer);
            future.whenComplete((ignored, error) -> {
                synchronized (lock) {
                    timers.remove(timer);
                    lock.notifyAll();
                }
            });
            lock.notifyAll();
        }
        return future;
    }

    /** Moves the clock forward and fires every timer due at or before the new instant. */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a clock cannot go back: " + duration);
        }
        List<Timer> due = new ArrayList<>();
        synchronized (lock) {
            now = now.plus(duration);
            for (Timer timer : timers) {
                if (!timer.due().isAfter(now)) {
                    due.add(timer);
                }
            }
        }
        due.forEach(timer -> timer.future().complete(null));
    }

    /** Moves the clock to the earliest pending timer and fires it; returns how far it moved. */
    public Duration advanceToNextTimer() {
        Instant next = nextTimer().orElseThrow(() -> new IllegalStateException("no pending timer"));
        Duration step = Duration.between(now(), next);
        advance(step.isNegative() ? Duration.ZERO : step);
        return step;
    }

    /** The instant of the earliest pending timer, if any. */
    public Optional<Instant> nextTimer() {
        synchronized (lock) {
            return timers.stream().map(Timer::due).min(Instant::compareTo);
        }
    }

    /** How many timers are pending. */
    public int pendingTimers() {
        synchronized (lock) {
            return timers.size();
        }
    }

    /**
     * Blocks until a timer is pending or {@code done} completes, whichever is first; true when a timer
     * is pending. Lets a driver fast-forward an execution until it ends.
     */
    public boolean awaitTimerUnless(CompletableFuture<?> done, Duration timeout) throws TimeoutException, InterruptedException {
        done.whenComplete((ignored, error) -> {
            synchronized (lock) {
                lock.notifyAll();
            }
        });
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (timers.isEmpty() && !done.isDone()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new TimeoutException("no timer and not done");
                }
                lock.wait(Math.max(1, remaining / 1_000_000));
            }
            return !timers.isEmpty();
        }
    }

    /**
     * Blocks until at least {@code count} timers are pending, so a test knows the engine is parked
     * on this clock before it advances it.
     *
     * @throws TimeoutException when that many timers are not pending within {@code timeout} of wall time
     */
    public void awaitTimers(int count, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (timers.size() < count) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new TimeoutException("expected " + count + " pending timers, have " + timers.size());
                }
                lock.wait(Math.max(1, remaining / 1_000_000));
            }
        }
    }
}
