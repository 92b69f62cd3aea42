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
import dev.checkout.domain.PaidTransition;
import dev.checkout.domain.Sku;
import dev.checkout.domain.UserId;
import dev.checkout.domain.VersionConflictException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The order item ({@code PK=ORDER#id, SK=ORDER}) and its conditional writes. Each attribute's name is
 * spelled here once; every expression on an order item uses these.
 */
final class OrderItems {
    static final String ORDER_ID = "orderId";
    static final String USER_ID = "userId";
    static final String STATUS = "status";
    static final String CURRENCY = "currency";
    static final String TOTAL_AMOUNT = "totalAmount";
    static final String CAPTURED_AMOUNT = "capturedAmount";
    static final String REFUND_COMMITTED_AMOUNT = "refundCommittedAmount";
    static final String REFUNDED_AMOUNT = "refundedAmount";
    static final String LINES = "lines";
    static final String PAYMENT_METHOD = "paymentMethod";
    static final String STATUS_REASON = "statusReason";
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";
    static final String VERSION = "version";

    private OrderItems() {
    }

    static Map<String, AttributeValue> toItem(Order order) {
        var item = new HashMap<String, AttributeValue>(TableKeys.order(order.orderId()));
        AttributeValue byCreation = s(ItemAttributes.format(order.createdAt()) + "#" + order.orderId().value());
        item.put(TableKeys.GSI1PK, s(TableKeys.userOrdersPk(order.userId())));
        item.put(TableKeys.GSI1SK, byCreation);
        // Every user's orders by day and time (the operations console's list), on one of the day's shards.
        item.put(TableKeys.GSI3PK, s(TableKeys.orderListShard(order.orderId(), order.createdAt())));
        item.put(TableKeys.GSI3SK, byCreation);
        if (order.status() == OrderStatus.PENDING_PAYMENT) {
            // Sparse: only orders awaiting payment are in this part of GSI2, sharded so that it takes
            // no single hot partition; the stalled-checkout sweep reads it.
            item.put(TableKeys.GSI2PK, s(TableKeys.pendingOrdersShard(order.orderId())));
            item.put(TableKeys.GSI2SK, byCreation);
        }
        item.put("type", s("order"));
        item.put(ORDER_ID, s(order.orderId().value()));
        item.put(USER_ID, s(order.userId().value()));
        item.put(STATUS, s(order.status().name()));
        item.put(CURRENCY, s(order.currency()));
        item.put(TOTAL_AMOUNT, n(order.total().amount()));
        item.put(CAPTURED_AMOUNT, n(order.captured().amount()));
        item.put(REFUND_COMMITTED_AMOUNT, n(order.refundCommitted().amount()));
        item.put(REFUNDED_AMOUNT, n(order.refunded().amount()));
        item.put(LINES, AttributeValue.fromL(order.lines().stream()
                .map(line -> AttributeValue.fromM(Map.of(
                        "sku", s(line.sku().value()),
                        "quantity", n(line.quantity()),
                        "unitPrice", n(line.unitPrice().amount()))))
                .toList()));
        order.paymentMethod().ifPresent(pm -> item.put(PAYMENT_METHOD, s(pm)));
        order.statusReason().ifPresent(reason -> item.put(STATUS_REASON, s(reason)));
        item.put(CREATED_AT, time(order.createdAt()));
        item.put(UPDATED_AT, time(order.updatedAt()));
        item.put(VERSION, n(order.version()));
        return item;
    }

    static Order fromItem(Map<String, AttributeValue> item) {
        String currency = string(item, CURRENCY);
        List<OrderLine> lines = item.get(LINES).l().stream()
                .map(AttributeValue::m)
                .map(line -> new OrderLine(
                        Sku.of(string(line, "sku")),
                        (int) number(line, "quantity"),
                        Money.of(number(line, "unitPrice"), currency)))
                .toList();
        return Order.restore()
                .orderId(OrderId.of(string(item, ORDER_ID)))
                .userId(UserId.of(string(item, USER_ID)))
                .status(OrderStatus.valueOf(string(item, STATUS)))
                .lines(lines)
                .total(Money.of(number(item, TOTAL_AMOUNT), currency))
                .captured(Money.of(numberOrZero(item, CAPTURED_AMOUNT), currency))
                .refundCommitted(Money.of(numberOrZero(item, REFUND_COMMITTED_AMOUNT), currency))
                .refunded(Money.of(numberOrZero(item, REFUNDED_AMOUNT), currency))
                .paymentMethod(stringOrNull(item, PAYMENT_METHOD))
                .statusReason(stringOrNull(item, STATUS_REASON))
                .createdAt(instant(item, CREATED_AT))
                .updatedAt(instant(item, UPDATED_AT))
                .version(number(item, VERSION))
                .build();
    }

    /**
     * Writes {@code order} on its own, conditional as {@link #conditionalPutRequest} is.
     *
     * @throws VersionConflictException when the stored order is not at the version {@code order} was made from
     */
    static void put(DynamoDbClient client, String table, Order order) {
        try {
            client.putItem(conditionalPutRequest(table, order));
        } catch (ConditionalCheckFailedException e) {
            throw changedSinceRead(order);
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
    }

    /** The conflict of a conditional write of {@code order} that found another version stored. */
    static VersionConflictException changedSinceRead(Order order) {
        return new VersionConflictException("order " + order.orderId() + " changed since version " + (order.version() - 1) + " was read");
    }

    /** Writes the order if it is new (version 1) or the stored one is still at the previous version. */
    static PutItemRequest conditionalPutRequest(String table, Order order) {
        var put = PutItemRequest.builder().tableName(table).item(toItem(order));
        if (order.version() == 1) {
            put.conditionExpression("attribute_not_exists(PK)");
        } else {
            put.conditionExpression(VERSION + " = :previous").expressionAttributeValues(Map.of(":previous", n(order.version() - 1)));
        }
        return put.build();
    }

    /**
     * The order's move to PAID as the aggregate decided it ({@link Order#paidBy}), written without reading
     * the order: conditional on its status being the transition's {@code from} and its total the captured
     * amount; it leaves the sparse part of GSI2 that holds orders awaiting payment.
     */
    static TransactWriteItem transition(String table, PaidTransition paid) {
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(TableKeys.order(paid.orderId()))
                .updateExpression("SET #status = :to, #captured = :amount, #updatedAt = :at, #version = #version + :one "
                        + "REMOVE #reason, #gsi2pk, #gsi2sk")
                .conditionExpression("#status = :from AND #total = :amount AND #currency = :currency")
                .expressionAttributeNames(Map.of(
                        "#status", STATUS, "#captured", CAPTURED_AMOUNT, "#updatedAt", UPDATED_AT, "#version", VERSION,
                        "#reason", STATUS_REASON, "#gsi2pk", TableKeys.GSI2PK, "#gsi2sk", TableKeys.GSI2SK,
                        "#total", TOTAL_AMOUNT, "#currency", CURRENCY))
                .expressionAttributeValues(Map.of(
                        ":to", s(paid.to().name()),
                        ":from", s(paid.from().name()),
                        ":amount", n(paid.captured().amount()),
                        ":currency", s(paid.captured().currency()),
                        ":at", time(paid.at()),
                        ":one", n(1)))
                .build()).build();
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
