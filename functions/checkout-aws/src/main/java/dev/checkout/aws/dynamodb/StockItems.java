package dev.checkout.aws.dynamodb;

import static dev.checkout.aws.dynamodb.ItemAttributes.n;
import static dev.checkout.aws.dynamodb.ItemAttributes.number;
import static dev.checkout.aws.dynamodb.ItemAttributes.s;
import static dev.checkout.aws.dynamodb.ItemAttributes.string;

import dev.checkout.domain.OrderId;
import dev.checkout.domain.ReservationStatus;
import dev.checkout.domain.Sku;
import dev.checkout.domain.StockLine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * A product's stock item ({@code PK=PRODUCT#sku, SK=STOCK}: available, reserved, sold) and an order's
 * reservation item ({@code PK=ORDER#id, SK=RESERVATION}: status, lines), with the writes the catalog,
 * the reservations and the order confirmation share. Each attribute's name is spelled here once.
 */
final class StockItems {
    static final String TYPE = "type";
    static final String SKU = "sku";
    static final String AVAILABLE = "available";
    static final String RESERVED = "reserved";
    static final String SOLD = "sold";
    static final String ORDER_ID = "orderId";
    static final String STATUS = "status";
    static final String LINES = "lines";
    static final String QUANTITY = "quantity";

    private static final String RESERVE = "SET " + AVAILABLE + " = " + AVAILABLE + " - :q, " + RESERVED + " = " + RESERVED + " + :q";
    private static final String RELEASE = "SET " + AVAILABLE + " = " + AVAILABLE + " + :q, " + RESERVED + " = " + RESERVED + " - :q";
    private static final String SELL = "SET " + RESERVED + " = " + RESERVED + " - :q, " + SOLD + " = if_not_exists(" + SOLD + ", :zero) + :q";

    private StockItems() {
    }

    /** Sets a product's available stock, creating its stock item with nothing reserved or sold when it is new. */
    static TransactWriteItem setAvailable(String table, Sku sku, long available) {
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(TableKeys.stock(sku))
                .updateExpression("SET " + AVAILABLE + " = :available, " + RESERVED + " = if_not_exists(" + RESERVED + ", :zero), "
                        + SOLD + " = if_not_exists(" + SOLD + ", :zero), " + SKU + " = :sku, #type = :stock")
                .expressionAttributeNames(Map.of("#type", TYPE))
                .expressionAttributeValues(Map.of(":available", n(available), ":zero", n(0),
                        ":sku", s(sku.value()), ":stock", s("stock")))
                .build()).build();
    }

    /** Moves a line from available to reserved, only when enough is available. */
    static TransactWriteItem reserve(String table, StockLine line) {
        return stockUpdate(table, line, RESERVE, "attribute_exists(PK) AND " + AVAILABLE + " >= :q");
    }

    /** Moves a line from reserved back to available. */
    private static TransactWriteItem release(String table, StockLine line) {
        return stockUpdate(table, line, RELEASE, null);
    }

    /** Moves a line from reserved to sold. */
    private static TransactWriteItem sell(String table, StockLine line) {
        return stockUpdate(table, line, SELL, null);
    }

    private static TransactWriteItem stockUpdate(String table, StockLine line, String expression, String condition) {
        var values = new HashMap<String, AttributeValue>(Map.of(":q", n(line.quantity())));
        if (expression.contains(":zero")) {
            values.put(":zero", n(0));
        }
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(TableKeys.stock(line.sku()))
                .updateExpression(expression)
                .conditionExpression(condition)
                .expressionAttributeValues(values)
                .build()).build();
    }

    /**
     * The writes that end an order's reservation: the reservation item moves from RESERVED to
     * {@code target} (its old item comes back when it was not RESERVED; it is the first write), and each
     * line moves from reserved to sold (COMMITTED) or back to available (RELEASED).
     */
    static List<TransactWriteItem> endReservation(String table, OrderId orderId, ReservationStatus target, List<StockLine> lines) {
        var items = new ArrayList<TransactWriteItem>();
        items.add(reservationMove(table, orderId, target));
        for (StockLine line : lines) {
            items.add(target == ReservationStatus.COMMITTED ? sell(table, line) : release(table, line));
        }
        return items;
    }

    /** Moves a reservation from RESERVED to {@code target}; on failure the old item comes back. */
    private static TransactWriteItem reservationMove(String table, OrderId orderId, ReservationStatus target) {
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(TableKeys.reservation(orderId))
                .updateExpression("SET #status = :target")
                .conditionExpression("#status = :reserved")
                .expressionAttributeNames(Map.of("#status", STATUS))
                .expressionAttributeValues(Map.of(":target", s(target.name()), ":reserved", s(ReservationStatus.RESERVED.name())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }

    static Map<String, AttributeValue> reservationItem(OrderId orderId, ReservationStatus status, List<StockLine> lines) {
        var item = new HashMap<String, AttributeValue>(TableKeys.reservation(orderId));
        item.put(TYPE, s("reservation"));
        item.put(ORDER_ID, s(orderId.value()));
        item.put(STATUS, s(status.name()));
        item.put(LINES, AttributeValue.fromL(lines.stream()
                .map(line -> AttributeValue.fromM(Map.of(SKU, s(line.sku().value()), QUANTITY, n(line.quantity()))))
                .toList()));
        return item;
    }

    static ReservationStatus status(Map<String, AttributeValue> reservation) {
        return ReservationStatus.valueOf(string(reservation, STATUS));
    }

    static ReservationStatus statusOf(CancellationReason reason) {
        return status(reason.item());
    }

    static List<StockLine> lines(Map<String, AttributeValue> reservation) {
        return reservation.get(LINES).l().stream()
                .map(AttributeValue::m)
                .map(line -> new StockLine(Sku.of(string(line, SKU)), (int) number(line, QUANTITY)))
                .toList();
    }
}
