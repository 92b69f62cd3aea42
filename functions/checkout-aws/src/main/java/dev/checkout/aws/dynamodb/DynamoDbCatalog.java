package dev.checkout.aws.dynamodb;

import static dev.checkout.aws.dynamodb.ItemAttributes.n;
import static dev.checkout.aws.dynamodb.ItemAttributes.number;
import static dev.checkout.aws.dynamodb.ItemAttributes.numberOrZero;
import static dev.checkout.aws.dynamodb.ItemAttributes.s;
import static dev.checkout.aws.dynamodb.ItemAttributes.string;

import dev.checkout.domain.Money;
import dev.checkout.domain.Product;
import dev.checkout.domain.Sku;
import dev.checkout.domain.ValidationException;
import dev.checkout.domain.VersionConflictException;
import dev.checkout.port.Catalog;
import dev.checkout.port.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The catalog in the single table. A product is two items under {@code PRODUCT#sku}: the catalog
 * entry ({@code SK=PRODUCT}: name, price; listed through GSI1 {@code CATALOG}) and its stock
 * ({@code SK=STOCK}: available, reserved, sold; see {@link StockItems}). Keeping the hot stock
 * counters out of the indexed catalog item means a reservation writes no index. The catalog entry of a
 * sharded product also says {@code shards}, so that a price read knows it may keep that price for
 * {@link Catalog#SHARDED_PRICE_MAX_AGE} (in this instance's memory: one per function instance).
 */
public final class DynamoDbCatalog implements Catalog {
    private static final String NAME = "name";
    private static final String PRICE_AMOUNT = "priceAmount";
    private static final String CURRENCY = "currency";

    private final DynamoDbClient client;
    private final String table;
    private final PageTokens pageTokens;
    private final Transactions transactions;
    private final BatchReads batchReads;
    private final Clock clock;
    private final Map<Sku, ReadPrice> shardedPrices = new ConcurrentHashMap<>();

    public DynamoDbCatalog(DynamoDbClient client, String table, PageTokens pageTokens) {
        this(client, table, pageTokens, Clock.system());
    }

    /** {@code clock} times how long a sharded product's price is kept. */
    public DynamoDbCatalog(DynamoDbClient client, String table, PageTokens pageTokens, Clock clock) {
        this.client = client;
        this.table = table;
        this.pageTokens = pageTokens;
        this.transactions = new Transactions(client);
        this.batchReads = new BatchReads(client);
        this.clock = clock;
    }

    @Override
    public Optional<Product> find(Sku sku) {
        try {
            var items = client.query(r -> r.tableName(table)
                    .keyConditionExpression("PK = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(TableKeys.productPk(sku))))
                    .consistentRead(true)).items();
            Map<String, AttributeValue> catalog = null;
            var stock = new ArrayList<Map<String, AttributeValue>>();
            for (var item : items) {
                String sk = item.get(TableKeys.SK).s();
                if (TableKeys.PRODUCT.equals(sk)) {
                    catalog = item;
                } else if (sk.startsWith(TableKeys.STOCK)) {
                    stock.add(item); // the stock item and, of a sharded product, its shards
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
        Map<String, List<Map<String, AttributeValue>>> stock = new HashMap<>();
        var shardKeys = new ArrayList<Map<String, AttributeValue>>();
        for (var item : batchGet(keys)) {
            String pk = item.get(TableKeys.PK).s();
            if (TableKeys.PRODUCT.equals(item.get(TableKeys.SK).s())) {
                catalog.put(pk, item);
            } else {
                stock.computeIfAbsent(pk, k -> new ArrayList<>()).add(item);
                shardKeys.addAll(shardKeys(Sku.of(string(item, StockItems.SKU)), shardsOf(item)));
            }
        }
        // Only a sharded product costs the second read: its stock is in its shards.
        for (var shard : shardKeys.isEmpty() ? List.<Map<String, AttributeValue>>of() : batchGet(shardKeys)) {
            stock.computeIfAbsent(shard.get(TableKeys.PK).s(), k -> new ArrayList<>()).add(shard);
        }
        var found = new LinkedHashMap<Sku, Product>();
        for (Sku sku : skus) {
            String pk = TableKeys.productPk(sku);
            if (catalog.containsKey(pk)) {
                found.put(sku, toProduct(catalog.get(pk), stock.getOrDefault(pk, List.of())));
            }
        }
        return found;
    }

    /**
     * One consistent BatchGetItem of the catalog entries ({@code SK=PRODUCT}) of the SKUs whose price this
     * instance does not hold: a sharded product's price read less than {@link Catalog#SHARDED_PRICE_MAX_AGE}
     * ago is not read again; an ordinary product's always is.
     */
    @Override
    public Map<Sku, Money> prices(Collection<Sku> skus) {
        Instant now = clock.now();
        var found = new LinkedHashMap<Sku, Money>();
        var keys = new ArrayList<Map<String, AttributeValue>>();
        for (Sku sku : new LinkedHashSet<>(skus)) {
            ReadPrice held = shardedPrices.get(sku);
            if (held != null && now.isBefore(held.at().plus(SHARDED_PRICE_MAX_AGE))) {
                found.put(sku, held.price());
            } else {
                keys.add(TableKeys.product(sku));
            }
        }
        for (var item : keys.isEmpty() ? List.<Map<String, AttributeValue>>of() : batchGet(keys)) {
            Sku sku = Sku.of(string(item, StockItems.SKU));
            Money price = priceOf(item);
            found.put(sku, price);
            if (shardsOf(item) > 1) {
                shardedPrices.put(sku, new ReadPrice(price, now));
            } else {
                shardedPrices.remove(sku);
            }
        }
        return found;
    }

    /** A price and when it was read (taken before the read, so it is never kept longer than the rule says). */
    private record ReadPrice(Money price, Instant at) {
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
            List<Sku> skus = response.items().stream().map(item -> Sku.of(string(item, StockItems.SKU))).toList();
            Map<Sku, Product> products = findAll(skus);
            String token = response.hasLastEvaluatedKey() ? pageTokens.issue(scope, response.lastEvaluatedKey()) : null;
            return new ProductPage(skus.stream().map(products::get).filter(p -> p != null).toList(), token);
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
    }

    /**
     * Sets a product; {@code shards} above 1 spreads its available stock evenly over that many shard
     * items ({@link StockShards}), which a flash-sale product needs to sell past one item's write limit.
     * A product's shards never shrink (reservations may be held in each); {@link Catalog#KEEP_SHARDS}
     * keeps what the product has. One read of the stock item, then one transaction.
     */
    @Override
    public Product put(Sku sku, String name, Money price, long available, int shards) {
        if (available < 0) {
            throw new ValidationException("available must not be negative");
        }
        if (shards < 0 || shards > StockShards.MAX_SHARDS) {
            throw new ValidationException("shards must be 1-" + StockShards.MAX_SHARDS);
        }
        new Product(sku, name, price, available, 0, 0); // validates name and price before anything is written
        var catalog = new HashMap<String, AttributeValue>(TableKeys.product(sku));
        catalog.put(TableKeys.GSI1PK, s(TableKeys.CATALOG));
        catalog.put(TableKeys.GSI1SK, s(sku.value()));
        catalog.put(StockItems.TYPE, s("product"));
        catalog.put(StockItems.SKU, s(sku.value()));
        catalog.put(NAME, s(name));
        catalog.put(PRICE_AMOUNT, n(price.amount()));
        catalog.put(CURRENCY, s(price.currency()));
        int current = currentShards(sku);
        int target = shards == KEEP_SHARDS ? current : shards;
        if (target < current) {
            throw new ValidationException("product " + sku + " has " + current + " stock shards; shards can only grow");
        }
        catalog.put(StockItems.SHARDS, n(target)); // tells a price read it may keep a sharded product's price
        var items = new ArrayList<TransactWriteItem>();
        items.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(catalog).build()).build());
        items.addAll(StockItems.setAvailable(table, sku, available, current, target));
        if (target > 1) {
            var listed = new HashMap<String, AttributeValue>(TableKeys.shardedStock(sku));
            listed.put(StockItems.SHARDS, n(target));
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(listed).build()).build());
        }
        var reasons = transactions.write(items);
        if (!reasons.isEmpty()) {
            throw new VersionConflictException("product " + sku + " changed concurrently");
        }
        shardedPrices.remove(sku);
        return find(sku).orElseThrow();
    }

    private int currentShards(Sku sku) {
        try {
            var response = client.getItem(r -> r.tableName(table).key(TableKeys.stock(sku)).consistentRead(true));
            return response.hasItem() ? shardsOf(response.item()) : 1;
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
    }

    private static int shardsOf(Map<String, AttributeValue> stock) {
        return stock.containsKey(StockItems.SHARDS) ? (int) number(stock, StockItems.SHARDS) : 1;
    }

    private static List<Map<String, AttributeValue>> shardKeys(Sku sku, int shards) {
        var keys = new ArrayList<Map<String, AttributeValue>>();
        for (int n = 0; shards > 1 && n < shards; n++) {
            keys.add(TableKeys.stockShard(sku, n));
        }
        return keys;
    }

    /** A product with its stock summed over its stock item and shards. */
    private static Product toProduct(Map<String, AttributeValue> catalog, List<Map<String, AttributeValue>> stock) {
        return new Product(
                Sku.of(string(catalog, StockItems.SKU)),
                string(catalog, NAME),
                priceOf(catalog),
                stock.stream().mapToLong(item -> numberOrZero(item, StockItems.AVAILABLE)).sum(),
                stock.stream().mapToLong(item -> numberOrZero(item, StockItems.RESERVED)).sum(),
                stock.stream().mapToLong(item -> numberOrZero(item, StockItems.SOLD)).sum());
    }

    private static Money priceOf(Map<String, AttributeValue> catalog) {
        return Money.of(number(catalog, PRICE_AMOUNT), string(catalog, CURRENCY));
    }

    private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        return batchReads.get(table, keys, true);
    }
}
