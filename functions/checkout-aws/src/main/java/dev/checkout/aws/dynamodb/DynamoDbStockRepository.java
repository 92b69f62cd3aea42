package dev.checkout.aws.dynamodb;

import static dev.checkout.aws.dynamodb.ItemAttributes.n;
import static dev.checkout.aws.dynamodb.ItemAttributes.number;
import static dev.checkout.aws.dynamodb.ItemAttributes.numberOrZero;
import static dev.checkout.aws.dynamodb.ItemAttributes.s;
import static dev.checkout.aws.dynamodb.ItemAttributes.string;

import dev.checkout.domain.Money;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.OutOfStockException;
import dev.checkout.domain.PaidTransition;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentStatus;
import dev.checkout.domain.Product;
import dev.checkout.domain.Reservation;
import dev.checkout.domain.ReservationStatus;
import dev.checkout.domain.Sku;
import dev.checkout.domain.StateConflictException;
import dev.checkout.domain.StockLine;
import dev.checkout.domain.ValidationException;
import dev.checkout.domain.VersionConflictException;
import dev.checkout.port.StockRepository;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Catalog and stock in the single table. A product is two items under {@code PRODUCT#sku}: the
 * catalog entry ({@code SK=PRODUCT}: name, price; listed through GSI1 {@code CATALOG}) and its
 * stock ({@code SK=STOCK}: available, reserved, sold). Keeping the hot stock counters out of the
 * indexed catalog item means a reservation writes no index.
 *
 * <p>An order's reservation is the item {@code ORDER#id / RESERVATION}. It is written in the same
 * transaction as the stock counters and its status guards every later move, which is what makes
 * reserve, release and commit idempotent by order id.
 */
public final class DynamoDbStockRepository implements StockRepository {
    private final DynamoDbClient client;
    private final String table;
    private final PageTokens pageTokens;
    private final Transactions transactions;

    public DynamoDbStockRepository(DynamoDbClient client, String table, PageTokens pageTokens) {
        this.client = client;
        this.table = table;
        this.pageTokens = pageTokens;
        this.transactions = new Transactions(client);
    }

    @Override
    public Optional<Product> find(Sku sku) {
        try {
            var items = client.query(r -> r.tableName(table)
                    .keyConditionExpression("PK = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(TableKeys.productPk(sku))))
                    .consistentRead(true)).items();
            Map<String, AttributeValue> catalog = null;
            Map<String, AttributeValue> stock = Map.of();
            for (var item : items) {
                String sk = item.get(TableKeys.SK).s();
                if (TableKeys.PRODUCT.equals(sk)) {
                    catalog = item;
                } else if (TableKeys.STOCK.equals(sk)) {
                    stock = item;
                }
            }
            return catalog == null ? Optional.empty() : Optional.of(toProduct(catalog, stock));
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
    }

    @Override
    public Map<Sku, Product> findAll(Collection<Sku> skus) {
        var keys = new ArrayList<Map<String, AttributeValue>>();
        for (Sku sku : skus) {
            keys.add(TableKeys.product(sku));
            keys.add(TableKeys.stock(sku));
        }
        Map<String, Map<String, AttributeValue>> catalog = new HashMap<>();
        Map<String, Map<String, AttributeValue>> stock = new HashMap<>();
        for (var item : batchGet(keys)) {
            String pk = item.get(TableKeys.PK).s();
            (TableKeys.PRODUCT.equals(item.get(TableKeys.SK).s()) ? catalog : stock).put(pk, item);
        }
        var found = new LinkedHashMap<Sku, Product>();
        for (Sku sku : skus) {
            String pk = TableKeys.productPk(sku);
            if (catalog.containsKey(pk)) {
                found.put(sku, toProduct(catalog.get(pk), stock.getOrDefault(pk, Map.of())));
            }
        }
        return found;
    }

    /** The catalog in SKU order; its page tokens page only the catalog ({@link PageTokens}). */
    @Override
    public ProductPage list(int limit, String nextToken) {
        var scope = new PageScope("catalog by SKU", TableKeys.CATALOG, TableKeys.PRODUCT, List.of());
        Map<String, AttributeValue> startKey = pageTokens.startKey(nextToken, scope);
        try {
            var request = software.amazon.awssdk.services.dynamodb.model.QueryRequest.builder()
                    .tableName(table)
                    .indexName(TableKeys.GSI1)
                    .keyConditionExpression("GSI1PK = :catalog")
                    .expressionAttributeValues(Map.of(":catalog", s(TableKeys.CATALOG)))
                    .limit(limit)
                    .exclusiveStartKey(startKey)
                    .build();
            var response = client.query(request);
            List<Sku> skus = response.items().stream().map(item -> Sku.of(string(item, "sku"))).toList();
            Map<Sku, Product> products = findAll(skus);
            String token = response.hasLastEvaluatedKey() ? pageTokens.issue(scope, response.lastEvaluatedKey()) : null;
            return new ProductPage(skus.stream().map(products::get).filter(p -> p != null).toList(), token);
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
    }

    @Override
    public Product put(Sku sku, String name, Money price, long available) {
        if (available < 0) {
            throw new ValidationException("available must not be negative");
        }
        new Product(sku, name, price, available, 0, 0); // validates name and price before anything is written
        var catalog = new HashMap<String, AttributeValue>(TableKeys.product(sku));
        catalog.put(TableKeys.GSI1PK, s(TableKeys.CATALOG));
        catalog.put(TableKeys.GSI1SK, s(sku.value()));
        catalog.put("type", s("product"));
        catalog.put("sku", s(sku.value()));
        catalog.put("name", s(name));
        catalog.put("priceAmount", n(price.amount()));
        catalog.put("currency", s(price.currency()));
        var reasons = transactions.write(List.of(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(catalog).build()).build(),
                TransactWriteItem.builder().update(Update.builder()
                        .tableName(table)
                        .key(TableKeys.stock(sku))
                        .updateExpression("SET available = :available, reserved = if_not_exists(reserved, :zero), "
                                + "sold = if_not_exists(sold, :zero), sku = :sku, #type = :stock")
                        .expressionAttributeNames(Map.of("#type", "type"))
                        .expressionAttributeValues(Map.of(":available", n(available), ":zero", n(0),
                                ":sku", s(sku.value()), ":stock", s("stock")))
                        .build()).build()));
        if (!reasons.isEmpty()) {
            throw new VersionConflictException("product " + sku + " changed concurrently");
        }
        return find(sku).orElseThrow();
    }

    @Override
    public ReservationOutcome reserve(OrderId orderId, List<StockLine> lines) {
        var items = new ArrayList<TransactWriteItem>();
        items.add(TransactWriteItem.builder().put(Put.builder()
                .tableName(table)
                .item(reservationItem(orderId, ReservationStatus.RESERVED, lines))
                .conditionExpression("attribute_not_exists(PK)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build());
        for (StockLine line : lines) {
            items.add(stockUpdate(line, "SET available = available - :q, reserved = reserved + :q",
                    "attribute_exists(PK) AND available >= :q"));
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
            return switch (statusOf(reasons.get(0))) {
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
        var items = new ArrayList<TransactWriteItem>();
        items.add(reservationMove(orderId, ReservationStatus.RELEASED));
        for (StockLine line : lines) {
            items.add(stockUpdate(line, "SET available = available + :q, reserved = reserved - :q", null));
        }
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
        return switch (statusOf(reservation)) {
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
        var items = new ArrayList<TransactWriteItem>();
        items.add(reservationMove(orderId, ReservationStatus.COMMITTED));
        for (StockLine line : lines) {
            items.add(stockUpdate(line, "SET reserved = reserved - :q, sold = if_not_exists(sold, :zero) + :q", null));
        }
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
        return switch (statusOf(reservation)) {
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
    public boolean commitPaid(List<StockLine> lines, PaidTransition paid, Payment payment) {
        if (payment.status() != PaymentStatus.SUCCEEDED || !payment.orderId().equals(paid.orderId())) {
            throw new ValidationException("only a succeeded payment of order " + paid.orderId() + " confirms it");
        }
        var items = new ArrayList<TransactWriteItem>();
        items.add(reservationMove(paid.orderId(), ReservationStatus.COMMITTED));
        for (StockLine line : lines) {
            items.add(stockUpdate(line, "SET reserved = reserved - :q, sold = if_not_exists(sold, :zero) + :q", null));
        }
        items.add(OrderItems.transition(table, paid));
        items.add(PaymentItems.handOverSucceeded(table, payment, paid.at()));
        return transactions.write(items).isEmpty();
    }

    @Override
    public Optional<Reservation> findReservation(OrderId orderId) {
        try {
            var response = client.getItem(r -> r.tableName(table).key(TableKeys.reservation(orderId)).consistentRead(true));
            if (!response.hasItem() || response.item().isEmpty()) {
                return Optional.empty();
            }
            var item = response.item();
            List<StockLine> lines = item.get("lines").l().stream()
                    .map(AttributeValue::m)
                    .map(line -> new StockLine(Sku.of(string(line, "sku")), (int) number(line, "quantity")))
                    .toList();
            return Optional.of(new Reservation(orderId, ReservationStatus.valueOf(string(item, "status")), lines));
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
    }

    private ReservationOutcome writeReleasedMark(OrderId orderId, Order orderUpdate) {
        var items = new ArrayList<TransactWriteItem>();
        items.add(TransactWriteItem.builder().put(Put.builder()
                .tableName(table)
                .item(reservationItem(orderId, ReservationStatus.RELEASED, List.of()))
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
        new DynamoDbOrderRepository(client, table, pageTokens).update(orderUpdate);
    }

    private static void requireOrderUnchanged(List<CancellationReason> reasons, int orderIndex, Order orderUpdate) {
        if (orderUpdate != null && DynamoDbErrors.failedCondition(reasons, orderIndex)) {
            throw new VersionConflictException("order " + orderUpdate.orderId() + " changed since version " + (orderUpdate.version() - 1) + " was read");
        }
    }

    private TransactWriteItem reservationMove(OrderId orderId, ReservationStatus target) {
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(TableKeys.reservation(orderId))
                .updateExpression("SET #status = :target")
                .conditionExpression("#status = :reserved")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":target", s(target.name()), ":reserved", s(ReservationStatus.RESERVED.name())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }

    private TransactWriteItem stockUpdate(StockLine line, String expression, String condition) {
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

    private static Map<String, AttributeValue> reservationItem(OrderId orderId, ReservationStatus status, List<StockLine> lines) {
        var item = new HashMap<String, AttributeValue>(TableKeys.reservation(orderId));
        item.put("type", s("reservation"));
        item.put("orderId", s(orderId.value()));
        item.put("status", s(status.name()));
        item.put("lines", AttributeValue.fromL(lines.stream()
                .map(line -> AttributeValue.fromM(Map.of("sku", s(line.sku().value()), "quantity", n(line.quantity()))))
                .toList()));
        return item;
    }

    private static ReservationStatus statusOf(CancellationReason reason) {
        return ReservationStatus.valueOf(string(reason.item(), "status"));
    }

    private static Product toProduct(Map<String, AttributeValue> catalog, Map<String, AttributeValue> stock) {
        return new Product(
                Sku.of(string(catalog, "sku")),
                string(catalog, "name"),
                Money.of(number(catalog, "priceAmount"), string(catalog, "currency")),
                numberOrZero(stock, "available"),
                numberOrZero(stock, "reserved"),
                numberOrZero(stock, "sold"));
    }

    private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        var found = new ArrayList<Map<String, AttributeValue>>();
        try {
            for (int from = 0; from < keys.size(); from += 100) {
                Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder()
                        .keys(keys.subList(from, Math.min(keys.size(), from + 100)))
                        .consistentRead(true)
                        .build());
                int round = 0;
                while (!request.isEmpty()) {
                    var batch = request;
                    var response = client.batchGetItem(r -> r.requestItems(batch));
                    found.addAll(response.responses().getOrDefault(table, List.of()));
                    request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
                    if (!request.isEmpty() && ++round > 8) {
                        throw new dev.checkout.domain.StorageUnavailableException("the table kept leaving keys unprocessed");
                    }
                }
            }
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
        return found;
    }

}
