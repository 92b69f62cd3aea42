package dev.checkout.local.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.local.stepfunctions.task.LambdaFunctionException;
import dev.checkout.local.stepfunctions.task.LambdaInvoker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lambda functions scripted from JSON, keyed by function name: {@code {"echo": true}} returns the
 * payload, {@code {"returns": X}} returns X, {@code {"failures": [{"errorType", "errorMessage"}], "then": X}}
 * fails with each listed error in turn and then returns X (or the payload when "then" is absent).
 */
final class ScriptedLambdas implements LambdaInvoker {

    private final JsonNode script;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final List<String> invokedArns = new CopyOnWriteArrayList<>();

    ScriptedLambdas(JsonNode script) {
        this.script = script;
    }

    @Override
    public JsonNode invoke(String functionArn, JsonNode payload) throws LambdaFunctionException {
        invokedArns.add(functionArn);
        String name = functionArn.split(":")[6];
        JsonNode function = script == null ? null : script.get(name);
        if (function == null) {
            throw LambdaFunctionException.functionNotFound(functionArn);
        }
        int call = calls.computeIfAbsent(name, ignored -> new AtomicInteger()).getAndIncrement();
        JsonNode failures = function.path("failures");
        if (call < failures.size()) {
            JsonNode failure = failures.get(call);
            throw new LambdaFunctionException(failure.path("errorType").asText(), failure.path("errorMessage").asText());
        }
        if (function.has("returns")) {
            return function.get("returns");
        }
        if (function.has("then")) {
            return function.get("then");
        }
        return payload;
    }

    int calls(String name) {
        AtomicInteger count = calls.get(name);
        return count == null ? 0 : count.get();
    }
}
