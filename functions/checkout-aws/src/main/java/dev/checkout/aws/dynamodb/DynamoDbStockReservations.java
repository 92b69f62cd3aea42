package dev.checkout.aws.dynamodb;

import static dev.checkout.aws.dynamodb.ItemAttributes.number;
import static dev.checkout.aws.dynamodb.ItemAttributes.numberOrZero;
import static dev.checkout.aws.dynamodb.ItemAttributes.s;
import static dev.checkout.aws.dynamodb.ItemAttributes.string;

import dev.checkout.aws.dynamodb.StockItems.Held;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.OutOfStockException;
import dev.checkout.domain.Reservation;
import dev.checkout.domain.ReservationStatus;
import dev.checkout.domain.Sku;
import dev.checkout.domain.StateConflictException;
import dev.checkout.domain.StockLine;
import dev.checkout.port.StockReservations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Stock reservations in the single table. An order's reservation is the item
 * {@code ORDER#id / RESERVATION} ({@link StockItems}). It is written in the same transaction as the
 * stock counters and its status guards every later move, which is what makes reserve, release and
 * commit idempotent by order id.
 */
public final class DynamoDbStockReservations implements StockReservations {
    private final DynamoDbClient client;
    private final String table;
    private final Transactions transactions;
    private final StockShards shards;

    public DynamoDbStockReservations(DynamoDbClient client, String table) {
        this(client, table, StockShards.system());
    }

    /** With what this instance knows of sharded stock ({@link StockShards}) and the time it retries by. */
    public DynamoDbStockReservations(DynamoDbClient client, String table, StockShards shards) {
        this.client = client;
        this.table = table;
        this.shards = shards;
        this.transactions = new Transactions(client, shards.ticker());
    }

    /**
     * One transaction when every line's stock item (or, for a sharded product, the order's first shard) has
     * enough. A sharded line that finds its shard short moves to the next shard, and is short only when
     * every shard was found short; a line on an unknown product's stock item that says it is sharded goes
     * to the shards.
     */
    @Override
    public ReservationOutcome reserve(OrderId orderId, List<StockLine> lines) {
        if (shards.listStale()) {
            readShardedProducts();
        }
        var search = new ShardSearch(orderId, lines);
        while (true) {
            List<Sku> shortSkus = search.shortSkus();
            if (!shortSkus.isEmpty()) {
                throw new OutOfStockException(shortSkus);
            }
            List<CancellationReason> reasons = transactions.write(() -> reserveItems(orderId, search.held()), search::sidestep);
            int orderCheck = lines.size() + 1;
            if (reasons.isEmpty()) {
                return ReservationOutcome.RESERVED;
            }
            if (DynamoDbErrors.failedCondition(reasons, orderCheck)) {
                throw new StateConflictException("order " + orderId + " is " + string(reasons.get(orderCheck).item(), OrderItems.STATUS)
                        + "; only an order awaiting payment reserves stock");
            }
            if (DynamoDbErrors.failedCondition(reasons, 0)) {
                return switch (StockItems.statusOf(reasons.get(0))) {
                    case RESERVED -> ReservationOutcome.ALREADY_RESERVED;
                    case RELEASED -> ReservationOutcome.ALREADY_RELEASED;
                    case COMMITTED -> ReservationOutcome.ALREADY_COMMITTED;
                };
            }
            for (int i = 0; i < lines.size(); i++) {
                if (DynamoDbErrors.failedCondition(reasons, i + 1)) {
                    CancellationReason reason = reasons.get(i + 1);
                    search.foundShort(i, reason.hasItem() ? reason.item() : Map.of());
                }
            }
        }
    }

    /** The reservation (absent before), each line's stock (enough available), the order (still awaiting payment). */
    private List<TransactWriteItem> reserveItems(OrderId orderId, List<Held> held) {
        var items = new ArrayList<TransactWriteItem>();
        items.add(TransactWriteItem.builder().put(Put.builder()
                .tableName(table)
                .item(StockItems.reservationItem(orderId, ReservationStatus.RESERVED, held))
                .conditionExpression("attribute_not_exists(PK)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build());
        for (Held line : held) {
            items.add(StockItems.reserve(table, line));
        }
        items.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                .tableName(table)
                .key(TableKeys.order(orderId))
                .conditionExpression("attribute_not_exists(PK) OR #status = :pending")
                .expressionAttributeNames(Map.of("#status", OrderItems.STATUS))
                .expressionAttributeValues(Map.of(":pending", s(OrderStatus.PENDING_PAYMENT.name())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build());
        return items;
    }

    @Override
    public ReservationOutcome release(OrderId orderId, List<StockLine> lines, Order orderUpdate) {
        return release(orderId, shards.likelyHeld(orderId, lines), orderUpdate, true);
    }

    private ReservationOutcome release(OrderId orderId, List<Held> lines, Order orderUpdate, boolean guessed) {
        var items = new ArrayList<TransactWriteItem>(StockItems.endReservation(table, orderId, ReservationStatus.RELEASED, lines));
        if (orderUpdate != null) {
            items.add(OrderItems.transactPut(table, orderUpdate));
        }
        List<CancellationReason> reasons = transactions.write(items);
        if (reasons.isEmpty()) {
            lines.stream().filter(Held::sharded).forEach(held -> shards.released(held.line().sku(), held.shard()));
            return ReservationOutcome.RELEASED;
        }
        requireOrderUnchanged(reasons, items.size() - 1, orderUpdate);
        if (!DynamoDbErrors.failedCondition(reasons, 0)) {
            throw new IllegalStateException("release of " + orderId + " cancelled: " + reasons);
        }
        CancellationReason reservation = reasons.get(0);
        if (!reservation.hasItem() || reservation.item().isEmpty()) {
            // Never reserved: leave a released mark so that a late reserve does nothing.
            return writeReleasedMark(orderId, orderUpdate);
        }
        if (guessed && StockItems.reservedElsewhere(reservation)) {
            return release(orderId, StockItems.heldLines(reservation.item()), orderUpdate, false);
        }
        return switch (StockItems.statusOf(reservation)) {
            case RELEASED -> {
                if (orderUpdate != null) {
                    updateOrder(orderUpdate);
                }
                yield ReservationOutcome.ALREADY_RELEASED;
            }
            case COMMITTED -> throw new StateConflictException("stock of " + orderId + " was already committed; it cannot be released");
            case RESERVED -> throw new IllegalStateException("release of " + orderId + " failed while reserved");
        };
    }

    @Override
    public ReservationOutcome commit(OrderId orderId, List<StockLine> lines, Order orderUpdate) {
        return commit(orderId, shards.likelyHeld(orderId, lines), orderUpdate, true);
    }

    private ReservationOutcome commit(OrderId orderId, List<Held> lines, Order orderUpdate, boolean guessed) {
        var items = new ArrayList<TransactWriteItem>(StockItems.endReservation(table, orderId, ReservationStatus.COMMITTED, lines));
        if (orderUpdate != null) {
            items.add(OrderItems.transactPut(table, orderUpdate));
        }
        List<CancellationReason> reasons = transactions.write(items);
        if (reasons.isEmpty()) {
            return ReservationOutcome.COMMITTED;
        }
        requireOrderUnchanged(reasons, items.size() - 1, orderUpdate);
        CancellationReason reservation = reasons.get(0);
        if (!reservation.hasItem() || reservation.item().isEmpty()) {
            throw new StateConflictException("order " + orderId + " holds no reservation to commit");
        }
        if (guessed && StockItems.reservedElsewhere(reservation)) {
            return commit(orderId, StockItems.heldLines(reservation.item()), orderUpdate, false);
        }
        return switch (StockItems.statusOf(reservation)) {
            case COMMITTED -> {
                if (orderUpdate != null) {
                    updateOrder(orderUpdate);
                }
                yield ReservationOutcome.ALREADY_COMMITTED;
            }
            case RELEASED -> throw new StateConflictException("stock of " + orderId + " was released; it cannot be committed");
            case RESERVED -> throw new IllegalStateException("commit of " + orderId + " failed while reserved");
        };
    }

    @Override
    public Optional<Reservation> findReservation(OrderId orderId) {
        try {
            var response = client.getItem(r -> r.tableName(table).key(TableKeys.reservation(orderId)).consistentRead(true));
            if (!response.hasItem() || response.item().isEmpty()) {
                return Optional.empty();
            }
            var item = response.item();
            return Optional.of(new Reservation(orderId, StockItems.status(item), StockItems.lines(item)));
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
    }

    private ReservationOutcome writeReleasedMark(OrderId orderId, Order orderUpdate) {
        var items = new ArrayList<TransactWriteItem>();
        items.add(TransactWriteItem.builder().put(Put.builder()
                .tableName(table)
                .item(StockItems.reservationItem(orderId, ReservationStatus.RELEASED, List.<Held>of()))
                .conditionExpression("attribute_not_exists(PK)")
                .build()).build());
        if (orderUpdate != null) {
            items.add(OrderItems.transactPut(table, orderUpdate));
        }
        List<CancellationReason> reasons = transactions.write(items);
        if (reasons.isEmpty()) {
            return ReservationOutcome.RELEASED;
        }
        requireOrderUnchanged(reasons, 1, orderUpdate);
        // A reserve slipped in between: release what it reserved.
        return release(orderId, findReservation(orderId).map(Reservation::lines).orElse(List.of()), orderUpdate);
    }

    /** Where each line of one reserve looks for stock: its product's stock item, or the shard it is at now. */
    private final class ShardSearch {
        private final OrderId orderId;
        private final List<StockLine> lines;
        private final int[] shardCount;
        private final int[] shard;
        private final int[] looked;
        private final boolean[] isShort;

        ShardSearch(OrderId orderId, List<StockLine> lines) {
            this.orderId = orderId;
            this.lines = lines;
            int size = lines.size();
            shardCount = new int[size];
            shard = new int[size];
            looked = new int[size];
            isShort = new boolean[size];
            for (int i = 0; i < size; i++) {
                shardCount[i] = shards.shardsOf(lines.get(i).sku());
                startAtFirstShard(i);
            }
        }

        List<Held> held() {
            var held = new ArrayList<Held>();
            for (int i = 0; i < lines.size(); i++) {
                held.add(new Held(lines.get(i), shard[i]));
            }
            return held;
        }

        List<Sku> shortSkus() {
            var skus = new ArrayList<Sku>();
            for (int i = 0; i < lines.size(); i++) {
                if (isShort[i]) {
                    skus.add(lines.get(i).sku());
                }
            }
            return skus;
        }

        /**
         * After a conflict or a throttle: each sharded line whose shard was busy moves to the next shard not
         * known short (it is not short, only busy). True when any line moved, so the write goes again at once.
         */
        boolean sidestep(List<CancellationReason> reasons) {
            boolean moved = false;
            for (int i = 0; i < lines.size(); i++) {
                if (shardCount[i] > 1 && i + 1 < reasons.size() && DynamoDbErrors.isConflict(reasons.get(i + 1))) {
                    int from = shard[i];
                    int before = looked[i];
                    moveOn(i);
                    looked[i] = before;
                    isShort[i] = false;
                    if (shard[i] == from || looked[i] >= shardCount[i]) {
                        shard[i] = from;
                    } else {
                        moved = true;
                    }
                }
            }
            return moved;
        }

        /** Line {@code i} was short where it looked; {@code stock} is the stock item as it found it. */
        void foundShort(int i, Map<String, AttributeValue> stock) {
            StockLine line = lines.get(i);
            if (shard[i] == Held.UNSHARDED) {
                long count = stock.containsKey(StockItems.SHARDS) ? number(stock, StockItems.SHARDS) : 1;
                if (count > 1) {
                    shards.learnShards(line.sku(), (int) count);
                    shardCount[i] = (int) count;
                    startAtFirstShard(i);
                } else {
                    isShort[i] = true;
                }
                return;
            }
            shards.saw(line.sku(), shard[i], numberOrZero(stock, StockItems.AVAILABLE));
            if (looked[i] == 0) {
                survey(line.sku(), shardCount[i]);
            }
            moveOn(i);
        }

        private void startAtFirstShard(int i) {
            looked[i] = 0;
            if (shardCount[i] <= 1) {
                shard[i] = Held.UNSHARDED;
                return;
            }
            shard[i] = StockShards.firstShard(orderId, lines.get(i).sku(), shardCount[i]);
            skipRecentlyShort(i);
        }

        private void moveOn(int i) {
            looked[i]++;
            shard[i] = (shard[i] + 1) % shardCount[i];
            skipRecentlyShort(i);
        }

        private void skipRecentlyShort(int i) {
            StockLine line = lines.get(i);
            while (looked[i] < shardCount[i] && shards.recentlyShort(line.sku(), shard[i], line.quantity())) {
                looked[i]++;
                shard[i] = (shard[i] + 1) % shardCount[i];
            }
            isShort[i] = looked[i] >= shardCount[i];
        }
    }

    /**
     * Reads the list of sharded products (one eventually consistent Query of a small partition); a function
     * instance does it on its first reserve and then once a minute, or ahead of a sale when it starts.
     */
    public void readShardedProducts() {
        try {
            var items = client.query(r -> r.tableName(table)
                    .keyConditionExpression("PK = :list")
                    .expressionAttributeValues(Map.of(":list", s(TableKeys.SHARDED_STOCK)))
                    .consistentRead(false)).items();
            for (var item : items) {
                shards.learnShards(Sku.of(item.get(TableKeys.SK).s()), (int) number(item, StockItems.SHARDS));
            }
            shards.listRead();
        } catch (SdkException e) {
            // Without the list, an instance learns a sharded product from its stock item.
        }
    }

    /**
     * After a first shard was found short: one eventually consistent read of every shard's available count
     * (half a read unit each, and no transaction to conflict with), so that the search writes only to shards
     * that have stock, and a sold-out product costs each instance one read a second instead of a failed
     * write on every shard.
     */
    private void survey(Sku sku, int count) {
        var keys = new ArrayList<Map<String, AttributeValue>>();
        for (int n = 0; n < count; n++) {
            keys.add(TableKeys.stockShard(sku, n));
        }
        try {
            var response = client.batchGetItem(r -> r.requestItems(Map.of(table, KeysAndAttributes.builder()
                    .keys(keys)
                    .projectionExpression("SK, " + StockItems.AVAILABLE)
                    .consistentRead(false)
                    .build())));
            for (var item : response.responses().getOrDefault(table, List.of())) {
                String sk = item.get(TableKeys.SK).s();
                int shard = Integer.parseInt(sk.substring(sk.indexOf('#') + 1));
                shards.saw(sku, shard, numberOrZero(item, StockItems.AVAILABLE));
            }
        } catch (SdkException e) {
            // The survey only saves writes: without it the search goes on shard by shard.
        }
    }

    private void updateOrder(Order orderUpdate) {
        OrderItems.put(client, table, orderUpdate);
    }

    private static void requireOrderUnchanged(List<CancellationReason> reasons, int orderIndex, Order orderUpdate) {
        if (orderUpdate != null && DynamoDbErrors.failedCondition(reasons, orderIndex)) {
            throw OrderItems.changedSinceRead(orderUpdate);
        }
    }
}
