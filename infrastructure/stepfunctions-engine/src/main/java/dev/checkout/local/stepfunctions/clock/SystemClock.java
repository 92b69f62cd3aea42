package dev.checkout.local.stepfunctions.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** {@link EngineClock} backed by the system clock; timers run on one daemon thread. */
public final class SystemClock implements EngineClock {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "stepfunctions-clock");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public CompletableFuture<Void> at(Instant instant) {
        CompletableFuture<Void> timer = new CompletableFuture<>();
        long delayMillis = Math.max(0, Duration.between(Instant.now(), instant).toMillis());
        if (delayMillis == 0) {
            timer.complete(null);
            return timer;
        }
        ScheduledFuture<?> scheduled = scheduler.schedule(() -> timer.complete(null), delayMillis, TimeUnit.MILLISECONDS);
        timer.whenComplete((ignored, error) -> scheduled.cancel(false));
        return timer;
    }
}
