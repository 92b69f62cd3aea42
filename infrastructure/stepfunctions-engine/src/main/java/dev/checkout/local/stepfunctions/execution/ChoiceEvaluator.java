package dev.checkout.local.stepfunctions.execution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.local.stepfunctions.asl.DefinitionParser;
import dev.checkout.local.stepfunctions.json.PathEvaluator;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Evaluates Choice rules: comparisons, And/Or/Not and the type tests. */
public final class ChoiceEvaluator {

    private ChoiceEvaluator() {
    }

    /** Whether {@code rule} matches. */
    public static boolean matches(JsonNode rule, JsonNode input, JsonNode context) throws StatesFailure {
        if (rule.has("And")) {
            for (JsonNode inner : rule.get("And")) {
                if (!matches(inner, input, context)) {
                    return false;
                }
            }
            return true;
        }
        if (rule.has("Or")) {
            for (JsonNode inner : rule.get("Or")) {
                if (matches(inner, input, context)) {
                    return true;
                }
            }
            return false;
        }
        if (rule.has("Not")) {
            return !matches(rule.get("Not"), input, context);
        }
        String operator = null;
        var names = rule.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (DefinitionParser.COMPARATORS.contains(name)) {
                operator = name;
            }
        }
        if (operator == null) {
            throw StatesFailure.runtime("A choice rule has no comparison operator: " + rule);
        }
        String variablePath = rule.path("Variable").asText();
        Optional<JsonNode> variable = PathEvaluator.read(variablePath, input, context);
        JsonNode expected = rule.get(operator);
        if (operator.equals("IsPresent")) {
            return variable.isPresent() == expected.asBoolean();
        }
        if (variable.isEmpty()) {
            throw StatesFailure.runtime("Invalid path '" + variablePath + "': The choice state's condition path references an "
                    + "invalid value.");
        }
        JsonNode value = variable.get();
        if (operator.startsWith("Is")) {
            boolean is = switch (operator) {
                case "IsNull" -> value.isNull();
                case "IsNumeric" -> value.isNumber();
                case "IsString" -> value.isTextual();
                case "IsBoolean" -> value.isBoolean();
                case "IsTimestamp" -> timestamp(value) != null;
                default -> throw StatesFailure.runtime("Unknown operator " + operator);
            };
            return is == expected.asBoolean();
        }
        String comparison = operator;
        if (operator.endsWith("Path")) {
            comparison = operator.substring(0, operator.length() - 4);
            String otherPath = expected.asText();
            expected = PathEvaluator.read(otherPath, input, context).orElseThrow(() -> StatesFailure.runtime(
                    "Invalid path '" + otherPath + "': The choice state's condition path references an invalid value."));
        }
        return compare(comparison, value, expected);
    }

    private static boolean compare(String operator, JsonNode value, JsonNode expected) {
        if (operator.equals("StringMatches")) {
            return value.isTextual() && expected.isTextual() && wildcard(expected.asText()).matcher(value.asText()).matches();
        }
        if (operator.equals("BooleanEquals")) {
            return value.isBoolean() && expected.isBoolean() && value.asBoolean() == expected.asBoolean();
        }
        int order;
        if (operator.startsWith("String")) {
            if (!value.isTextual() || !expected.isTextual()) {
                return false;
            }
            order = Integer.signum(value.asText().compareTo(expected.asText()));
        } else if (operator.startsWith("Numeric")) {
            if (!value.isNumber() || !expected.isNumber()) {
                return false;
            }
            order = value.decimalValue().compareTo(expected.decimalValue());
        } else {
            OffsetDateTime left = timestamp(value);
            OffsetDateTime right = timestamp(expected);
            if (left == null || right == null) {
                return false;
            }
            order = left.toInstant().compareTo(right.toInstant());
        }
        String relation = operator.replaceFirst("^(String|Numeric|Timestamp)", "");
        return switch (relation) {
            case "Equals" -> order == 0;
            case "LessThan" -> order < 0;
            case "GreaterThan" -> order > 0;
            case "LessThanEquals" -> order <= 0;
            case "GreaterThanEquals" -> order >= 0;
            default -> false;
        };
    }

    /** An RFC 3339 timestamp (upper-case T and Z, as Step Functions requires), or null. */
    public static OffsetDateTime timestamp(JsonNode value) {
        if (!value.isTextual()) {
            return null;
        }
        String text = value.asText();
        if (text.indexOf('T') < 0) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code *} matches any run of characters; {@code \*} and {@code \\} are a literal star and backslash. */
    static Pattern wildcard(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '*') {
                regex.append(".*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
