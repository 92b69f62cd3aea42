package dev.checkout.local.services;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

import static dev.checkout.local.services.SamTemplate.asList;
import static dev.checkout.local.services.SamTemplate.asMap;

/**
 * Turns the template's {@code AWS::DynamoDB::Table} resources into {@code CreateTable} requests, so the
 * tests and the local cloud use exactly the keys and indexes that production gets.
 */
public final class TableDefinitions {
    private TableDefinitions() {
    }

    /** A table as the template declares it, under the physical name the local cloud gives it. */
    public record TableDefinition(String logicalId, String tableName, CreateTableRequest createRequest, String ttlAttribute) {
    }

    /** Every table of the template; each is named after its logical id unless it sets TableName. */
    public static List<TableDefinition> from(SamTemplate template) {
        var tables = new ArrayList<TableDefinition>();
        template.resourcesOfType("AWS::DynamoDB::Table").forEach((logicalId, properties) -> {
            Object declaredName = properties.get("TableName");
            String name = declaredName instanceof String s ? s : logicalId;
            tables.add(new TableDefinition(logicalId, name, createRequest(name, properties), ttlAttribute(properties)));
        });
        return tables;
    }

    static CreateTableRequest createRequest(String tableName, Map<String, Object> properties) {
        var builder = CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(asList(properties.get("AttributeDefinitions")).stream()
                        .map(SamTemplate::asMap)
                        .map(a -> AttributeDefinition.builder()
                                .attributeName((String) a.get("AttributeName"))
                                .attributeType((String) a.get("AttributeType"))
                                .build())
                        .toList())
                .keySchema(keySchema(properties.get("KeySchema")));
        Object indexes = properties.get("GlobalSecondaryIndexes");
        if (indexes != null) {
            builder.globalSecondaryIndexes(asList(indexes).stream().map(SamTemplate::asMap).map(index -> {
                Map<String, Object> projection = asMap(index.get("Projection"));
                var projectionBuilder = Projection.builder().projectionType(ProjectionType.fromValue((String) projection.get("ProjectionType")));
                Object nonKey = projection.get("NonKeyAttributes");
                if (nonKey != null) {
                    projectionBuilder.nonKeyAttributes(asList(nonKey).stream().map(String::valueOf).toList());
                }
                return GlobalSecondaryIndex.builder()
                        .indexName((String) index.get("IndexName"))
                        .keySchema(keySchema(index.get("KeySchema")))
                        .projection(projectionBuilder.build())
                        .build();
            }).toList());
        }
        Object stream = properties.get("StreamSpecification");
        if (stream != null) {
            builder.streamSpecification(StreamSpecification.builder()
                    .streamEnabled(true)
                    .streamViewType(StreamViewType.fromValue((String) asMap(stream).get("StreamViewType")))
                    .build());
        }
        return builder.build();
    }

    private static List<KeySchemaElement> keySchema(Object declared) {
        return asList(declared).stream()
                .map(SamTemplate::asMap)
                .map(k -> KeySchemaElement.builder()
                        .attributeName((String) k.get("AttributeName"))
                        .keyType((String) k.get("KeyType"))
                        .build())
                .toList();
    }

    private static String ttlAttribute(Map<String, Object> properties) {
        Object ttl = properties.get("TimeToLiveSpecification");
        if (ttl == null) {
            return null;
        }
        Map<String, Object> spec = asMap(ttl);
        return Boolean.TRUE.equals(spec.get("Enabled")) ? (String) spec.get("AttributeName") : null;
    }
}
