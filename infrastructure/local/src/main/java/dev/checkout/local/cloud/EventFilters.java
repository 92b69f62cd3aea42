package dev.checkout.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.checkout.local.services.SamTemplate;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An event source mapping's {@code FilterCriteria}: a record goes to the function when any of the filters'
 * patterns matches it, as Lambda filters. The part of Lambda's pattern syntax understood here: nested objects
 * (every field named must be present and match), and arrays of the values allowed at a leaf: exact strings or
 * numbers, {@code {"prefix": "..."}} and {@code {"exists": true|false}}. Another operator fails at start.
 */
final class EventFilters {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> patterns;

    private EventFilters(List<JsonNode> patterns) {
        this.patterns = patterns;
    }

    /** The template's {@code FilterCriteria} of an event ({@code null}: every record passes). */
    static EventFilters of(Object filterCriteria) {
        var patterns = new ArrayList<JsonNode>();
        if (filterCriteria != null) {
            Object filters = SamTemplate.asMap(filterCriteria).get("Filters");
            for (Object filter : SamTemplate.asList(filters)) {
                try {
                    JsonNode pattern = JSON.readTree(String.valueOf(SamTemplate.asMap(filter).get("Pattern")));
                    requireSupported(pattern);
                    patterns.add(pattern);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new UncheckedIOException("a filter pattern is not JSON: " + filter, e);
                }
            }
        }
        return new EventFilters(patterns);
    }

    boolean matches(JsonNode record) {
        return patterns.isEmpty() || patterns.stream().anyMatch(p -> matches(p, record));
    }

    private static boolean matches(JsonNode pattern, JsonNode value) {
        if (pattern.isObject()) {
            var fields = pattern.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode expected = field.getValue();
                JsonNode actual = value == null ? null : value.get(field.getKey());
                if (expected.isArray()) {
                    if (!leafMatches(expected, actual)) {
                        return false;
                    }
                } else if (actual == null || !matches(expected, actual)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean leafMatches(JsonNode allowed, JsonNode actual) {
        for (JsonNode option : allowed) {
            if (option.isObject() && option.has("exists")) {
                if (option.get("exists").asBoolean() == (actual != null && !actual.isNull())) {
                    return true;
                }
            } else if (option.isObject() && option.has("prefix")) {
                if (actual != null && actual.isTextual() && actual.asText().startsWith(option.get("prefix").asText())) {
                    return true;
                }
            } else if (actual != null && option.equals(actual)) {
                return true;
            }
        }
        return false;
    }

    private static void requireSupported(JsonNode pattern) {
        pattern.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isArray()) {
                value.forEach(option -> {
                    if (option.isObject() && !(option.has("exists") || option.has("prefix"))) {
                        throw new IllegalArgumentException("filter operator " + option + " is not supported by the local cloud");
                    }
                });
            } else if (value.isObject()) {
                requireSupported(value);
            } else {
                throw new IllegalArgumentException("a filter pattern's leaves are arrays, found " + field);
            }
        });
    }
}
