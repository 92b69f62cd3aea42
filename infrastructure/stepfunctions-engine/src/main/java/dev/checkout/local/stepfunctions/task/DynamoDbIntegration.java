package dev.checkout.local.stepfunctions.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.stepfunctions.json.Json;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * {@code arn:aws:states:::dynamodb:getItem|putItem|updateItem|deleteItem} through an SDK v2
 * {@link DynamoDbClient}. Parameters and results use DynamoDB's JSON attribute-value shape;
 * errors are named {@code DynamoDB.<ErrorCode>}.
 */
public final class DynamoDbIntegration implements ServiceIntegration {

    private final DynamoDbClient dynamoDb;

    public DynamoDbIntegration(DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    @Override
    public JsonNode call(String action, JsonNode p) throws ServiceIntegrationException {
        try {
            ObjectNode result = Json.object();
            switch (action) {
                case "getItem" -> {
                    GetItemResponse response = dynamoDb.getItem(r -> r.tableName(text(p, "TableName")).key(item(p.get("Key")))
                            .consistentRead(p.has("ConsistentRead") ? p.get("ConsistentRead").asBoolean() : null)
                            .projectionExpression(text(p, "ProjectionExpression"))
                            .expressionAttributeNames(names(p)));
                    if (response.hasItem()) {
                        result.set("Item", json(response.item()));
                    }
                }
                case "putItem" -> {
                    var response = dynamoDb.putItem(r -> r.tableName(text(p, "TableName")).item(item(p.get("Item")))
                            .conditionExpression(text(p, "ConditionExpression"))
                            .expressionAttributeNames(names(p)).expressionAttributeValues(values(p))
                            .returnValues(text(p, "ReturnValues")));
                    if (response.hasAttributes()) {
                        result.set("Attributes", json(response.attributes()));
                    }
                }
                case "updateItem" -> {
                    var response = dynamoDb.updateItem(r -> r.tableName(text(p, "TableName")).key(item(p.get("Key")))
                            .updateExpression(text(p, "UpdateExpression"))
                            .conditionExpression(text(p, "ConditionExpression"))
                            .expressionAttributeNames(names(p)).expressionAttributeValues(values(p))
                            .returnValues(text(p, "ReturnValues")));
                    if (response.hasAttributes()) {
                        result.set("Attributes", json(response.attributes()));
                    }
                }
                case "deleteItem" -> {
                    var response = dynamoDb.deleteItem(r -> r.tableName(text(p, "TableName")).key(item(p.get("Key")))
                            .conditionExpression(text(p, "ConditionExpression"))
                            .expressionAttributeNames(names(p)).expressionAttributeValues(values(p))
                            .returnValues(text(p, "ReturnValues")));
                    if (response.hasAttributes()) {
                        result.set("Attributes", json(response.attributes()));
                    }
                }
                default -> throw new ServiceIntegrationException("States.Runtime", "Unsupported DynamoDB action " + action);
            }
            return result;
        } catch (DynamoDbException e) {
            String code = e.awsErrorDetails() == null ? "DynamoDbException" : e.awsErrorDetails().errorCode();
            throw new ServiceIntegrationException("DynamoDB." + code, e.awsErrorDetails() == null ? e.getMessage()
                    : e.awsErrorDetails().errorMessage());
        } catch (IllegalArgumentException e) {
            throw new ServiceIntegrationException("States.Runtime", "Invalid DynamoDB parameters: " + e.getMessage());
        }
    }

    private static String text(JsonNode parameters, String field) {
        JsonNode value = parameters.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Map<String, String> names(JsonNode parameters) {
        JsonNode names = parameters.get("ExpressionAttributeNames");
        if (names == null) {
            return null;
        }
        Map<String, String> result = new LinkedHashMap<>();
        names.fields().forEachRemaining(entry -> result.put(entry.getKey(), entry.getValue().asText()));
        return result;
    }

    private static Map<String, AttributeValue> values(JsonNode parameters) {
        JsonNode values = parameters.get("ExpressionAttributeValues");
        return values == null ? null : item(values);
    }

    /** A DynamoDB-JSON map ({@code {"pk": {"S": "x"}}}) as SDK attribute values. */
    public static Map<String, AttributeValue> item(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected a map of attribute values, got " + node);
        }
        Map<String, AttributeValue> result = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> result.put(entry.getKey(), attribute(entry.getValue())));
        return result;
    }

    private static AttributeValue attribute(JsonNode value) {
        if (value == null || !value.isObject() || value.size() != 1) {
            throw new IllegalArgumentException("an attribute value is an object with one type key, got " + value);
        }
        String type = value.fieldNames().next();
        JsonNode inner = value.get(type);
        return switch (type) {
            case "S" -> AttributeValue.fromS(inner.asText());
            case "N" -> AttributeValue.fromN(inner.asText());
            case "BOOL" -> AttributeValue.fromBool(inner.asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(inner.asText())));
            case "SS" -> AttributeValue.fromSs(strings(inner));
            case "NS" -> AttributeValue.fromNs(strings(inner));
            case "BS" -> AttributeValue.fromBs(strings(inner).stream()
                    .map(b -> SdkBytes.fromByteArray(Base64.getDecoder().decode(b))).toList());
            case "M" -> AttributeValue.fromM(item(inner));
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                inner.forEach(element -> list.add(attribute(element)));
                yield AttributeValue.fromL(list);
            }
            default -> throw new IllegalArgumentException("unknown attribute type " + type);
        };
    }

    private static List<String> strings(JsonNode array) {
        List<String> result = new ArrayList<>();
        array.forEach(element -> result.add(element.asText()));
        return result;
    }

    /** SDK attribute values as DynamoDB JSON. */
    public static ObjectNode json(Map<String, AttributeValue> item) {
        ObjectNode result = Json.object();
        item.forEach((name, value) -> result.set(name, json(value)));
        return result;
    }

    private static ObjectNode json(AttributeValue value) {
        ObjectNode node = Json.object();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case B -> node.put("B", Base64.getEncoder().encodeToString(value.b().asByteArray()));
            case SS -> value.ss().forEach(node.putArray("SS")::add);
            case NS -> value.ns().forEach(node.putArray("NS")::add);
            case BS -> {
                ArrayNode array = node.putArray("BS");
                value.bs().forEach(b -> array.add(Base64.getEncoder().encodeToString(b.asByteArray())));
            }
            case M -> node.set("M", json(value.m()));
            case L -> {
                ArrayNode array = node.putArray("L");
                value.l().forEach(element -> array.add(json(element)));
            }
            default -> throw new IllegalArgumentException("unsupported attribute type " + value.type());
        }
        return node;
    }
}
