package dev.checkout.local.stepfunctions.execution;

import dev.checkout.local.stepfunctions.clock.EngineClock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** Parks a thread of control on the engine clock until a time, or until its cancellation fires. */
final class CancellableSleep {

    private CancellableSleep() {
    }

    /** Returns at {@code due}; throws {@link ExecutionCancelledException} if cancelled first (or by then). */
    static void until(EngineClock clock, Instant due, Cancellation cancellation) {
        CompletableFuture<Void> timer = clock.at(due);
        try {
            CompletableFuture.anyOf(timer, cancellation.signal()).join();
        } finally {
            timer.cancel(false);
        }
        cancellation.check();
    }
}
