package dev.checkout.aws.dynamodb;

import static dev.checkout.aws.dynamodb.ItemAttributes.instant;
import static dev.checkout.aws.dynamodb.ItemAttributes.n;
import static dev.checkout.aws.dynamodb.ItemAttributes.s;
import static dev.checkout.aws.dynamodb.ItemAttributes.string;
import static dev.checkout.aws.dynamodb.ItemAttributes.time;

import dev.checkout.domain.IdempotencyRecord;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** The idempotency item ({@code PK=IDEMPOTENCY#key}); TTL purges it after {@code expiresAt}. */
final class IdempotencyItems {
    private IdempotencyItems() {
    }

    static TransactWriteItem transactPut(String table, IdempotencyRecord record) {
        var item = new HashMap<String, AttributeValue>(TableKeys.idempotency(record.key()));
        item.put("type", s("idempotency"));
        item.put("key", s(record.key()));
        item.put("requestHash", s(record.requestHash()));
        item.put("resourceId", s(record.resourceId()));
        item.put("createdAt", time(record.createdAt()));
        item.put(TableKeys.EXPIRES_AT, n(record.expiresAt().getEpochSecond()));
        return TransactWriteItem.builder().put(Put.builder()
                .tableName(table)
                .item(item)
                .conditionExpression("attribute_not_exists(PK)")
                .build()).build();
    }

    static IdempotencyRecord fromItem(Map<String, AttributeValue> item) {
        return new IdempotencyRecord(
                string(item, "key"),
                string(item, "requestHash"),
                string(item, "resourceId"),
                instant(item, "createdAt"),
                java.time.Instant.ofEpochSecond(ItemAttributes.number(item, TableKeys.EXPIRES_AT)));
    }
}
