package dev.checkout.aws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.domain.Order;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Item images of a DynamoDB stream record as Lambda's event carries them (DynamoDB JSON:
 * {@code {"S": "..."}}, {@code {"N": "12"}}, {@code {"M": {...}}}, ...), read back into the items this module
 * writes.
 */
public final class StreamImages {
    private StreamImages() {
    }

    /** The order an image holds; empty for a missing image or an item that is not an order. */
    public static Optional<Order> order(JsonNode image) {
        if (image == null || image.isMissingNode() || image.isNull() || image.isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = item(image);
        AttributeValue sk = item.get(TableKeys.SK);
        AttributeValue pk = item.get(TableKeys.PK);
        if (sk == null || pk == null || !TableKeys.ORDER.equals(sk.s()) || pk.s() == null || !pk.s().startsWith("ORDER#")) {
            return Optional.empty();
        }
        return Optional.of(OrderItems.fromItem(item));
    }

    /** Whether a record's keys are an order item's. */
    public static boolean isOrder(JsonNode keys) {
        return TableKeys.ORDER.equals(keys.path(TableKeys.SK).path("S").asText(null))
                && keys.path(TableKeys.PK).path("S").asText("").startsWith("ORDER#");
    }

    static Map<String, AttributeValue> item(JsonNode image) {
        var item = new HashMap<String, AttributeValue>();
        image.fields().forEachRemaining(field -> item.put(field.getKey(), value(field.getValue())));
        return item;
    }

    static AttributeValue value(JsonNode typed) {
        var field = typed.fields().next();
        JsonNode v = field.getValue();
        return switch (field.getKey()) {
            case "S" -> AttributeValue.fromS(v.asText());
            case "N" -> AttributeValue.fromN(v.asText());
            case "BOOL" -> AttributeValue.fromBool(v.asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(v.asText())));
            case "M" -> AttributeValue.fromM(item(v));
            case "L" -> {
                var list = new ArrayList<AttributeValue>();
                v.forEach(element -> list.add(value(element)));
                yield AttributeValue.fromL(list);
            }
            case "SS" -> AttributeValue.fromSs(strings(v));
            case "NS" -> AttributeValue.fromNs(strings(v));
            case "BS" -> AttributeValue.fromBs(strings(v).stream().map(b -> SdkBytes.fromByteArray(Base64.getDecoder().decode(b))).toList());
            default -> throw new IllegalArgumentException("unknown DynamoDB attribute type " + field.getKey());
        };
    }

    private static java.util.List<String> strings(JsonNode array) {
        var strings = new ArrayList<String>();
        array.forEach(s -> strings.add(s.asText()));
        return strings;
    }
}
