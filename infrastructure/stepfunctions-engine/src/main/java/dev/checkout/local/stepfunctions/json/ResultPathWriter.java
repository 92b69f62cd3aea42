package dev.checkout.local.stepfunctions.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.stepfunctions.execution.StatesFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * Places a state's result into its input at a {@code ResultPath} (a Reference Path), creating
 * missing objects on the way, as Step Functions does. A {@code null} ResultPath discards the result.
 */
public final class ResultPathWriter {

    private ResultPathWriter() {
    }

    /** The segments of a reference path: field names (String) and array indexes (Integer). */
    public static List<Object> segments(String path) {
        if (!path.startsWith("$")) {
            throw new IllegalArgumentException("a ResultPath starts with $: " + path);
        }
        List<Object> segments = new ArrayList<>();
        int i = 1;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                int start = ++i;
                while (i < path.length() && path.charAt(i) != '.' && path.charAt(i) != '[') {
                    i++;
                }
                if (start == i) {
                    throw new IllegalArgumentException("empty field name in " + path);
                }
                segments.add(path.substring(start, i));
            } else if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed [ in " + path);
                }
                String inside = path.substring(i + 1, close).trim();
                if (inside.length() >= 2 && (inside.startsWith("'") && inside.endsWith("'")
                        || inside.startsWith("\"") && inside.endsWith("\""))) {
                    segments.add(inside.substring(1, inside.length() - 1));
                } else {
                    try {
                        segments.add(Integer.parseInt(inside));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("not a reference path: " + path);
                    }
                }
                i = close + 1;
            } else {
                throw new IllegalArgumentException("unexpected '" + c + "' in " + path);
            }
        }
        return segments;
    }

    /** Writes {@code result} into a copy of {@code input} at {@code resultPath}. */
    public static JsonNode write(JsonNode input, String resultPath, JsonNode result) throws StatesFailure {
        List<Object> segments = segments(resultPath);
        if (segments.isEmpty()) {
            return result;
        }
        if (!input.isObject() && !(segments.get(0) instanceof Integer && input.isArray())) {
            throw new StatesFailure("States.ResultPathMatchFailure", "Unable to apply ResultPath \"" + resultPath
                    + "\" to input " + Json.write(input) + ": the input is not an object");
        }
        JsonNode root = input.deepCopy();
        JsonNode current = root;
        for (int i = 0; i < segments.size(); i++) {
            Object segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (segment instanceof String name) {
                if (!current.isObject()) {
                    throw mismatch(resultPath, input);
                }
                ObjectNode object = (ObjectNode) current;
                if (last) {
                    object.set(name, result);
                } else {
                    JsonNode child = object.get(name);
                    if (child == null || child.isNull() || !child.isContainerNode()) {
                        child = object.putObject(name);
                    }
                    current = child;
                }
            } else {
                int index = (Integer) segment;
                if (!current.isArray() || index < 0 || index >= current.size()) {
                    throw mismatch(resultPath, input);
                }
                ArrayNode array = (ArrayNode) current;
                if (last) {
                    array.set(index, result);
                } else {
                    current = array.get(index);
                }
            }
        }
        return root;
    }

    private static StatesFailure mismatch(String resultPath, JsonNode input) {
        return new StatesFailure("States.ResultPathMatchFailure",
                "Unable to apply ResultPath \"" + resultPath + "\" to input " + Json.write(input));
    }

    /** An empty object, for callers that need a neutral input. */
    public static ObjectNode emptyObject() {
        return JsonNodeFactory.instance.objectNode();
    }
}
