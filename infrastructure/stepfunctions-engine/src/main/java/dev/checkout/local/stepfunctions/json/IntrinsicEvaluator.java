package dev.checkout.local.stepfunctions.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.stepfunctions.execution.StatesFailure;
import dev.checkout.local.stepfunctions.json.IntrinsicExpression.Argument;
import dev.checkout.local.stepfunctions.json.IntrinsicExpression.Call;
import dev.checkout.local.stepfunctions.json.IntrinsicExpression.Literal;
import dev.checkout.local.stepfunctions.json.IntrinsicExpression.PathArgument;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Evaluates the intrinsic functions of Amazon States Language with AWS's argument rules. Every
 * misuse fails with {@code States.IntrinsicFailure}.
 */
public final class IntrinsicEvaluator {

    /** Every intrinsic function and its argument count (min, max; -1 = unbounded). */
    public static final Map<String, int[]> ARITY = Map.ofEntries(
            Map.entry("States.Format", new int[] {1, -1}),
            Map.entry("States.StringToJson", new int[] {1, 1}),
            Map.entry("States.JsonToString", new int[] {1, 1}),
            Map.entry("States.Array", new int[] {0, -1}),
            Map.entry("States.ArrayPartition", new int[] {2, 2}),
            Map.entry("States.ArrayContains", new int[] {2, 2}),
            Map.entry("States.ArrayRange", new int[] {3, 3}),
            Map.entry("States.ArrayGetItem", new int[] {2, 2}),
            Map.entry("States.ArrayLength", new int[] {1, 1}),
            Map.entry("States.ArrayUnique", new int[] {1, 1}),
            Map.entry("States.Base64Encode", new int[] {1, 1}),
            Map.entry("States.Base64Decode", new int[] {1, 1}),
            Map.entry("States.Hash", new int[] {2, 2}),
            Map.entry("States.JsonMerge", new int[] {3, 3}),
            Map.entry("States.MathRandom", new int[] {2, 3}),
            Map.entry("States.MathAdd", new int[] {2, 2}),
            Map.entry("States.StringSplit", new int[] {2, 2}),
            Map.entry("States.UUID", new int[] {0, 0}));

    private static final Map<String, String> HASH_ALGORITHMS = Map.of(
            "MD5", "MD5", "SHA-1", "SHA-1", "SHA-256", "SHA-256", "SHA-384", "SHA-384", "SHA-512", "SHA-512");
    private static final int MAX_STRING = 10_000;
    private static final int MAX_RANGE = 1000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private IntrinsicEvaluator() {
    }

    /** Checks names and argument counts, recursively, without evaluating anything. */
    public static void validate(IntrinsicExpression expression) {
        int[] arity = ARITY.get(expression.function());
        if (arity == null) {
            throw new IllegalArgumentException("unknown intrinsic function " + expression.function());
        }
        int count = expression.arguments().size();
        if (count < arity[0] || (arity[1] >= 0 && count > arity[1])) {
            throw new IllegalArgumentException(expression.function() + " takes " + describe(arity) + " arguments, got " + count);
        }
        for (Argument argument : expression.arguments()) {
            if (argument instanceof Call call) {
                validate(call.expression());
            } else if (argument instanceof PathArgument path && !PathEvaluator.isValid(path.path())) {
                throw new IllegalArgumentException("invalid path " + path.path() + " in " + expression.function());
            }
        }
    }

    private static String describe(int[] arity) {
        if (arity[1] < 0) {
            return "at least " + arity[0];
        }
        return arity[0] == arity[1] ? String.valueOf(arity[0]) : arity[0] + " to " + arity[1];
    }

    /** Parses and evaluates {@code text} against the input and the context object. */
    public static JsonNode evaluate(String text, JsonNode input, JsonNode context) throws StatesFailure {
        IntrinsicExpression expression;
        try {
            expression = IntrinsicExpression.parse(text);
            validate(expression);
        } catch (IllegalArgumentException e) {
            throw StatesFailure.intrinsic("Invalid intrinsic function call " + text + ": " + e.getMessage());
        }
        return evaluate(expression, input, context);
    }

