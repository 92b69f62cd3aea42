package dev.checkout.local.stepfunctions.asl;

import java.util.List;

/** A definition that is not valid Amazon States Language (or uses what this engine cannot run). */
public final class InvalidDefinitionException extends Exception {

    private final List<String> problems;

    public InvalidDefinitionException(List<String> problems) {
        super("Invalid State Machine Definition: '" + String.join(", ", problems) + "'");
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, each like {@code MISSING_TRANSITION_TARGET: ... at /States/X/Next}. */
    public List<String> problems() {
        return problems;
    }
}
