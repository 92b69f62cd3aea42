package dev.checkout.local.services;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * An item's size as DynamoDB bills it, from the item in DynamoDB's JSON ({@code {"PK": {"S": "..."}}}):
 * each attribute's name in UTF-8 bytes plus its value; a string its UTF-8 bytes, a number about one byte
 * per two digits plus one, binary its bytes, a list or map 3 bytes plus 1 per element and the elements.
 */
final class ItemSize {
    private ItemSize() {
    }

    static int of(JsonNode item) {
        int size = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            var attribute = it.next();
            size += utf8(attribute.getKey()) + value(attribute.getValue());
        }
        return size;
    }

    private static int value(JsonNode value) {
        if (value.has("S")) {
            return utf8(value.get("S").asText());
        }
        if (value.has("N")) {
            return number(value.get("N").asText());
        }
        if (value.has("B")) {
            return Base64.getDecoder().decode(value.get("B").asText()).length;
        }
        if (value.has("SS")) {
            int size = 0;
            for (JsonNode s : value.get("SS")) {
                size += utf8(s.asText());
            }
            return size;
        }
        if (value.has("NS")) {
            int size = 0;
            for (JsonNode n : value.get("NS")) {
                size += number(n.asText());
            }
            return size;
        }
        if (value.has("L")) {
            int size = 3;
            for (JsonNode element : value.get("L")) {
                size += 1 + value(element);
            }
            return size;
        }
        if (value.has("M")) {
            int size = 3;
            for (Iterator<Map.Entry<String, JsonNode>> it = value.get("M").fields(); it.hasNext(); ) {
                var entry = it.next();
                size += 1 + utf8(entry.getKey()) + value(entry.getValue());
            }
            return size;
        }
        return 1; // BOOL, NULL
    }

    private static int number(String digits) {
        return (int) Math.ceil(digits.replaceAll("[^0-9]", "").length() / 2.0) + 1;
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
