package dev.checkout.local.stepfunctions.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.stepfunctions.json.IntrinsicEvaluator;
import dev.checkout.local.stepfunctions.json.IntrinsicExpression;
import dev.checkout.local.stepfunctions.json.Json;
import dev.checkout.local.stepfunctions.json.PathEvaluator;
import dev.checkout.local.stepfunctions.json.ResultPathWriter;
import dev.checkout.local.stepfunctions.task.TaskResource;
import dev.checkout.local.stepfunctions.task.UnsupportedResourceException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses and validates an Amazon States Language definition (JSONPath query language), collecting
 * every problem with the place it was found, the way CreateStateMachine reports them.
 */
public final class DefinitionParser {

    /** Every Choice comparison operator. */
    public static final Set<String> COMPARATORS = Set.of(
            "StringEquals", "StringEqualsPath", "StringLessThan", "StringLessThanPath", "StringGreaterThan",
            "StringGreaterThanPath", "StringLessThanEquals", "StringLessThanEqualsPath", "StringGreaterThanEquals",
            "StringGreaterThanEqualsPath", "StringMatches",
            "NumericEquals", "NumericEqualsPath", "NumericLessThan", "NumericLessThanPath", "NumericGreaterThan",
            "NumericGreaterThanPath", "NumericLessThanEquals", "NumericLessThanEqualsPath", "NumericGreaterThanEquals",
            "NumericGreaterThanEqualsPath",
            "BooleanEquals", "BooleanEqualsPath",
            "TimestampEquals", "TimestampEqualsPath", "TimestampLessThan", "TimestampLessThanPath", "TimestampGreaterThan",
            "TimestampGreaterThanPath", "TimestampLessThanEquals", "TimestampLessThanEqualsPath",
            "TimestampGreaterThanEquals", "TimestampGreaterThanEqualsPath",
            "IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp");

    private static final Set<String> TYPES = Set.of("Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map");
    private static final Set<String> TRANSITIONING = Set.of("Task", "Pass", "Wait", "Parallel", "Map");

    private final List<String> problems = new ArrayList<>();

    private DefinitionParser() {
    }

    /** Parses and validates definition text. */
    public static StateMachineDefinition parse(String text) throws InvalidDefinitionException {
        JsonNode root;
        try {
            root = Json.parse(text);
        } catch (JsonProcessingException e) {
            throw new InvalidDefinitionException(List.of("INVALID_JSON_DESCRIPTION: " + e.getOriginalMessage()));
        }
        DefinitionParser parser = new DefinitionParser();
        StateMachineDefinition definition = parser.machine(root, "");
        if (!parser.problems.isEmpty()) {
            throw new InvalidDefinitionException(parser.problems);
        }
        return definition;
    }

    private void problem(String code, String message, String at) {
        problems.add(code + ": " + message + " at " + (at.isEmpty() ? "/" : at));
    }

