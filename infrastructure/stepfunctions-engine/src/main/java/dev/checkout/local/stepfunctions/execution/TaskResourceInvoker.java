package dev.checkout.local.stepfunctions.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.stepfunctions.json.Json;
import dev.checkout.local.stepfunctions.task.LambdaFunctionException;
import dev.checkout.local.stepfunctions.task.ServiceIntegration;
import dev.checkout.local.stepfunctions.task.ServiceIntegrationException;
import dev.checkout.local.stepfunctions.task.TaskResource;

/**
 * Calls a Task state's resource: a Lambda function (by its ARN, or through {@code lambda:invoke},
 * whose result is wrapped in {@code Payload}) or an optimized service integration. A function error
 * or a service error becomes a {@link StatesFailure} with the error name Step Functions gives it.
 */
final class TaskResourceInvoker {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final EngineServices services;

    TaskResourceInvoker(EngineServices services) {
        this.services = services;
    }

    /** Calls the resource with the task's parameters and returns its result, shaped as Step Functions returns it. */
    JsonNode invoke(TaskResource resource, JsonNode parameters) throws StatesFailure {
        if (resource.service().equals("lambda")) {
            String functionArn = resource.functionArn();
            JsonNode payload = parameters;
            if (!resource.isDirectLambda()) {
                JsonNode name = parameters.get("FunctionName");
                if (name == null || !name.isTextual()) {
                    throw new StatesFailure("States.Runtime", "lambda:invoke needs a FunctionName");
                }
                functionArn = functionArn(name.asText(), parameters.path("Qualifier").asText(null));
                payload = parameters.has("Payload") ? parameters.get("Payload") : Json.object();
            }
            JsonNode response;
            try {
                response = services.lambdaInvoker().invoke(functionArn, payload);
            } catch (LambdaFunctionException e) {
                ObjectNode cause = Json.object();
                cause.put("errorMessage", e.errorMessage());
                cause.put("errorType", e.errorType());
                throw new StatesFailure(e.errorType(), Json.write(cause));
            }
            JsonNode result = response == null ? NODES.nullNode() : response;
            if (resource.isDirectLambda()) {
                return result;
            }
            ObjectNode shaped = Json.object();
            shaped.put("ExecutedVersion", "$LATEST");
            shaped.set("Payload", result);
            shaped.put("StatusCode", 200);
            return shaped;
        }
        ServiceIntegration integration = services.integrations().get(resource.service());
        if (integration == null) {
            throw new StatesFailure("States.Runtime", "No " + resource.service() + " client was given to the engine for "
                    + resource.arn());
        }
        try {
            return integration.call(resource.action(), parameters);
        } catch (ServiceIntegrationException e) {
            throw new StatesFailure(e.error(), e.errorCause());
        }
    }

    private String functionArn(String name, String qualifier) {
        String arn = name.startsWith("arn:") ? name
                : "arn:aws:lambda:" + services.region() + ":" + services.accountId() + ":function:" + name;
        return qualifier == null ? arn : arn + ":" + qualifier;
    }
}
