package dev.checkout.aws.wiring;

import java.util.Map;
import java.util.Optional;

/**
 * A function's environment variables. On Lambda it is the process environment; the embedded local
 * cloud runs several functions in one JVM and gives each the map its template entry declares.
 * Missing required variables fail at start, naming the variable.
 */
public record FunctionEnvironment(Map<String, String> variables) {

    public FunctionEnvironment {
        variables = Map.copyOf(variables);
    }

    public static FunctionEnvironment system() {
        return new FunctionEnvironment(System.getenv());
    }

    public static FunctionEnvironment of(Map<String, String> variables) {
        return new FunctionEnvironment(variables);
    }

    public String require(String name) {
        String value = variables.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set; the template sets it for every function that needs it");
        }
        return value;
    }

    public Optional<String> optional(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    public long number(String name, long defaultValue) {
        return optional(name).map(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalStateException("environment variable " + name + " must be a whole number, was '" + v + "'");
            }
        }).orElse(defaultValue);
    }
}
