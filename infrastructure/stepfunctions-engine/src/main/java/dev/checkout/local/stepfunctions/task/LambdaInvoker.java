package dev.checkout.local.stepfunctions.task;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs Lambda functions for Task states, both for function ARNs used as a resource and for
 * {@code arn:aws:states:::lambda:invoke}. The local cloud plugs in its in-process handler runner.
 */
@FunctionalInterface
public interface LambdaInvoker {

    /**
     * Invokes a function synchronously.
     *
     * @param functionArn the full function ARN, possibly with a {@code :qualifier}
     * @param payload     the event
     * @return the function's response (JSON null for none)
     * @throws LambdaFunctionException the function's error (or {@link LambdaFunctionException#functionNotFound})
     */
    JsonNode invoke(String functionArn, JsonNode payload) throws LambdaFunctionException;

    /** An invoker that knows no function. */
    static LambdaInvoker none() {
        return (functionArn, payload) -> {
            throw LambdaFunctionException.functionNotFound(functionArn);
        };
    }
}
