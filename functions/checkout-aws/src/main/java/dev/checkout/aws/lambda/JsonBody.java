package dev.checkout.aws.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.domain.ValidationException;
import java.util.Optional;

/**
 * A request body that must be a JSON object, with typed field access. Every violation is a
 * {@link ValidationException} naming the field, so clients learn exactly what to fix. Every key and
 * string in it is valid Unicode: a JSON escape of an unpaired surrogate (<code>&#92;ud800</code>) anywhere
 * is refused, whether the handler reads that field or not.
 */
public final class JsonBody {
    private final JsonNode root;
    private final String prefix;

    private JsonBody(JsonNode root, String prefix) {
        this.root = root;
        this.prefix = prefix;
    }

    public static JsonBody parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ValidationException("the body must be a JSON object");
        }
        JsonNode root;
        try {
            root = Json.parseChecked(text);
        } catch (JsonProcessingException e) {
            throw new ValidationException("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ValidationException("the body must be a JSON object");
        }
        Json.invalidUnicodeAt(root).ifPresent(where -> {
            throw new ValidationException(where + " must be valid Unicode text (it holds an unpaired UTF-16 surrogate)");
        });
        return new JsonBody(root, "");
    }

    /** A nested object, e.g. one element of an array field. */
    public static JsonBody of(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new ValidationException(path + " must be an object");
        }
        return new JsonBody(node, path + ".");
    }

    public JsonNode node() {
        return root;
    }

    public String requiredString(String field, int maxLength) {
        return optionalString(field, maxLength).orElseThrow(() -> new ValidationException(name(field) + " is required"));
    }

    public Optional<String> optionalString(String field, int maxLength) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new ValidationException(name(field) + " must be a string");
        }
        String text = value.asText();
        if (text.isBlank()) {
            throw new ValidationException(name(field) + " must not be blank");
        }
        if (text.length() > maxLength) {
            throw new ValidationException(name(field) + " must be at most " + maxLength + " characters");
        }
        return Optional.of(text);
    }

    /** A whole number between {@code min} and {@code max}; fractions, strings and booleans are refused. */
    public long requiredLong(String field, long min, long max) {
        return optionalLong(field, min, max).orElseThrow(() -> new ValidationException(name(field) + " is required"));
    }

    public Optional<Long> optionalLong(String field, long min, long max) {
        JsonNode value = root.get(field);
        if (value == null) {
            return Optional.empty();
        }
        // An explicit null is not "left out": for a refund it would silently mean "everything".
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new ValidationException(name(field) + " must be a whole number from " + min + " to " + max);
        }
        long number = value.asLong();
        if (number < min || number > max) {
            throw new ValidationException(name(field) + " must be from " + min + " to " + max + ", was " + number);
        }
        return Optional.of(number);
    }

    public JsonNode requiredArray(String field, int minSize, int maxSize) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            throw new ValidationException(name(field) + " is required");
        }
        if (!value.isArray()) {
            throw new ValidationException(name(field) + " must be an array");
        }
        if (value.size() < minSize || value.size() > maxSize) {
            throw new ValidationException(name(field) + " must have " + minSize + " to " + maxSize + " elements, had " + value.size());
        }
        return value;
    }

    public JsonBody requiredObject(String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            throw new ValidationException(name(field) + " is required");
        }
        return of(value, name(field));
    }

    private String name(String field) {
        return prefix + field;
    }
}
