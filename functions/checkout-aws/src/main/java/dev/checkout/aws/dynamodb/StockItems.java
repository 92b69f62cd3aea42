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
    /** On a sharded product's stock item: how many shards hold its stock. */
    static final String SHARDS = "shards";
    /** On a reservation's line: the shard it took (absent: the product's stock item). */
    static final String SHARD = "shard";
    /** On a reservation that took any shard: the shards of its lines in order, which its release or commit must name. */
    static final String HELD_IN = "heldIn";

    private static final String RESERVE = "SET " + AVAILABLE + " = " + AVAILABLE + " - :q, " + RESERVED + " = " + RESERVED + " + :q";
    private static final String RELEASE = "SET " + AVAILABLE + " = " + AVAILABLE + " + :q, " + RESERVED + " = " + RESERVED + " - :q";
    private static final String SELL = "SET " + RESERVED + " = " + RESERVED + " - :q, " + SOLD + " = if_not_exists(" + SOLD + ", :zero) + :q";

    private StockItems() {
    }

    /**
     * Sets a product's available stock, creating its stock item with nothing reserved or sold when it is new.
     * With {@code shards} above 1 the stock item keeps what it has reserved and sold, says how many shards
     * there are and holds nothing available; the shards share {@code available} evenly. The stock item's
     * shard count must still be {@code current}, so that two admins cannot shard it at once.
     */
    static List<TransactWriteItem> setAvailable(String table, Sku sku, long available, int current, int shards) {
        var writes = new ArrayList<TransactWriteItem>();
        var values = new HashMap<String, AttributeValue>(Map.of(":zero", n(0), ":sku", s(sku.value()), ":stock", s("stock")));
        String set = "SET " + AVAILABLE + " = :available, " + RESERVED + " = if_not_exists(" + RESERVED + ", :zero), "
                + SOLD + " = if_not_exists(" + SOLD + ", :zero), " + SKU + " = :sku, #type = :stock";
        String condition;
        if (current > 1) {
            condition = "#shards = :current";
            values.put(":current", n(current));
        } else {
            condition = "attribute_not_exists(#shards)";
        }
        values.put(":available", n(shards > 1 ? 0 : available));
        if (shards > 1) {
            set += ", #shards = :shards";
            values.put(":shards", n(shards));
        }
        writes.add(TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(TableKeys.stock(sku))
                .updateExpression(set)
                .conditionExpression(condition)
                .expressionAttributeNames(Map.of("#type", TYPE, "#shards", SHARDS))
                .expressionAttributeValues(values)
                .build()).build());
        for (int n = 0; shards > 1 && n < shards; n++) {
            long share = available / shards + (n < available % shards ? 1 : 0);
            writes.add(TransactWriteItem.builder().update(Update.builder()
                    .tableName(table)
                    .key(TableKeys.stockShard(sku, n))
                    .updateExpression("SET " + AVAILABLE + " = :available, " + RESERVED + " = if_not_exists(" + RESERVED + ", :zero), "
                            + SOLD + " = if_not_exists(" + SOLD + ", :zero), " + SKU + " = :sku, #type = :shard")
                    .expressionAttributeNames(Map.of("#type", TYPE))
                    .expressionAttributeValues(Map.of(":available", n(share), ":zero", n(0), ":sku", s(sku.value()), ":shard", s("stock shard")))
                    .build()).build());
        }
        return writes;
    }

    /** A line where it is held: the product's stock item ({@link #UNSHARDED}) or one of its shards. */
    record Held(StockLine line, int shard) {
        static final int UNSHARDED = -1;

        static List<Held> unsharded(List<StockLine> lines) {
            return lines.stream().map(line -> new Held(line, UNSHARDED)).toList();
        }

        boolean sharded() {
            return shard != UNSHARDED;
        }

        Map<String, AttributeValue> stockKey() {
            return sharded() ? TableKeys.stockShard(line.sku(), shard) : TableKeys.stock(line.sku());
        }
    }

    /**
     * Moves a line from available to reserved, only when enough is available; on failure the stock item
     * comes back, saying how much was left and, on a sharded product's stock item, how many shards it has.
     */
    static TransactWriteItem reserve(String table, Held held) {
        return stockUpdate(table, held, RESERVE, "attribute_exists(PK) AND " + AVAILABLE + " >= :q");
    }

    /** Moves a line from reserved back to available. */
    private static TransactWriteItem release(String table, Held held) {
        return stockUpdate(table, held, RELEASE, null);
    }

    /** Moves a line from reserved to sold. */
    private static TransactWriteItem sell(String table, Held held) {
        return stockUpdate(table, held, SELL, null);
    }

    private static TransactWriteItem stockUpdate(String table, Held held, String expression, String condition) {
        var values = new HashMap<String, AttributeValue>(Map.of(":q", n(held.line().quantity())));
        if (expression.contains(":zero")) {
            values.put(":zero", n(0));
        }
        var update = Update.builder()
                .tableName(table)
                .key(held.stockKey())
                .updateExpression(expression)
                .conditionExpression(condition)
                .expressionAttributeValues(values);
        if (condition != null) {
            update.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        }
        return TransactWriteItem.builder().update(update.build()).build();
    }

    /**
     * The writes that end an order's reservation: the reservation item moves from RESERVED to
     * {@code target} (its old item comes back when it was not RESERVED; it is the first write), and each
     * line moves from reserved to sold (COMMITTED) or back to available (RELEASED).
     */
    static List<TransactWriteItem> endReservation(String table, OrderId orderId, ReservationStatus target, List<Held> lines) {
        var items = new ArrayList<TransactWriteItem>();
        items.add(reservationMove(table, orderId, target, lines));
        for (Held held : lines) {
            items.add(target == ReservationStatus.COMMITTED ? sell(table, held) : release(table, held));
        }
        return items;
    }

    /**
     * Moves a reservation from RESERVED to {@code target}, only when it holds its lines where {@code lines}
     * say; on failure the old item comes back, with the shards it holds.
     */
    private static TransactWriteItem reservationMove(String table, OrderId orderId, ReservationStatus target, List<Held> lines) {
        var values = new HashMap<String, AttributeValue>(Map.of(":target", s(target.name()), ":reserved", s(ReservationStatus.RESERVED.name())));
        String heldIn = heldIn(lines);
        String where;
        if (heldIn == null) {
            where = "attribute_not_exists(#heldIn)";
        } else {
            where = "#heldIn = :heldIn";
            values.put(":heldIn", s(heldIn));
        }
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(TableKeys.reservation(orderId))
                .updateExpression("SET #status = :target")
                .conditionExpression("#status = :reserved AND " + where)
                .expressionAttributeNames(Map.of("#status", STATUS, "#heldIn", HELD_IN))
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }

    /** The shards of the lines in order ({@code "3,-1"}), or null when no line is in a shard. */
    private static String heldIn(List<Held> lines) {
        if (lines.stream().noneMatch(Held::sharded)) {
            return null;
        }
        return String.join(",", lines.stream().map(held -> Integer.toString(held.shard())).toList());
    }

    static Map<String, AttributeValue> reservationItem(OrderId orderId, ReservationStatus status, List<Held> lines) {
        var item = new HashMap<String, AttributeValue>(TableKeys.reservation(orderId));
        item.put(TYPE, s("reservation"));
        item.put(ORDER_ID, s(orderId.value()));
        item.put(STATUS, s(status.name()));
        item.put(LINES, AttributeValue.fromL(lines.stream().map(StockItems::lineItem).toList()));
        String heldIn = heldIn(lines);
        if (heldIn != null) {
            item.put(HELD_IN, s(heldIn));
        }
        return item;
    }

    private static AttributeValue lineItem(Held held) {
        var line = new HashMap<String, AttributeValue>(Map.of(SKU, s(held.line().sku().value()), QUANTITY, n(held.line().quantity())));
        if (held.sharded()) {
            line.put(SHARD, n(held.shard()));
        }
        return AttributeValue.fromM(line);
    }

    static ReservationStatus status(Map<String, AttributeValue> reservation) {
        return ReservationStatus.valueOf(string(reservation, STATUS));
    }

    static ReservationStatus statusOf(CancellationReason reason) {
        return status(reason.item());
    }

    static List<StockLine> lines(Map<String, AttributeValue> reservation) {
        return heldLines(reservation).stream().map(Held::line).toList();
    }

    /** A reservation's lines where it holds them. */
    static List<Held> heldLines(Map<String, AttributeValue> reservation) {
        return reservation.get(LINES).l().stream()
                .map(AttributeValue::m)
                .map(line -> new Held(new StockLine(Sku.of(string(line, SKU)), (int) number(line, QUANTITY)),
                        line.containsKey(SHARD) ? (int) number(line, SHARD) : Held.UNSHARDED))
                .toList();
    }

    /** True when a reservation that failed to move is still RESERVED but holds its lines elsewhere than asked. */
    static boolean reservedElsewhere(CancellationReason reason) {
        return reason.hasItem() && !reason.item().isEmpty() && status(reason.item()) == ReservationStatus.RESERVED;
    }
}
