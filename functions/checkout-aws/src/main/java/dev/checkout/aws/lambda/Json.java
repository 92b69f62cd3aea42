package dev.checkout.aws.lambda;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.domain.Text;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON of a function: Jackson's tree model read and written with Jackson's streaming parser and
 * generator. No {@code ObjectMapper}: handlers bind nothing by reflection, and building a mapper
 * (serializer and deserializer factories, type resolution, date formats and locale data) is about
 * 400 classes that a cold start would load for nothing.
 *
 * <p>Reading follows what the mapper did before: floating-point numbers become exact decimals, a
 * document must hold one value only (trailing content is an error), nesting is limited to
 * {@value #MAX_DEPTH} levels, a repeated key keeps its last value, and reading a stream leaves it
 * open. Writing produces compact JSON, as the mapper did.
 *
 * <p>Never call {@code toString()} on a node in function code: Jackson serializes nodes there with a
 * mapper of its own. {@link #write(JsonNode)} is the way.
 */
public final class Json {
    static final int MAX_DEPTH = 64;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** The document in {@code text}; unreadable JSON is an {@link UncheckedIOException}. */
    public static JsonNode parse(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            return readDocument(parser);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The document in {@code text}, or the parser's complaint (malformed JSON, trailing content,
     * nesting too deep), whose original message names what is wrong.
     */
    static JsonNode parseChecked(String text) throws JsonProcessingException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            return readDocument(parser);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document in {@code input} (an event as Lambda hands it over); the stream stays open. Empty input is a missing node. */
    public static JsonNode read(InputStream input) throws IOException {
        try (JsonParser parser = FACTORY.createParser(input)) {
            return readDocument(parser);
        }
    }

    /**
     * Where {@code node} holds text that is not valid Unicode ({@link Text}): a string or a key with an
     * unpaired UTF-16 surrogate, which is what a JSON escape such as <code>&#92;ud800</code> becomes. Empty
     * when there is none; otherwise where, e.g. {@code items[0].sku} or {@code a key of items[0]}.
     */
    public static Optional<String> invalidUnicodeAt(JsonNode node) {
        return invalidUnicodeAt(node, "");
    }

    private static Optional<String> invalidUnicodeAt(JsonNode node, String path) {
        if (node.isTextual()) {
            return Text.isValid(node.textValue()) ? Optional.empty() : Optional.of(path.isEmpty() ? "the document" : path);
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!Text.isValid(field.getKey())) {
                    return Optional.of("a key of " + (path.isEmpty() ? "the document" : path));
                }
                Optional<String> inner = invalidUnicodeAt(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> inner = invalidUnicodeAt(node.get(i), path + "[" + i + "]");
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }

    public static String write(JsonNode node) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            writeNode(generator, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes {@code node} to {@code output} (a function's answer) and closes it, as Lambda expects. */
    public static void write(OutputStream output, JsonNode node) throws IOException {
        try (JsonGenerator generator = FACTORY.createGenerator(output)) {
            writeNode(generator, node);
        }
    }

    private static JsonNode readDocument(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            return MissingNode.getInstance();
        }
        JsonNode root = readValue(parser, first);
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new JsonParseException(parser, "Trailing token (of type " + trailing + ") found after value");
        }
        return root;
    }

    private static JsonNode readValue(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                for (JsonToken next = parser.nextToken(); next == JsonToken.FIELD_NAME; next = parser.nextToken()) {
                    String name = parser.currentName();
                    object.set(name, readValue(parser, parser.nextToken()));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(readValue(parser, next));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonParseException(parser, "Unexpected token " + token);
        };
    }

    private static void writeNode(JsonGenerator generator, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                generator.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    generator.writeFieldName(field.getKey());
                    writeNode(generator, field.getValue());
                }
                generator.writeEndObject();
            }
            case ARRAY -> {
                generator.writeStartArray();
                for (JsonNode element : node) {
                    writeNode(generator, element);
                }
                generator.writeEndArray();
            }
            case STRING -> generator.writeString(node.textValue());
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> generator.writeNumber(node.intValue());
                    case LONG -> generator.writeNumber(node.longValue());
                    case BIG_INTEGER -> generator.writeNumber(node.bigIntegerValue());
                    case FLOAT -> generator.writeNumber(node.floatValue());
                    case DOUBLE -> generator.writeNumber(node.doubleValue());
                    case BIG_DECIMAL -> generator.writeNumber(node.decimalValue());
                }
            }
            case BOOLEAN -> generator.writeBoolean(node.booleanValue());
            case NULL, MISSING -> generator.writeNull();
            case BINARY -> generator.writeBinary(node.binaryValue());
            case POJO -> throw new IllegalArgumentException("a POJO node cannot be written without data binding; build the tree from JSON values");
        }
    }
}
