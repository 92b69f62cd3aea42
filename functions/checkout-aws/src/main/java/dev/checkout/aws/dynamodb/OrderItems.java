package dev.checkout.aws.dynamodb;

import static dev.checkout.aws.dynamodb.ItemAttributes.instant;
import static dev.checkout.aws.dynamodb.ItemAttributes.n;
import static dev.checkout.aws.dynamodb.ItemAttributes.number;
import static dev.checkout.aws.dynamodb.ItemAttributes.numberOrZero;
import static dev.checkout.aws.dynamodb.ItemAttributes.s;
import static dev.checkout.aws.dynamodb.ItemAttributes.string;
import static dev.checkout.aws.dynamodb.ItemAttributes.stringOrNull;
import static dev.checkout.aws.dynamodb.ItemAttributes.time;

import dev.checkout.domain.Money;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OrderLine;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.Sku;
import dev.checkout.domain.UserId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** The order item ({@code PK=ORDER#id, SK=ORDER}) and its conditional writes. */
final class OrderItems {
    private OrderItems() {
    }

    static Map<String, AttributeValue> toItem(Order order) {
        var item = new HashMap<String, AttributeValue>(TableKeys.order(order.orderId()));
        item.put(TableKeys.GSI1PK, s(TableKeys.userOrdersPk(order.userId())));
        item.put(TableKeys.GSI1SK, s(ItemAttributes.format(order.createdAt()) + "#" + order.orderId().value()));
        if (order.status() == OrderStatus.PENDING_PAYMENT) {
            // Sparse: only orders awaiting payment are in this part of GSI2, sharded so that it takes
            // no single hot partition; the stalled-checkout sweep reads it.
            item.put(TableKeys.GSI2PK, s(TableKeys.pendingOrdersShard(order.orderId())));
            item.put(TableKeys.GSI2SK, s(ItemAttributes.format(order.createdAt()) + "#" + order.orderId().value()));
        }
        item.put("type", s("order"));
        item.put("orderId", s(order.orderId().value()));
        item.put("userId", s(order.userId().value()));
        item.put("status", s(order.status().name()));
        item.put("currency", s(order.currency()));
        item.put("totalAmount", n(order.total().amount()));
        item.put("capturedAmount", n(order.captured().amount()));
        item.put("refundCommittedAmount", n(order.refundCommitted().amount()));
        item.put("refundedAmount", n(order.refunded().amount()));
        item.put("lines", AttributeValue.fromL(order.lines().stream()
                .map(line -> AttributeValue.fromM(Map.of(
                        "sku", s(line.sku().value()),
                        "quantity", n(line.quantity()),
                        "unitPrice", n(line.unitPrice().amount()))))
                .toList()));
        order.paymentMethod().ifPresent(pm -> item.put("paymentMethod", s(pm)));
        order.statusReason().ifPresent(reason -> item.put("statusReason", s(reason)));
        item.put("createdAt", time(order.createdAt()));
        item.put("updatedAt", time(order.updatedAt()));
        item.put("version", n(order.version()));
        return item;
    }

    static Order fromItem(Map<String, AttributeValue> item) {
        String currency = string(item, "currency");
        List<OrderLine> lines = item.get("lines").l().stream()
                .map(AttributeValue::m)
                .map(line -> new OrderLine(
                        Sku.of(string(line, "sku")),
                        (int) number(line, "quantity"),
                        Money.of(number(line, "unitPrice"), currency)))
                .toList();
        return Order.restore()
                .orderId(OrderId.of(string(item, "orderId")))
                .userId(UserId.of(string(item, "userId")))
                .status(OrderStatus.valueOf(string(item, "status")))
                .lines(lines)
                .total(Money.of(number(item, "totalAmount"), currency))
                .captured(Money.of(numberOrZero(item, "capturedAmount"), currency))
                .refundCommitted(Money.of(numberOrZero(item, "refundCommittedAmount"), currency))
                .refunded(Money.of(numberOrZero(item, "refundedAmount"), currency))
                .paymentMethod(stringOrNull(item, "paymentMethod"))
                .statusReason(stringOrNull(item, "statusReason"))
                .createdAt(instant(item, "createdAt"))
                .updatedAt(instant(item, "updatedAt"))
                .version(number(item, "version"))
                .build();
    }

    /** Writes the order if it is new (version 1) or the stored one is still at the previous version. */
    static PutItemRequest conditionalPutRequest(String table, Order order) {
        var put = PutItemRequest.builder().tableName(table).item(toItem(order));
        if (order.version() == 1) {
            put.conditionExpression("attribute_not_exists(PK)");
        } else {
            put.conditionExpression("version = :previous").expressionAttributeValues(Map.of(":previous", n(order.version() - 1)));
        }
        return put.build();
    }

    /** {@link #conditionalPutRequest} as one item of a transaction. */
    static TransactWriteItem transactPut(String table, Order order) {
        PutItemRequest request = conditionalPutRequest(table, order);
        return TransactWriteItem.builder().put(Put.builder()
                .tableName(table)
                .item(request.item())
                .conditionExpression(request.conditionExpression())
                .expressionAttributeValues(request.hasExpressionAttributeValues() ? request.expressionAttributeValues() : null)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }
}
