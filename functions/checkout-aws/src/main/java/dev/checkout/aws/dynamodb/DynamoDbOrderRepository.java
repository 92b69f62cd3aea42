package dev.checkout.aws.dynamodb;

import dev.checkout.domain.IdempotencyKeyTakenException;
import dev.checkout.domain.IdempotencyRecord;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.UserId;
import dev.checkout.domain.ValidationException;
import dev.checkout.domain.VersionConflictException;
import dev.checkout.port.OrderRepository;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Orders in the single table; a user's orders through GSI1 ({@code USER#sub}, creation time), paged
 * with tokens bound to the user and the filters ({@link PageTokens}); every user's orders through GSI3
 * (a day's shards merged, {@link OrderListShards}), paged with position tokens bound to the filters.
 */
public final class DynamoDbOrderRepository implements OrderRepository {
    /** How many Query requests one page of every user's orders may take: a day's shards twice. */
    static final int MAX_QUERIES_PER_PAGE = 2 * TableKeys.ORDER_LIST_SHARDS;

    private final DynamoDbClient client;
    private final String table;
    private final PageTokens pageTokens;
    private final Transactions transactions;
    private final OrderListShards shards;

    public DynamoDbOrderRepository(DynamoDbClient client, String table, PageTokens pageTokens) {
        this.client = client;
        this.table = table;
        this.pageTokens = pageTokens;
        this.transactions = new Transactions(client);
        this.shards = new OrderListShards(client, table);
    }

    @Override
    public void create(Order order, IdempotencyRecord idempotency) {
        var reasons = transactions.write(List.of(
                OrderItems.transactPut(table, order),
                IdempotencyItems.transactPut(table, idempotency)));
        if (DynamoDbErrors.failedCondition(reasons, 1)) {
            throw new IdempotencyKeyTakenException(idempotency.key());
        }
        if (!reasons.isEmpty()) {
            throw new VersionConflictException("order " + order.orderId() + " already exists");
        }
    }

    @Override
    public Optional<Order> find(OrderId orderId) {
        try {
            var response = client.getItem(r -> r.tableName(table).key(TableKeys.order(orderId)).consistentRead(true));
            return response.hasItem() && !response.item().isEmpty()
                    ? Optional.of(OrderItems.fromItem(response.item()))
                    : Optional.empty();
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
    }

    @Override
    public void update(Order order) {
        OrderItems.put(client, table, order);
    }

    @Override
    public List<Order> findPendingPlacedBefore(java.time.Instant cutoff, int limit) {
        var found = new ArrayList<Order>();
        try {
            for (int shard = 0; shard < TableKeys.PENDING_SHARDS; shard++) {
                SparseIndexParts.createdBefore(client, table, TableKeys.pendingOrdersShard(shard), cutoff, limit).forEach(item -> found.add(OrderItems.fromItem(item)));
            }
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
        found.sort(java.util.Comparator.comparing(Order::createdAt));
        return found.size() > limit ? List.copyOf(found.subList(0, limit)) : found;
    }

    @Override
    public OrderPage listByUser(UserId userId, OrderQuery query) {
        String pk = TableKeys.userOrdersPk(userId);
        var names = new HashMap<String, String>(Map.of("#pk", TableKeys.GSI1PK));
        var values = new HashMap<String, AttributeValue>(Map.of(":pk", ItemAttributes.s(pk)));
        String keyCondition = "#pk = :pk";
        // GSI1SK is "<fixed-width timestamp>#<order id>": '#' sorts before any id character and '~' after.
        String lower = query.from() == null ? null : ItemAttributes.format(query.from()) + "#";
        String upper = query.to() == null ? null : ItemAttributes.format(query.to()) + "#~";
        if (lower != null && upper != null) {
            keyCondition += " AND #sk BETWEEN :from AND :to";
            values.put(":from", ItemAttributes.s(lower));
            values.put(":to", ItemAttributes.s(upper));
        } else if (lower != null) {
            keyCondition += " AND #sk >= :from";
            values.put(":from", ItemAttributes.s(lower));
        } else if (upper != null) {
            keyCondition += " AND #sk <= :to";
            values.put(":to", ItemAttributes.s(upper));
        }
        if (lower != null || upper != null) {
            names.put("#sk", TableKeys.GSI1SK);
        }
        String filter = null;
        if (query.status() != null) {
            filter = "#status = :status";
            names.put("#status", OrderItems.STATUS);
            values.put(":status", ItemAttributes.s(query.status().name()));
        }
        var scope = new PageScope("orders of a user by creation time", pk, TableKeys.ORDER, List.of(
                "from=" + (query.from() == null ? "" : query.from()),
                "to=" + (query.to() == null ? "" : query.to()),
                "status=" + (query.status() == null ? "" : query.status().name())));
        Map<String, AttributeValue> startKey = pageTokens.startKey(query.nextToken(), scope);
        var orders = new ArrayList<Order>();
        try {
            do {
                var request = QueryRequest.builder()
                        .tableName(table)
                        .indexName(TableKeys.GSI1)
                        .keyConditionExpression(keyCondition)
                        .filterExpression(filter)
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values)
                        .scanIndexForward(false)
                        .limit(query.limit() - orders.size())
                        .exclusiveStartKey(startKey)
                        .build();
                QueryResponse response = client.query(request);
                response.items().forEach(item -> orders.add(OrderItems.fromItem(item)));
                startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
            } while (startKey != null && orders.size() < query.limit());
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
        return new OrderPage(orders, pageTokens.issue(scope, startKey));
    }

    @Override
    public OrderPage listAll(OrderQuery query, Instant from, Instant to) {
        var scope = new PageScope("every user's orders by creation time", "ORDERS", TableKeys.ORDER, List.of(
                "from=" + (query.from() == null ? "" : query.from()),
                "to=" + (query.to() == null ? "" : query.to()),
                "status=" + (query.status() == null ? "" : query.status().name())));
        // A token carries its window (defaults move with the clock), the day and the GSI3 sort key to go on below.
        List<String> position = pageTokens.position(query.nextToken(), scope, 4);
        Instant windowFrom = position == null ? from : Instant.parse(position.get(0));
        Instant windowTo = position == null ? to : Instant.parse(position.get(1));
        String lower = ItemAttributes.format(windowFrom) + "#";
        String upper = ItemAttributes.format(windowTo) + "#~";
        LocalDate firstDay = LocalDate.ofInstant(windowFrom, ZoneOffset.UTC);
        LocalDate day = position == null ? LocalDate.ofInstant(windowTo, ZoneOffset.UTC) : LocalDate.parse(position.get(2));
        String below = position == null ? upper : position.get(3);
        var orders = new ArrayList<Order>();
        int queries = 0;
        try {
            while (true) {
                var page = shards.read(day, lower, below, query.status(), query.limit() - orders.size(), MAX_QUERIES_PER_PAGE - queries);
                orders.addAll(page.orders());
                queries += page.queries();
                if (page.resumeAt() != null) {
                    below = page.resumeAt();
                    break;
                }
                if (!day.isAfter(firstDay)) {
                    return new OrderPage(orders, null);
                }
                day = day.minusDays(1);
                below = upper;
                if (orders.size() == query.limit() || MAX_QUERIES_PER_PAGE - queries < TableKeys.ORDER_LIST_SHARDS) {
                    break;
                }
            }
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
        return new OrderPage(orders, pageTokens.issuePosition(scope, List.of(windowFrom.toString(), windowTo.toString(), day.toString(), below)));
    }
}
