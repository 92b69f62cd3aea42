package dev.checkout.aws.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.aws.lambda.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The ways a request body can carry text that is not valid Unicode, each put into one string (or a
 * new key) of an otherwise valid JSON body: JSON escapes of an unpaired surrogate, and raw bytes that
 * are not UTF-8. The body comes back as bytes, to be sent base64-encoded as the gateway would.
 */
public enum InvalidUnicode {
    ESCAPED_HIGH_SURROGATE("\\ud800".getBytes(StandardCharsets.US_ASCII)),
    ESCAPED_LOW_SURROGATE("\\udc00".getBytes(StandardCharsets.US_ASCII)),
    /** 0xFF begins no UTF-8 sequence. */
    INVALID_UTF8_BYTE(HexFormat.of().parseHex("ff")),
    /** U+D800 written as a three-byte sequence (CESU-8), which UTF-8 forbids. */
    ENCODED_SURROGATE(HexFormat.of().parseHex("eda080"));

    private static final String MARK = "INVALID-UNICODE-GOES-HERE";

    private final byte[] inserted;

    InvalidUnicode(byte[] inserted) {
        this.inserted = inserted;
    }

    /** {@code body} with the string at {@code pointer} (e.g. {@code /items/0/sku}) replaced by "x", then this. */
    public byte[] inValueAt(JsonNode body, String pointer) {
        JsonNode copy = body.deepCopy();
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = slash == 0 ? copy : copy.at(pointer.substring(0, slash));
        if (!(parent instanceof ObjectNode object) || !object.path(pointer.substring(slash + 1)).isTextual()) {
            throw new IllegalArgumentException(pointer + " is not a string of " + Json.write(body));
        }
        object.put(pointer.substring(slash + 1), MARK);
        return splice(copy);
    }

    /** {@code body} with one more field, named "x" then this, whose value is 1. */
    public byte[] inNewKey(JsonNode body) {
        ObjectNode copy = body.deepCopy();
        copy.put(MARK, 1);
        return splice(copy);
    }

    private byte[] splice(JsonNode body) {
        String text = Json.write(body);
        String quotedMark = "\"" + MARK + "\"";
        int at = text.indexOf(quotedMark);
        var out = new ByteArrayOutputStream();
        out.writeBytes(text.substring(0, at).getBytes(StandardCharsets.UTF_8));
        out.writeBytes("\"x".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(inserted);
        out.writeBytes("\"".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(text.substring(at + quotedMark.length()).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** The text form, for headers and parameters: the escape as the character it stands for; the bytes as ISO-8859-1 characters. */
    public String asHeaderValue() {
        return switch (this) {
            case ESCAPED_HIGH_SURROGATE -> "x\uD800";
            case ESCAPED_LOW_SURROGATE -> "x\uDC00";
            default -> "x" + new String(inserted, StandardCharsets.ISO_8859_1);
        };
    }
}
