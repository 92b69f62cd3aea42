package dev.checkout.local.stepfunctions.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates JSONPath expressions against Jackson trees, with Jayway JsonPath. {@code $$.} paths go
 * to the context object, {@code $} paths to the input.
 */
public final class PathEvaluator {

    private static final Configuration CONFIGURATION = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(Json.MAPPER))
            .mappingProvider(new JacksonMappingProvider(Json.MAPPER))
            .options(EnumSet.noneOf(Option.class))
            .build();

    private static final ConcurrentHashMap<String, JsonPath> COMPILED = new ConcurrentHashMap<>();

    private PathEvaluator() {
    }

    /** Whether {@code path} is a syntactically valid JSONPath (or {@code $$.}-context path). */
    public static boolean isValid(String path) {
        try {
            compile(path);
            return true;
        } catch (InvalidPathException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether {@code path} is a valid Reference Path: it selects at most one node. */
    public static boolean isReferencePath(String path) {
        try {
            return !path.startsWith("$$") && compile(path).isDefinite();
        } catch (InvalidPathException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Reads {@code path}: from {@code context} when it starts with {@code $$}, else from {@code input}.
     * Empty when the path selects nothing.
     */
    public static Optional<JsonNode> read(String path, JsonNode input, JsonNode context) {
        boolean fromContext = path.startsWith("$$");
        JsonNode document = fromContext ? context : input;
        String expression = fromContext ? path.substring(1) : path;
        if ("$".equals(expression)) {
            return Optional.of(document);
        }
        if (document == null || !document.isContainerNode()) {
            return Optional.empty();
        }
        try {
            JsonPath compiled = compile(expression);
            Object value = compiled.read(document, CONFIGURATION);
            JsonNode node = value instanceof JsonNode json ? json : Json.MAPPER.valueToTree(value);
            if (node == null || node instanceof MissingNode) {
                return Optional.empty();
            }
            return Optional.of(node);
        } catch (PathNotFoundException e) {
            return Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static JsonPath compile(String path) {
        String expression = path.startsWith("$$") ? path.substring(1) : path;
        if (!expression.startsWith("$")) {
            throw new InvalidPathException("a path starts with $: " + path);
        }
        return COMPILED.computeIfAbsent(expression, JsonPath::compile);
    }
}
