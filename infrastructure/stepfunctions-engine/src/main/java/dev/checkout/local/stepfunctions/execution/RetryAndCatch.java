package dev.checkout.local.stepfunctions.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.stepfunctions.asl.Catcher;
import dev.checkout.local.stepfunctions.asl.Retrier;
import dev.checkout.local.stepfunctions.asl.State;
import dev.checkout.local.stepfunctions.clock.EngineClock;
import dev.checkout.local.stepfunctions.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The error handling of a Task, Parallel or Map state: runs an attempt, and on a handleable
 * {@link StatesFailure} retries it as the first matching Retrier allows (backoff and jitter on the
 * engine clock, each retry counted as a transition), else hands the error to the first matching
 * Catcher, else writes the Parallel or Map state's failure and rethrows.
 */
final class RetryAndCatch {

    /** One attempt of the state, told how many retries came before it. */
    @FunctionalInterface
    interface Attempt {
        StateOutcome run(int retryCount) throws StatesFailure;
    }

    private final EngineClock clock;
    private final ExecutionRecord record;
    private final ExecutionHistoryWriter history;

    RetryAndCatch(EngineClock clock, ExecutionRecord record, ExecutionHistoryWriter history) {
        this.clock = clock;
        this.record = record;
        this.history = history;
    }

    StateOutcome run(State state, JsonNode input, ThreadOfControl scope, Attempt attempt) throws StatesFailure {
        int[] attempts = new int[state.retriers().size()];
        int retryCount = 0;
        while (true) {
            try {
                return attempt.run(retryCount);
            } catch (StatesFailure failure) {
                if (!failure.isHandleable()) {
                    throw failure;
                }
                Retrier retrier = null;
                int index = 0;
                for (; index < state.retriers().size(); index++) {
                    if (matchesAny(failure, state.retriers().get(index).errorEquals())) {
                        retrier = state.retriers().get(index);
                        break;
                    }
                }
                if (retrier != null && attempts[index] < retrier.maxAttempts()) {
                    attempts[index]++;
                    retryCount++;
                    double interval = retrier.intervalBefore(attempts[index]);
                    if (retrier.fullJitter()) {
                        interval = ThreadLocalRandom.current().nextDouble() * interval;
                    }
                    CancellableSleep.until(clock, clock.now().plus(Duration.ofMillis(Math.round(interval * 1000))),
                            scope.cancellation());
                    record.countTransition();
                    continue;
                }
                for (Catcher catcher : state.catchers()) {
                    if (matchesAny(failure, catcher.errorEquals())) {
                        ObjectNode errorOutput = Json.object();
                        errorOutput.put("Error", failure.error());
                        errorOutput.put("Cause", failure.cause());
                        return new StateOutcome(StateDataFlow.resultPath(catcher.resultPath(), input, errorOutput),
                                catcher.next());
                    }
                }
                if (state.type().equals("Parallel") || state.type().equals("Map")) {
                    history.stateFailed(scope.cursor(), state);
                }
                throw failure;
            }
        }
    }

    private static boolean matchesAny(StatesFailure failure, List<String> errorEquals) {
        for (String error : errorEquals) {
            if (failure.matches(error)) {
                return true;
            }
        }
        return false;
    }
}
