package dev.checkout.local.stepfunctions.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.stepfunctions.asl.State;
import dev.checkout.local.stepfunctions.json.Json;
import dev.checkout.local.stepfunctions.json.PathEvaluator;
import dev.checkout.local.stepfunctions.json.PayloadTemplate;
import dev.checkout.local.stepfunctions.json.ResultPathWriter;
import java.time.Instant;

/**
 * The data flow of a state in the JSONPath query language: the context object ({@code $$}),
 * InputPath, Parameters, ResultSelector, ResultPath and OutputPath. Reads the execution's fixed
 * facts only, so any thread of control may use it.
 */
final class StateDataFlow {

    private final ExecutionRecord record;
    private final String stateMachineArn;
    private final String stateMachineName;
    private final String roleArn;

    StateDataFlow(ExecutionRecord record, String stateMachineArn, String stateMachineName, String roleArn) {
        this.record = record;
        this.stateMachineArn = stateMachineArn;
        this.stateMachineName = stateMachineName;
        this.roleArn = roleArn;
    }

    /** The context object of a state; {@code token} and {@code mapItem} are added when not null. */
    ObjectNode context(State state, Instant entered, int retryCount, String token, JsonNode mapItem) {
        ObjectNode context = Json.object();
        ObjectNode execution = context.putObject("Execution");
        execution.put("Id", record.executionArn());
        execution.put("Name", record.name());
        execution.put("StartTime", record.startDate().toString());
        execution.put("RoleArn", roleArn);
        execution.put("RedriveCount", 0);
        try {
            execution.set("Input", Json.parse(record.input()));
        } catch (JsonProcessingException e) {
            execution.put("Input", record.input());
        }
        ObjectNode machine = context.putObject("StateMachine");
        machine.put("Id", stateMachineArn);
        machine.put("Name", stateMachineName);
        ObjectNode stateNode = context.putObject("State");
        stateNode.put("Name", state.name());
        stateNode.put("EnteredTime", entered.toString());
        stateNode.put("RetryCount", retryCount);
        if (token != null) {
            context.putObject("Task").put("Token", token);
        }
        if (mapItem != null) {
            context.putObject("Map").set("Item", mapItem);
        }
        return context;
    }

    /** The state's input as InputPath selects it. */
    JsonNode inputPath(State state, JsonNode input, JsonNode mapItem, Instant entered) throws StatesFailure {
        return selectPath(state, "InputPath", input, mapItem, entered);
    }

    /** The state's output as OutputPath selects it. */
    JsonNode outputPath(State state, JsonNode output, JsonNode mapItem, Instant entered) throws StatesFailure {
        return selectPath(state, "OutputPath", output, mapItem, entered);
    }

    private JsonNode selectPath(State state, String field, JsonNode data, JsonNode mapItem, Instant entered)
            throws StatesFailure {
        String path = state.pathOrDefault(field);
        if (path == null) {
            return Json.object();
        }
        return PathEvaluator.read(path, data, context(state, entered, 0, null, mapItem)).orElseThrow(() ->
                StatesFailure.runtime("An error occurred while executing the state '" + state.name() + "'. Invalid path '"
                        + path + "' : No results for path: " + path));
    }

    /** The state's Parameters applied to its effective input, or that input when it has none. */
    static JsonNode parameters(State state, JsonNode effective, ObjectNode context) throws StatesFailure {
        return state.has("Parameters")
                ? PayloadTemplate.apply(state.get("Parameters"), effective, context, "Parameters")
                : effective;
    }

    /** The state's ResultSelector applied to its result, or that result when it has none. */
    JsonNode resultSelector(State state, JsonNode result, Instant entered, int retryCount, JsonNode mapItem)
            throws StatesFailure {
        if (!state.has("ResultSelector")) {
            return result;
        }
        return PayloadTemplate.apply(state.get("ResultSelector"), result,
                context(state, entered, retryCount, null, mapItem), "ResultSelector");
    }

    /** {@code result} placed into the raw input at ResultPath; a null path keeps the input. */
    static JsonNode resultPath(String path, JsonNode rawInput, JsonNode result) throws StatesFailure {
        if (path == null) {
            return rawInput;
        }
        return ResultPathWriter.write(rawInput, path, result);
    }
}
