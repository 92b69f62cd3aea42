package dev.checkout.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.checkout.local.stepfunctions.task.LambdaFunctionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The template's functions, loaded in-process, by logical id, each with the environment it runs
 * with: what the gateway, the event sources and the workflow call, and what tests invoke, count and
 * make crash.
 */
final class LocalFunctions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, LocalFunction> functions = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> environments = new LinkedHashMap<>();

    void add(String logicalId, LocalFunction function, Map<String, String> environment) {
        functions.put(logicalId, function);
        environments.put(logicalId, Map.copyOf(environment));
    }

    /** The function of that logical id, or null when the template has none. */
    LocalFunction get(String logicalId) {
        return functions.get(logicalId);
    }

    List<String> logicalIds() {
        return List.copyOf(functions.keySet());
    }

    private LocalFunction existing(String logicalId) {
        LocalFunction function = functions.get(logicalId);
        if (function == null) {
            throw new IllegalArgumentException("no function " + logicalId + "; there are " + functions.keySet());
        }
        return function;
    }

    /** A task of the workflow invoking a function by its ARN, as Step Functions' Lambda integration does. */
    JsonNode invokeFromWorkflow(String functionArn, JsonNode payload) throws LambdaFunctionException {
        String name = functionArn.substring(functionArn.indexOf(":function:") + ":function:".length());
        int qualifier = name.indexOf(':');
        LocalFunction function = functions.get(qualifier < 0 ? name : name.substring(0, qualifier));
        if (function == null) {
            throw LambdaFunctionException.functionNotFound(functionArn);
        }
        try {
            byte[] result = function.invoke(JSON.writeValueAsBytes(payload));
            return result.length == 0 ? JSON.nullNode() : JSON.readTree(result);
        } catch (LocalFunction.FunctionError e) {
            // Step Functions names an unhandled failure of the runtime (a crash, out of memory, a timeout)
            // Lambda.Unknown; a handler's exception keeps its class name.
            String error = e.errorType().equals(LocalFunction.CRASH_ERROR) ? "Lambda.Unknown" : e.errorType();
            throw new LambdaFunctionException(error, e.errorMessage());
        } catch (IOException e) {
            throw new LambdaFunctionException("Lambda.Unknown", "the function returned invalid JSON: " + e.getMessage());
        }
    }

    /** Request-response invocation, as Lambda's Invoke API; a failure becomes an IllegalStateException naming its type. */
    String invoke(String logicalId, String event) {
        LocalFunction function = existing(logicalId);
        try {
            return new String(function.invoke(event.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        } catch (LocalFunction.FunctionError e) {
            throw new IllegalStateException(logicalId + " failed: " + e.errorType() + ": " + e.errorMessage());
        }
    }

    void crashAfterHandler(String logicalId, double rate) {
        existing(logicalId).crashAfterHandler(rate);
    }

    Map<String, String> environment(String logicalId) {
        Map<String, String> environment = environments.get(logicalId);
        if (environment == null) {
            throw new IllegalArgumentException("no function " + logicalId + " in the template");
        }
        return environment;
    }

    Map<String, Long> invocations() {
        var counts = new LinkedHashMap<String, Long>();
        functions.forEach((id, f) -> counts.put(id, f.invocations()));
        return counts;
    }

    Map<String, Long> crashes() {
        var counts = new LinkedHashMap<String, Long>();
        functions.forEach((id, f) -> counts.put(id, f.crashes()));
        return counts;
    }
}
