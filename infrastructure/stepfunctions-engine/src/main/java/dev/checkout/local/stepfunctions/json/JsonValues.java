package dev.checkout.local.stepfunctions.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** Value equality of JSON the way States Language compares it: numbers by value, objects by members. */
public final class JsonValues {

    private JsonValues() {
    }

    public static boolean equal(JsonNode a, JsonNode b) {
        return canonical(a).equals(canonical(b));
    }

    /** A canonical text: sorted object keys, numbers normalised. */
    public static String canonical(JsonNode node) {
        if (node.isNumber()) {
            String plain = node.decimalValue().stripTrailingZeros().toPlainString();
            return plain;
        }
        if (node.isObject()) {
            TreeMap<String, String> sorted = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = ((ObjectNode) node).fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                sorted.put(field.getKey(), canonical(field.getValue()));
            }
            return sorted.toString();
        }
        if (node.isArray()) {
            StringBuilder text = new StringBuilder("[");
            node.forEach(element -> text.append(canonical(element)).append(','));
            return text.append(']').toString();
        }
        return node.toString();
    }
}