    /** Evaluates a parsed call. */
    public static JsonNode evaluate(IntrinsicExpression expression, JsonNode input, JsonNode context) throws StatesFailure {
        List<JsonNode> args = new ArrayList<>();
        boolean format = "States.Format".equals(expression.function());
        for (int i = 0; i < expression.arguments().size(); i++) {
            Argument argument = expression.arguments().get(i);
            if (argument instanceof Literal literal) {
                JsonNode value = literal.value();
                if (value.isTextual() && !(format && i == 0)) {
                    value = NODES.textNode(value.asText().replace("\\{", "{").replace("\\}", "}"));
                }
                args.add(value);
            } else if (argument instanceof PathArgument path) {
                JsonNode value = PathEvaluator.read(path.path(), input, context).orElseThrow(() -> StatesFailure.intrinsic(
                        "The JsonPath argument " + path.path() + " of " + expression.function() + " could not be found in the input"));
                args.add(value);
            } else if (argument instanceof Call call) {
                args.add(evaluate(call.expression(), input, context));
            }
        }
        return apply(expression.function(), args);
    }

    private static JsonNode apply(String function, List<JsonNode> args) throws StatesFailure {
        switch (function) {
            case "States.Format":
                return format(args);
            case "States.StringToJson": {
                String text = string(function, args, 0);
                try {
                    return Json.parse(text);
                } catch (JsonProcessingException e) {
                    throw StatesFailure.intrinsic(function + ": the argument is not valid JSON: " + text);
                }
            }
            case "States.JsonToString":
                return NODES.textNode(Json.write(args.get(0)));
            case "States.Array": {
                ArrayNode array = NODES.arrayNode();
                args.forEach(array::add);
                return array;
            }
            case "States.ArrayPartition": {
                ArrayNode array = array(function, args, 0);
                long size = integer(function, args, 1);
                if (size <= 0) {
                    throw StatesFailure.intrinsic(function + ": the chunk size must be greater than 0, got " + size);
                }
                ArrayNode result = NODES.arrayNode();
                ArrayNode chunk = null;
                for (int i = 0; i < array.size(); i++) {
                    if (i % size == 0) {
                        chunk = result.addArray();
                    }
                    chunk.add(array.get(i));
                }
                return result;
            }
            case "States.ArrayContains": {
                ArrayNode array = array(function, args, 0);
                for (JsonNode element : array) {
                    if (JsonValues.equal(element, args.get(1))) {
                        return NODES.booleanNode(true);
                    }
                }
                return NODES.booleanNode(false);
            }
            case "States.ArrayRange": {
                long start = integer(function, args, 0);
                long end = integer(function, args, 1);
                long step = integer(function, args, 2);
                if (step == 0) {
                    throw StatesFailure.intrinsic(function + ": the step must not be 0");
                }
                ArrayNode result = NODES.arrayNode();
                for (long value = start; step > 0 ? value <= end : value >= end; value += step) {
                    if (result.size() >= MAX_RANGE) {
                        throw StatesFailure.intrinsic(function + ": the range has more than " + MAX_RANGE + " elements");
                    }
                    result.add(value);
                }
                return result;
            }
            case "States.ArrayGetItem": {
                ArrayNode array = array(function, args, 0);
                long index = integer(function, args, 1);
                if (index < 0 || index >= array.size()) {
                    throw StatesFailure.intrinsic(function + ": index " + index + " is out of bounds for an array of " + array.size());
                }
                return array.get((int) index);
            }
            case "States.ArrayLength":
                return NODES.numberNode(array(function, args, 0).size());
            case "States.ArrayUnique": {
                ArrayNode result = NODES.arrayNode();
                Set<String> seen = new LinkedHashSet<>();
                for (JsonNode element : array(function, args, 0)) {
                    if (seen.add(JsonValues.canonical(element))) {
                        result.add(element);
                    }
                }
                return result;
            }
            case "States.Base64Encode": {
                String text = boundedString(function, args, 0);
                return NODES.textNode(Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
            }
            case "States.Base64Decode": {
                String text = boundedString(function, args, 0);
                try {
                    return NODES.textNode(new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw StatesFailure.intrinsic(function + ": the argument is not valid base64");
                }
            }
            case "States.Hash":
                return hash(function, args);
            case "States.JsonMerge": {
                if (!args.get(0).isObject() || !args.get(1).isObject()) {
                    throw StatesFailure.intrinsic(function + ": the first two arguments must be JSON objects");
                }
                if (!args.get(2).isBoolean() || args.get(2).booleanValue()) {
                    throw StatesFailure.intrinsic(function + ": only a shallow merge is supported; the third argument must be false");
                }
                ObjectNode merged = ((ObjectNode) args.get(0)).deepCopy();
                merged.setAll((ObjectNode) args.get(1).deepCopy());
                return merged;
            }
            case "States.MathRandom": {
                long start = integer(function, args, 0);
                long end = integer(function, args, 1);
                if (end <= start) {
                    throw StatesFailure.intrinsic(function + ": the end must be greater than the start");
                }
                java.util.Random random = args.size() == 3
                        ? new java.util.Random(integer(function, args, 2))
                        : ThreadLocalRandom.current();
                return NODES.numberNode(start + (long) Math.floor(random.nextDouble() * (end - start)));
            }
            case "States.MathAdd": {
                BigDecimal sum = number(function, args, 0).add(number(function, args, 1));
                try {
                    return NODES.numberNode(sum.longValueExact());
                } catch (ArithmeticException notAnInteger) {
                    return NODES.numberNode(sum);
                }
            }
            case "States.StringSplit": {
                String text = string(function, args, 0);
                String delimiters = string(function, args, 1);
                ArrayNode result = NODES.arrayNode();
                StringBuilder current = new StringBuilder();
                for (char c : text.toCharArray()) {
                    if (delimiters.indexOf(c) >= 0) {
                        if (current.length() > 0) {
                            result.add(current.toString());
                        }
                        current.setLength(0);
                    } else {
                        current.append(c);
                    }
                }
                if (current.length() > 0) {
                    result.add(current.toString());
                }
                return result;
            }
            case "States.UUID":
                return NODES.textNode(UUID.randomUUID().toString());
            default:
                throw StatesFailure.intrinsic("unknown intrinsic function " + function);
        }
    }

    private static JsonNode format(List<JsonNode> args) throws StatesFailure {
        String template = string("States.Format", args, 0);
        StringBuilder result = new StringBuilder();
        int next = 1;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '\\' && i + 1 < template.length()) {
                result.append(template.charAt(++i));
            } else if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                if (next >= args.size()) {
                    throw StatesFailure.intrinsic("States.Format: the template has more placeholders than arguments");
                }
                JsonNode value = args.get(next++);
                if (value.isContainerNode()) {
                    throw StatesFailure.intrinsic("States.Format: arguments must be strings, numbers, booleans or null");
                }
                result.append(value.isTextual() ? value.asText() : value.toString());
                i++;
            } else {
                result.append(c);
            }
        }
        if (next != args.size()) {
            throw StatesFailure.intrinsic("States.Format: the template has fewer placeholders than arguments");
        }
        return NODES.textNode(result.toString());
    }

    private static JsonNode hash(String function, List<JsonNode> args) throws StatesFailure {
        JsonNode data = args.get(0);
        if (data.isNull() || data.isMissingNode()) {
            throw StatesFailure.intrinsic(function + ": the data must not be null");
        }
        String text = data.isTextual() ? data.asText() : Json.write(data);
        if (text.length() > MAX_STRING) {
            throw StatesFailure.intrinsic(function + ": the data is longer than " + MAX_STRING + " characters");
        }
        String algorithm = HASH_ALGORITHMS.get(string(function, args, 1));
        if (algorithm == null) {
            throw StatesFailure.intrinsic(function + ": the algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
        }
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
            return NODES.textNode(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has " + algorithm, e);
        }
    }

    private static String string(String function, List<JsonNode> args, int index) throws StatesFailure {
        JsonNode value = args.get(index);
        if (!value.isTextual()) {
            throw StatesFailure.intrinsic(function + ": argument " + (index + 1) + " must be a string, got " + value);
        }
        return value.asText();
    }

    private static String boundedString(String function, List<JsonNode> args, int index) throws StatesFailure {
        String text = string(function, args, index);
        if (text.length() > MAX_STRING) {
            throw StatesFailure.intrinsic(function + ": the argument is longer than " + MAX_STRING + " characters");
        }
        return text;
    }

    private static ArrayNode array(String function, List<JsonNode> args, int index) throws StatesFailure {
        JsonNode value = args.get(index);
        if (!value.isArray()) {
            throw StatesFailure.intrinsic(function + ": argument " + (index + 1) + " must be an array, got " + value);
        }
        return (ArrayNode) value;
    }

    private static BigDecimal number(String function, List<JsonNode> args, int index) throws StatesFailure {
        JsonNode value = args.get(index);
        if (!value.isNumber()) {
            throw StatesFailure.intrinsic(function + ": argument " + (index + 1) + " must be a number, got " + value);
        }
        return value.decimalValue();
    }

    private static long integer(String function, List<JsonNode> args, int index) throws StatesFailure {
        BigDecimal value = number(function, args, index);
        try {
            return value.longValueExact();
        } catch (ArithmeticException e) {
            throw StatesFailure.intrinsic(function + ": argument " + (index + 1) + " must be an integer, got " + value);
        }
    }
}
