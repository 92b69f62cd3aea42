package dev.checkout.local.stepfunctions.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.stepfunctions.task.TaskResource;
import java.util.List;

/**
 * One state of a definition: its name, type, raw JSON and the parts parsed up front.
 *
 * @param resource  for Task states, the resolved resource; else null
 * @param branches  for Parallel states, one definition per branch; else empty
 * @param processor for Map states, the item processor; else null
 */
public record State(String name, String type, ObjectNode node, List<Retrier> retriers, List<Catcher> catchers,
                    TaskResource resource, List<StateMachineDefinition> branches, StateMachineDefinition processor) {

    /** The text value of a field, or null. */
    public String text(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    public boolean has(String field) {
        return node.has(field);
    }

    public JsonNode get(String field) {
        return node.get(field);
    }

    /** A path field whose absence means {@code $} and whose explicit null means "nothing". */
    public String pathOrDefault(String field) {
        if (!node.has(field)) {
            return "$";
        }
        JsonNode value = node.get(field);
        return value.isNull() ? null : value.asText();
    }

    public String next() {
        return text("Next");
    }

    public boolean isEnd() {
        JsonNode end = node.get("End");
        return end != null && end.asBoolean();
    }
}
