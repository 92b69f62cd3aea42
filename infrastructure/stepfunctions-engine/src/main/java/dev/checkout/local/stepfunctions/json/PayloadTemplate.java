package dev.checkout.local.stepfunctions.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.stepfunctions.execution.StatesFailure;
import java.util.Iterator;
import java.util.Map;

/**
 * A payload template ({@code Parameters}, {@code ResultSelector}, {@code ItemSelector}): fields
 * whose names end in {@code .$} are replaced by the value of a path, a context path or an
 * intrinsic call; everything else is copied.
 */
public final class PayloadTemplate {

    private PayloadTemplate() {
    }

    /**
     * Applies {@code template} to {@code input}.
     *
     * @param field the template's field name, for error messages ({@code Parameters}, ...)
     */
    public static JsonNode apply(JsonNode template, JsonNode input, JsonNode context, String field) throws StatesFailure {
        if (template.isObject()) {
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = template.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> entry = fields.next();
                String key = entry.getKey();
                if (key.endsWith(".$") && entry.getValue().isTextual()) {
                    result.set(key.substring(0, key.length() - 2), resolve(key, entry.getValue().asText(), input, context, field));
                } else {
                    result.set(key, apply(entry.getValue(), input, context, field));
                }
            }
            return result;
        }
        if (template.isArray()) {
            ArrayNode result = JsonNodeFactory.instance.arrayNode();
            for (JsonNode element : template) {
                result.add(apply(element, input, context, field));
            }
            return result;
        }
        return template.deepCopy();
    }

    private static JsonNode resolve(String key, String expression, JsonNode input, JsonNode context, String field)
            throws StatesFailure {
        if (IntrinsicExpression.looksLikeCall(expression)) {
            return IntrinsicEvaluator.evaluate(expression, input, context);
        }
        return PathEvaluator.read(expression, input, context).orElseThrow(() -> new StatesFailure(
                "States.ParameterPathFailure",
                "The JSONPath '" + expression + "' specified for the field '" + key + "' in " + field
                        + " could not be found in the input '" + Json.write(expression.startsWith("$$") ? context : input) + "'"));
    }
}
