package dev.checkout.local.stepfunctions.asl;

import java.util.Map;

/**
 * A parsed, validated Amazon States Language definition (or one branch / item processor of it).
 *
 * @param timeoutSeconds the top-level {@code TimeoutSeconds}, or null
 */
public record StateMachineDefinition(String startAt, Map<String, State> states, Integer timeoutSeconds) {

    public State state(String name) {
        return states.get(name);
    }
}
