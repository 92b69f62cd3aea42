package dev.checkout.aws.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.domain.ValidationException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The streaming codec reads and writes the tree exactly as a plain Jackson mapper does. */
@Tag("unit")
class JsonTest {
    private static final String DOCUMENT = """
            {"a":1,"b":-9000000000,"c":123456789012345678901234567890,"d":12.50,"e":1e3,"f":"tx\\u00e9t \\"q\\"",
             "g":[true,false,null,{"h":[]}],"i":{},"a":2,"j":0.0}""";

    @Test
    void parse_buildsTheTreeAJacksonMapperBuilds_withFloatsAsExactDecimals() throws Exception {
        JsonNode expected = JsonMapper.builder().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build()
                .readTree(DOCUMENT);

        JsonNode parsed = Json.parse(DOCUMENT);

        assertEquals(expected, parsed);
        assertEquals(2, parsed.path("a").intValue(), "a repeated key keeps its last value");
        assertTrue(parsed.path("d").isBigDecimal());
        assertEquals(0, new BigDecimal("12.5").compareTo(parsed.path("d").decimalValue()));
        assertTrue(parsed.path("c").isBigInteger());
    }

    @Test
    void write_producesWhatAJacksonMapperWrites() throws Exception {
        JsonNode tree = Json.parse(DOCUMENT);
        ObjectNode built = Json.object().put("amount", 4900L).put("ratio", 0.5).put("text", "ü\n");
        built.putNull("none");
        built.putArray("list").add(1).add("two");

        var mapper = JsonMapper.builder().build();
        assertEquals(mapper.writeValueAsString(tree), Json.write(tree));
        assertEquals(mapper.writeValueAsString(built), Json.write(built));
    }

    @Test
    void write_toAStream_writesTheSameBytes() throws Exception {
        JsonNode tree = Json.parse(DOCUMENT);
        var out = new ByteArrayOutputStream();

        Json.write(out, tree);

        assertEquals(Json.write(tree), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void read_ofAnEmptyStream_isAMissingNode_andLeavesTheStreamOpen() throws Exception {
        var input = new ByteArrayInputStream(new byte[0]) {
            boolean closed;

            @Override
            public void close() {
                closed = true;
            }
        };

        JsonNode event = Json.read(input);

        assertTrue(event.isMissingNode());
        assertFalse(input.closed);
    }

    @Test
    void parse_refusesTrailingContent() {
        assertThrows(UncheckedIOException.class, () -> Json.parse("{\"a\":1} {\"b\":2}"));
    }

    @Test
    void body_withTrailingContent_isAValidationError() {
        var e = assertThrows(ValidationException.class, () -> JsonBody.parse("{\"a\":1} x"));
        assertTrue(e.getMessage().startsWith("the body is not valid JSON"), e.getMessage());
    }

    @Test
    void body_nestedDeeperThanTheLimit_isAValidationError_notAServerError() {
        String deep = "{\"a\":".repeat(Json.MAX_DEPTH + 1) + "1" + "}".repeat(Json.MAX_DEPTH + 1);

        var e = assertThrows(ValidationException.class, () -> JsonBody.parse(deep));
        assertTrue(e.getMessage().startsWith("the body is not valid JSON"), e.getMessage());
    }

    @Test
    void body_nestedUpToTheLimit_isRead() {
        String deep = "{\"a\":".repeat(Json.MAX_DEPTH - 1) + "1" + "}".repeat(Json.MAX_DEPTH - 1);

        assertTrue(JsonBody.parse(deep).node().isObject());
    }
}
