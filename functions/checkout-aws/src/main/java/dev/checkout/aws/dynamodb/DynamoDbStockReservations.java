package dev.checkout.aws.dynamodb;

import static dev.checkout.aws.dynamodb.ItemAttributes.s;
import static dev.checkout.aws.dynamodb.ItemAttributes.string;

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
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
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

    public DynamoDbStockReservations(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
        this.transactions = new Transactions(client);
    }

    @Override
    public ReservationOutcome reserve(OrderId orderId, List<StockLine> lines) {
        var items = new ArrayList<TransactWriteItem>();
        items.add(TransactWriteItem.builder().put(Put.builder()
                .tableName(table)
                .item(StockItems.reservationItem(orderId, ReservationStatus.RESERVED, lines))
                .conditionExpression("attribute_not_exists(PK)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build());
        for (StockLine line : lines) {
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
        List<CancellationReason> reasons = transactions.write(items);
        if (reasons.isEmpty()) {
            return ReservationOutcome.RESERVED;
        }
        if (DynamoDbErrors.failedCondition(reasons, items.size() - 1)) {
            throw new StateConflictException("order " + orderId + " is " + string(reasons.get(items.size() - 1).item(), OrderItems.STATUS)
                    + "; only an order awaiting payment reserves stock");
        }
        if (DynamoDbErrors.failedCondition(reasons, 0)) {
            return switch (StockItems.statusOf(reasons.get(0))) {
                case RESERVED -> ReservationOutcome.ALREADY_RESERVED;
                case RELEASED -> ReservationOutcome.ALREADY_RELEASED;
                case COMMITTED -> ReservationOutcome.ALREADY_COMMITTED;
            };
        }
        var shortSkus = new ArrayList<Sku>();
        for (int i = 0; i < lines.size(); i++) {
            if (DynamoDbErrors.failedCondition(reasons, i + 1)) {
                shortSkus.add(lines.get(i).sku());
            }
        }
        throw new OutOfStockException(shortSkus);
    }

    @Override
    public ReservationOutcome release(OrderId orderId, List<StockLine> lines, Order orderUpdate) {
        var items = new ArrayList<TransactWriteItem>(StockItems.endReservation(table, orderId, ReservationStatus.RELEASED, lines));
        if (orderUpdate != null) {
            items.add(OrderItems.transactPut(table, orderUpdate));
        }
        List<CancellationReason> reasons = transactions.write(items);
        if (reasons.isEmpty()) {
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
                .item(StockItems.reservationItem(orderId, ReservationStatus.RELEASED, List.of()))
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

    private void updateOrder(Order orderUpdate) {
        OrderItems.put(client, table, orderUpdate);
    }

    private static void requireOrderUnchanged(List<CancellationReason> reasons, int orderIndex, Order orderUpdate) {
        if (orderUpdate != null && DynamoDbErrors.failedCondition(reasons, orderIndex)) {
            throw OrderItems.changedSinceRead(orderUpdate);
        }
    }
}
