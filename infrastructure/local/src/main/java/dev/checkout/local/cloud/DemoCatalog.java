package dev.checkout.local.cloud;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A small catalog so that a fresh local cloud can take orders at once. Written in the table's item
 * format (catalog entry and stock item, see checkout-aws/README.md), as an admin's PUT would.
 */
final class DemoCatalog {
    record Entry(String sku, String name, long price, String currency, long available) {
    }

    /** Dollar products, paid by card; yuan products, which Alipay and WeChat Pay take too. */
    static final List<Entry> ENTRIES = List.of(
            new Entry("MUG-01", "Enamel mug", 1250, "USD", 100),
            new Entry("TEE-02", "Organic cotton T-shirt", 1999, "USD", 50),
            new Entry("CAP-03", "Canvas cap", 1500, "USD", 25),
            new Entry("PIN-04", "Limited enamel pin", 500, "USD", 3),
            new Entry("TEA-05", "Longjing green tea, 250 g", 8800, "CNY", 40),
            new Entry("FAN-06", "Silk folding fan", 3900, "CNY", 20));

    private DemoCatalog() {
    }

    static void seed(DynamoDbClient dynamoDb, String table) {
        for (Entry entry : ENTRIES) {
            String pk = "PRODUCT#" + entry.sku();
            dynamoDb.putItem(r -> r.tableName(table).item(Map.of(
                    "PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS("PRODUCT"),
                    "GSI1PK", AttributeValue.fromS("CATALOG"), "GSI1SK", AttributeValue.fromS(entry.sku()),
                    "type", AttributeValue.fromS("product"), "sku", AttributeValue.fromS(entry.sku()),
                    "name", AttributeValue.fromS(entry.name()),
                    "priceAmount", AttributeValue.fromN(Long.toString(entry.price())), "currency", AttributeValue.fromS(entry.currency()))));
            dynamoDb.putItem(r -> r.tableName(table).item(Map.of(
                    "PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS("STOCK"),
                    "type", AttributeValue.fromS("stock"), "sku", AttributeValue.fromS(entry.sku()),
                    "available", AttributeValue.fromN(Long.toString(entry.available())),
                    "reserved", AttributeValue.fromN("0"), "sold", AttributeValue.fromN("0"))));
        }
    }
}
