package dev.checkout.local.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

@Tag("integration")
class LocalServicesTest {

    @Test
    void shared_createsTheTemplatesTable_withItsKeysIndexesAndTtl() {
        LocalServices services = LocalServices.shared();
        String table = services.tableName("CheckoutTable");

        TableDescription description = services.dynamoDbClient().describeTable(r -> r.tableName(table)).table();

        assertEquals(List.of("PK", "SK"), description.keySchema().stream().map(k -> k.attributeName()).toList());
        assertEquals(List.of("GSI1", "GSI2", "GSI3"), description.globalSecondaryIndexes().stream().map(i -> i.indexName()).sorted().toList());
        assertEquals("expiresAt", services.dynamoDbClient().describeTimeToLive(r -> r.tableName(table))
                .timeToLiveDescription().attributeName());
    }

    @Test
    void shared_createsTheTemplatesTable_withTheStreamItDeclares() {
        LocalServices services = LocalServices.shared();

        TableDescription description = services.dynamoDbClient().describeTable(r -> r.tableName(services.tableName("CheckoutTable"))).table();

        assertTrue(description.streamSpecification().streamEnabled());
        assertEquals("NEW_AND_OLD_IMAGES", description.streamSpecification().streamViewTypeAsString());
        assertTrue(description.latestStreamArn() != null && !description.latestStreamArn().isBlank());
    }

    @Test
    void shared_servesSqs_throughTheSdk() {
        SqsClientRoundTrip.sendAndReceive(LocalServices.shared());
    }

    @Test
    void templateReader_turnsShortFormTags_intoTheirLongForm() {
        SamTemplate template = SamTemplate.parse(null, """
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Environment:
                        Variables:
                          TABLE_NAME: !Ref CheckoutTable
                          QUEUE_ARN: !GetAtt ChargeQueue.Arn
                          URL: !Sub "https://${Api}.example"
                          JOINED: !Join [",", [a, !Ref B]]
                """);

        Map<String, Object> variables = SamTemplate.asMap(SamTemplate.asMap(
                template.resourcesOfType("AWS::Serverless::Function").get("Fn").get("Environment")).get("Variables"));

        assertEquals(Map.of("Ref", "CheckoutTable"), variables.get("TABLE_NAME"));
        assertEquals(Map.of("Fn::GetAtt", List.of("ChargeQueue", "Arn")), variables.get("QUEUE_ARN"));
        assertEquals(Map.of("Fn::Sub", "https://${Api}.example"), variables.get("URL"));
        assertEquals(Map.of("Fn::Join", List.of(",", List.of("a", Map.of("Ref", "B")))), variables.get("JOINED"));
        assertTrue(template.resources().containsKey("Fn"));
    }
}
