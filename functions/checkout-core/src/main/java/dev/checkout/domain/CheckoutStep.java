package dev.checkout.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One step of an order's checkout as the workflow ran it: the state's name, when it was entered and
 * left (null while it runs), how it ended, and the error and cause of a failure.
 */
public record CheckoutStep(String name, Instant enteredAt, Instant exitedAt, Outcome outcome, String error, String cause) {

    /** How a step ended. */
    public enum Outcome {
        SUCCEEDED,
        /** Its task failed (caught by the workflow or not); {@code error} and {@code cause} say why. */
        FAILED,
        TIMED_OUT,
        /** The execution was stopped while the step ran (the order was cancelled). */
        STOPPED,
        /** Still running. */
        RUNNING
    }

    public CheckoutStep {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(enteredAt, "enteredAt");
        Objects.requireNonNull(outcome, "outcome");
    }
}