    private StateMachineDefinition machine(JsonNode root, String at) {
        if (root == null || !root.isObject()) {
            problem("SCHEMA_VALIDATION_FAILED", "The definition must be a JSON object", at);
            return null;
        }
        if (root.has("QueryLanguage") && !"JSONPath".equals(root.get("QueryLanguage").asText())) {
            problem("SCHEMA_VALIDATION_FAILED", "Only the JSONPath query language is supported", at + "/QueryLanguage");
        }
        JsonNode startAt = root.get("StartAt");
        if (startAt == null || !startAt.isTextual()) {
            problem("SCHEMA_VALIDATION_FAILED", "The field 'StartAt' is required and must be a string", at + "/StartAt");
        }
        JsonNode statesNode = root.get("States");
        if (statesNode == null || !statesNode.isObject() || statesNode.isEmpty()) {
            problem("SCHEMA_VALIDATION_FAILED", "The field 'States' is required and must be a non-empty object", at + "/States");
            return null;
        }
        Integer timeout = null;
        if (root.has("TimeoutSeconds")) {
            timeout = positiveInt(root.get("TimeoutSeconds"), at + "/TimeoutSeconds");
        }
        Map<String, State> states = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = statesNode.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            State state = state(entry.getKey(), entry.getValue(), at + "/States/" + entry.getKey());
            if (state != null) {
                states.put(entry.getKey(), state);
            }
        }
        String start = startAt == null ? null : startAt.asText();
        if (start != null && !statesNode.has(start)) {
            problem("MISSING_TRANSITION_TARGET", "Missing 'StartAt' target: " + start, at + "/StartAt");
        }
        transitions(statesNode, at);
        if (start != null && statesNode.has(start)) {
            reachability(start, statesNode, at);
        }
        return new StateMachineDefinition(start, states, timeout);
    }

    private void transitions(JsonNode statesNode, String at) {
        Iterator<Map.Entry<String, JsonNode>> fields = statesNode.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            String place = at + "/States/" + entry.getKey();
            for (Map.Entry<String, String> target : targets(entry.getValue()).entrySet()) {
                if (!statesNode.has(target.getValue())) {
                    problem("MISSING_TRANSITION_TARGET", "Missing '" + target.getKey().replaceAll(".*/", "") + "' target: "
                            + target.getValue(), place + "/" + target.getKey());
                }
            }
        }
    }

    /** Where a state can go: field location to target name. */
    private static Map<String, String> targets(JsonNode state) {
        Map<String, String> targets = new LinkedHashMap<>();
        if (state == null || !state.isObject()) {
            return targets;
        }
        if (state.path("Next").isTextual()) {
            targets.put("Next", state.get("Next").asText());
        }
        if (state.path("Default").isTextual()) {
            targets.put("Default", state.get("Default").asText());
        }
        JsonNode choices = state.path("Choices");
        for (int i = 0; i < choices.size(); i++) {
            if (choices.get(i).path("Next").isTextual()) {
                targets.put("Choices/" + i + "/Next", choices.get(i).get("Next").asText());
            }
        }
        JsonNode catchers = state.path("Catch");
        for (int i = 0; i < catchers.size(); i++) {
            if (catchers.get(i).path("Next").isTextual()) {
                targets.put("Catch/" + i + "/Next", catchers.get(i).get("Next").asText());
            }
        }
        return targets;
    }

    private void reachability(String start, JsonNode statesNode, String at) {
        Set<String> reached = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(start));
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (reached.add(name) && statesNode.has(name)) {
                pending.addAll(targets(statesNode.get(name)).values());
            }
        }
        statesNode.fieldNames().forEachRemaining(name -> {
            if (!reached.contains(name)) {
                problem("UNREACHABLE_STATE", "State '" + name + "' is not reachable", at + "/States/" + name);
            }
        });
    }

    private State state(String name, JsonNode node, String at) {
        if (name.length() > 80) {
            problem("SCHEMA_VALIDATION_FAILED", "State names are at most 80 characters", at);
        }
        if (node == null || !node.isObject()) {
            problem("SCHEMA_VALIDATION_FAILED", "A state must be a JSON object", at);
            return null;
        }
        String type = node.path("Type").asText(null);
        if (type == null) {
            problem("SCHEMA_VALIDATION_FAILED", "The field 'Type' is required", at + "/Type");
            return null;
        }
        if (!TYPES.contains(type)) {
            problem("SCHEMA_VALIDATION_FAILED", "Unknown state type '" + type + "'", at + "/Type");
            return null;
        }
        ObjectNode object = (ObjectNode) node;
        boolean hasNext = node.has("Next");
        boolean end = node.path("End").asBoolean(false);
        if (TRANSITIONING.contains(type)) {
            if (hasNext && end) {
                problem("SCHEMA_VALIDATION_FAILED", "A state cannot have both 'Next' and 'End'", at);
            } else if (!hasNext && !end) {
                problem("SCHEMA_VALIDATION_FAILED", "A " + type + " state needs 'Next' or 'End: true'", at);
            }
        } else if (hasNext || node.has("End")) {
            problem("SCHEMA_VALIDATION_FAILED", "A " + type + " state cannot have 'Next' or 'End'", at);
        }
        for (String field : List.of("InputPath", "OutputPath")) {
            referencePath(node, field, at, true);
        }
        if (Set.of("Task", "Pass", "Parallel", "Map").contains(type)) {
            referencePath(node, "ResultPath", at, false);
            template(node.get("Parameters"), at + "/Parameters");
        }
        if (Set.of("Task", "Parallel", "Map").contains(type)) {
            template(node.get("ResultSelector"), at + "/ResultSelector");
        }
        List<Retrier> retriers = List.of();
        List<Catcher> catchers = List.of();
        if (Set.of("Task", "Parallel", "Map").contains(type)) {
            retriers = retriers(node.get("Retry"), at + "/Retry");
            catchers = catchers(node.get("Catch"), at + "/Catch");
        } else if (node.has("Retry") || node.has("Catch")) {
            problem("SCHEMA_VALIDATION_FAILED", "A " + type + " state cannot have 'Retry' or 'Catch'", at);
        }
        TaskResource resource = null;
        List<StateMachineDefinition> branches = List.of();
        StateMachineDefinition processor = null;
        switch (type) {
            case "Task" -> resource = task(node, at);
            case "Choice" -> choice(node, at);
            case "Wait" -> waitState(node, at);
            case "Fail" -> fail(node, at);
            case "Parallel" -> branches = parallel(node, at);
            case "Map" -> processor = map(node, at);
            default -> {
            }
        }
        return new State(name, type, object, retriers, catchers, resource, branches, processor);
    }

    private TaskResource task(JsonNode node, String at) {
        JsonNode resource = node.get("Resource");
        if (resource == null || !resource.isTextual()) {
            problem("SCHEMA_VALIDATION_FAILED", "The field 'Resource' is required and must be a string", at + "/Resource");
            return null;
        }
        TaskResource parsed = null;
        try {
            parsed = TaskResource.parse(resource.asText());
        } catch (UnsupportedResourceException e) {
            problem("UNSUPPORTED_RESOURCE", e.getMessage(), at + "/Resource");
        }
        exclusive(node, at, "TimeoutSeconds", "TimeoutSecondsPath");
        exclusive(node, at, "HeartbeatSeconds", "HeartbeatSecondsPath");
        if (node.has("TimeoutSeconds")) {
            positiveInt(node.get("TimeoutSeconds"), at + "/TimeoutSeconds");
        }
        if (node.has("HeartbeatSeconds")) {
            Integer heartbeat = positiveInt(node.get("HeartbeatSeconds"), at + "/HeartbeatSeconds");
            JsonNode timeout = node.get("TimeoutSeconds");
            if (heartbeat != null && timeout != null && timeout.canConvertToInt() && heartbeat >= timeout.asInt()) {
                problem("SCHEMA_VALIDATION_FAILED", "HeartbeatSeconds must be smaller than TimeoutSeconds", at + "/HeartbeatSeconds");
            }
        }
        anyPath(node, "TimeoutSecondsPath", at);
        anyPath(node, "HeartbeatSecondsPath", at);
        if (parsed != null && parsed.waitForTaskToken() && !Json.write(node.path("Parameters")).contains("$$.Task.Token")) {
            problem("SCHEMA_VALIDATION_FAILED", "A .waitForTaskToken task must pass $$.Task.Token in its Parameters",
                    at + "/Parameters");
        }
        return parsed;
    }

    private void choice(JsonNode node, String at) {
        JsonNode choices = node.get("Choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            problem("SCHEMA_VALIDATION_FAILED", "A Choice state needs a non-empty 'Choices' array", at + "/Choices");
            return;
        }
        for (int i = 0; i < choices.size(); i++) {
            JsonNode rule = choices.get(i);
            String place = at + "/Choices/" + i;
            if (!rule.path("Next").isTextual()) {
                problem("SCHEMA_VALIDATION_FAILED", "A choice rule needs 'Next'", place);
            }
            rule(rule, place);
        }
    }

    private void rule(JsonNode rule, String at) {
        if (!rule.isObject()) {
            problem("SCHEMA_VALIDATION_FAILED", "A choice rule must be an object", at);
            return;
        }
        List<String> operators = new ArrayList<>();
        rule.fieldNames().forEachRemaining(field -> {
            if (COMPARATORS.contains(field) || Set.of("And", "Or", "Not").contains(field)) {
                operators.add(field);
            }
        });
        if (operators.size() != 1) {
            problem("SCHEMA_VALIDATION_FAILED", "A choice rule needs exactly one comparison or And/Or/Not, found " + operators, at);
            return;
        }
        String operator = operators.get(0);
        switch (operator) {
            case "And", "Or" -> {
                JsonNode list = rule.get(operator);
                if (!list.isArray() || list.isEmpty()) {
                    problem("SCHEMA_VALIDATION_FAILED", operator + " needs a non-empty array", at + "/" + operator);
                    return;
                }
                for (int i = 0; i < list.size(); i++) {
                    rule(list.get(i), at + "/" + operator + "/" + i);
                }
            }
            case "Not" -> rule(rule.get("Not"), at + "/Not");
            default -> {
                JsonNode variable = rule.get("Variable");
                if (variable == null || !variable.isTextual() || !PathEvaluator.isValid(variable.asText())) {
                    problem("SCHEMA_VALIDATION_FAILED", "A comparison needs a valid 'Variable' path", at + "/Variable");
                }
                JsonNode value = rule.get(operator);
                if (operator.endsWith("Path") && (!value.isTextual() || !PathEvaluator.isValid(value.asText()))) {
                    problem("SCHEMA_VALIDATION_FAILED", "Invalid path in " + operator, at + "/" + operator);
                } else if (operator.startsWith("Is") && !value.isBoolean()) {
                    problem("SCHEMA_VALIDATION_FAILED", operator + " takes true or false", at + "/" + operator);
                } else if (operator.startsWith("Numeric") && !operator.endsWith("Path") && !value.isNumber()) {
                    problem("SCHEMA_VALIDATION_FAILED", operator + " takes a number", at + "/" + operator);
                } else if ((operator.startsWith("String") || operator.startsWith("Timestamp")) && !operator.endsWith("Path")
                        && !value.isTextual()) {
                    problem("SCHEMA_VALIDATION_FAILED", operator + " takes a string", at + "/" + operator);
                } else if (operator.equals("BooleanEquals") && !value.isBoolean()) {
                    problem("SCHEMA_VALIDATION_FAILED", operator + " takes true or false", at + "/" + operator);
                }
            }
        }
    }

    private void waitState(JsonNode node, String at) {
        int count = 0;
        for (String field : List.of("Seconds", "Timestamp", "SecondsPath", "TimestampPath")) {
            if (node.has(field)) {
                count++;
            }
        }
        if (count != 1) {
            problem("SCHEMA_VALIDATION_FAILED", "A Wait state needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath", at);
        }
        if (node.has("Seconds") && (!node.get("Seconds").canConvertToLong() || node.get("Seconds").asLong() < 0)) {
            problem("SCHEMA_VALIDATION_FAILED", "Seconds must be a non-negative integer", at + "/Seconds");
        }
        anyPath(node, "SecondsPath", at);
        anyPath(node, "TimestampPath", at);
    }

    private void fail(JsonNode node, String at) {
        exclusive(node, at, "Error", "ErrorPath");
        exclusive(node, at, "Cause", "CausePath");
        for (String field : List.of("ErrorPath", "CausePath")) {
            JsonNode value = node.get(field);
            if (value != null) {
                pathOrCall(value.asText(), at + "/" + field);
            }
        }
    }

    private List<StateMachineDefinition> parallel(JsonNode node, String at) {
        JsonNode branches = node.get("Branches");
        if (branches == null || !branches.isArray() || branches.isEmpty()) {
            problem("SCHEMA_VALIDATION_FAILED", "A Parallel state needs a non-empty 'Branches' array", at + "/Branches");
            return List.of();
        }
        List<StateMachineDefinition> result = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) {
            result.add(machine(branches.get(i), at + "/Branches/" + i));
        }
        return result;
    }

    private StateMachineDefinition map(JsonNode node, String at) {
        JsonNode processor = node.has("ItemProcessor") ? node.get("ItemProcessor") : node.get("Iterator");
        if (processor == null) {
            problem("SCHEMA_VALIDATION_FAILED", "A Map state needs 'ItemProcessor' (or 'Iterator')", at);
            return null;
        }
        JsonNode config = processor.path("ProcessorConfig");
        if (config.path("Mode").asText("INLINE").equals("DISTRIBUTED")) {
            problem("SCHEMA_VALIDATION_FAILED", "Distributed Map is not supported; use Mode INLINE", at + "/ItemProcessor");
        }
        for (String unsupported : List.of("ItemReader", "ItemBatcher", "ResultWriter")) {
            if (node.has(unsupported)) {
                problem("SCHEMA_VALIDATION_FAILED", unsupported + " (distributed Map) is not supported", at + "/" + unsupported);
            }
        }
        if (node.has("ItemSelector") && node.has("Parameters")) {
            problem("SCHEMA_VALIDATION_FAILED", "Use either 'ItemSelector' or 'Parameters', not both", at);
        }
        template(node.get("ItemSelector"), at + "/ItemSelector");
        referencePath(node, "ItemsPath", at, false);
        if (node.has("MaxConcurrency") && (!node.get("MaxConcurrency").canConvertToInt() || node.get("MaxConcurrency").asInt() < 0)) {
            problem("SCHEMA_VALIDATION_FAILED", "MaxConcurrency must be a non-negative integer", at + "/MaxConcurrency");
        }
        return machine(processor, at + (node.has("ItemProcessor") ? "/ItemProcessor" : "/Iterator"));
    }

    private List<Retrier> retriers(JsonNode node, String at) {
        List<Retrier> result = new ArrayList<>();
        if (node == null) {
            return result;
        }
        if (!node.isArray()) {
            problem("SCHEMA_VALIDATION_FAILED", "'Retry' must be an array", at);
            return result;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode retrier = node.get(i);
            String place = at + "/" + i;
            List<String> errors = errorEquals(retrier, place, i == node.size() - 1);
            double interval = 1;
            if (retrier.has("IntervalSeconds")) {
                Integer value = positiveInt(retrier.get("IntervalSeconds"), place + "/IntervalSeconds");
                interval = value == null ? 1 : value;
            }
            int maxAttempts = 3;
            if (retrier.has("MaxAttempts")) {
                JsonNode value = retrier.get("MaxAttempts");
                if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 0) {
                    problem("SCHEMA_VALIDATION_FAILED", "MaxAttempts must be a non-negative integer", place + "/MaxAttempts");
                } else {
                    maxAttempts = value.asInt();
                }
            }
            double backoff = 2.0;
            if (retrier.has("BackoffRate")) {
                JsonNode value = retrier.get("BackoffRate");
                if (!value.isNumber() || value.asDouble() < 1.0) {
                    problem("SCHEMA_VALIDATION_FAILED", "BackoffRate must be a number of at least 1.0", place + "/BackoffRate");
                } else {
                    backoff = value.asDouble();
                }
            }
            Double maxDelay = null;
            if (retrier.has("MaxDelaySeconds")) {
                Integer value = positiveInt(retrier.get("MaxDelaySeconds"), place + "/MaxDelaySeconds");
                maxDelay = value == null ? null : value.doubleValue();
            }
            String jitter = retrier.path("JitterStrategy").asText("NONE");
            if (!Set.of("FULL", "NONE").contains(jitter)) {
                problem("SCHEMA_VALIDATION_FAILED", "JitterStrategy must be FULL or NONE", place + "/JitterStrategy");
            }
            result.add(new Retrier(errors, interval, maxAttempts, backoff, maxDelay, "FULL".equals(jitter)));
        }
        return result;
    }

    private List<Catcher> catchers(JsonNode node, String at) {
        List<Catcher> result = new ArrayList<>();
        if (node == null) {
            return result;
        }
        if (!node.isArray()) {
            problem("SCHEMA_VALIDATION_FAILED", "'Catch' must be an array", at);
            return result;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode catcher = node.get(i);
            String place = at + "/" + i;
            List<String> errors = errorEquals(catcher, place, i == node.size() - 1);
            if (!catcher.path("Next").isTextual()) {
                problem("SCHEMA_VALIDATION_FAILED", "A catcher needs 'Next'", place + "/Next");
            }
            referencePath(catcher, "ResultPath", place, false);
            String resultPath = catcher.has("ResultPath")
                    ? (catcher.get("ResultPath").isNull() ? null : catcher.get("ResultPath").asText()) : "$";
            result.add(new Catcher(errors, catcher.path("Next").asText(), resultPath));
        }
        return result;
    }

    private List<String> errorEquals(JsonNode node, String at, boolean last) {
        JsonNode errors = node.get("ErrorEquals");
        List<String> result = new ArrayList<>();
        if (errors == null || !errors.isArray() || errors.isEmpty()) {
            problem("SCHEMA_VALIDATION_FAILED", "'ErrorEquals' must be a non-empty array of strings", at + "/ErrorEquals");
            return result;
        }
        errors.forEach(error -> result.add(error.asText()));
        if (result.contains("States.ALL") && (result.size() > 1 || !last)) {
            problem("SCHEMA_VALIDATION_FAILED", "States.ALL must appear alone in the last retrier or catcher", at + "/ErrorEquals");
        }
        return result;
    }

    private void referencePath(JsonNode node, String field, String at, boolean allowContext) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isTextual() || !PathEvaluator.isReferencePath(value.asText())) {
            problem("SCHEMA_VALIDATION_FAILED", "The value for the field '" + field + "' must be a valid Reference Path",
                    at + "/" + field);
            return;
        }
        if (field.equals("ResultPath") || field.equals("ItemsPath")) {
            try {
                ResultPathWriter.segments(value.asText());
            } catch (IllegalArgumentException e) {
                problem("SCHEMA_VALIDATION_FAILED", "The value for the field '" + field + "' must be a valid Reference Path: "
                        + e.getMessage(), at + "/" + field);
            }
        }
    }

    private void anyPath(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value != null && (!value.isTextual() || !PathEvaluator.isValid(value.asText()))) {
            problem("SCHEMA_VALIDATION_FAILED", "The value for the field '" + field + "' must be a valid JSONPath", at + "/" + field);
        }
    }

    private void template(JsonNode template, String at) {
        if (template == null) {
            return;
        }
        if (template.isObject()) {
            template.fields().forEachRemaining(entry -> {
                String place = at + "/" + entry.getKey();
                if (entry.getKey().endsWith(".$")) {
                    if (!entry.getValue().isTextual()) {
                        problem("SCHEMA_VALIDATION_FAILED", "The value of a '.$' field must be a path or intrinsic function", place);
                    } else {
                        pathOrCall(entry.getValue().asText(), place);
                    }
                } else {
                    template(entry.getValue(), place);
                }
            });
        } else if (template.isArray()) {
            for (int i = 0; i < template.size(); i++) {
                template(template.get(i), at + "/" + i);
            }
        }
    }

    private void pathOrCall(String text, String at) {
        if (IntrinsicExpression.looksLikeCall(text)) {
            try {
                IntrinsicEvaluator.validate(IntrinsicExpression.parse(text));
            } catch (IllegalArgumentException e) {
                problem("SCHEMA_VALIDATION_FAILED", "Invalid intrinsic function: " + e.getMessage(), at);
            }
        } else if (!PathEvaluator.isValid(text)) {
            problem("SCHEMA_VALIDATION_FAILED", "The value '" + text + "' is not a valid JSONPath", at);
        }
    }

    private void exclusive(JsonNode node, String at, String a, String b) {
        if (node.has(a) && node.has(b)) {
            problem("SCHEMA_VALIDATION_FAILED", "'" + a + "' and '" + b + "' cannot both be present", at);
        }
    }

    private Integer positiveInt(JsonNode value, String at) {
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() <= 0) {
            problem("SCHEMA_VALIDATION_FAILED", "Must be a positive integer", at);
            return null;
        }
        return value.asInt();
    }
}
