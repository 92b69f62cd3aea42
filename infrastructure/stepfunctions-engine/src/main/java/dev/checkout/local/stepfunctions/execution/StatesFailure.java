package dev.checkout.local.stepfunctions.execution;

import java.util.Set;

/**
 * A failure inside a state machine: an error name and a cause, as Amazon States Language
 * describes them. Retry and Catch match on {@link #error()}.
 */
public final class StatesFailure extends Exception {

    /** Errors no Retry or Catch can handle (AWS documents them as terminal). */
    private static final Set<String> TERMINAL = Set.of("States.Runtime", "States.DataLimitExceeded");

    private final String error;
    private final String failureCause;
    private final boolean fromBranch;

    public StatesFailure(String error, String cause) {
        this(error, cause, false);
    }

    private StatesFailure(String error, String cause, boolean fromBranch) {
        super(error + (cause == null ? "" : ": " + cause), null, false, false);
        this.error = error;
        this.failureCause = cause;
        this.fromBranch = fromBranch;
    }

    public static StatesFailure runtime(String cause) {
        return new StatesFailure("States.Runtime", cause);
    }

    public static StatesFailure intrinsic(String cause) {
        return new StatesFailure("States.IntrinsicFailure", cause);
    }

    /** The same failure, marked as coming out of a Parallel branch (so States.BranchFailed matches it). */
    public StatesFailure asBranchFailure() {
        return new StatesFailure(error, failureCause, true);
    }

    public String error() {
        return error;
    }

    public String cause() {
        return failureCause;
    }

    /** Whether Retry and Catch may handle it at all. */
    public boolean isHandleable() {
        return !TERMINAL.contains(error);
    }

    /** Whether an {@code ErrorEquals} entry matches this failure. */
    public boolean matches(String errorEquals) {
        if (!isHandleable()) {
            return false;
        }
        if ("States.ALL".equals(errorEquals)) {
            return true;
        }
        if ("States.BranchFailed".equals(errorEquals) && fromBranch) {
            return true;
        }
        if ("States.TaskFailed".equals(errorEquals)) {
            return !"States.Timeout".equals(error);
        }
        return errorEquals.equals(error);
    }
}
