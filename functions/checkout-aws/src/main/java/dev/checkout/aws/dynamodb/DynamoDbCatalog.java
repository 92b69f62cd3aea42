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
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The catalog in the single table. A product is two items under {@code PRODUCT#sku}: the catalog
 * entry ({@code SK=PRODUCT}: name, price; listed through GSI1 {@code CATALOG}) and its stock
 * ({@code SK=STOCK}: available, reserved, sold; see {@link StockItems}). Keeping the hot stock
 * counters out of the indexed catalog item means a reservation writes no index.
 */
public final class DynamoDbCatalog implements Catalog {
    private static final String NAME = "name";
    private static final String PRICE_AMOUNT = "priceAmount";
    private static final String CURRENCY = "currency";

    private final DynamoDbClient client;
    private final String table;
    private final PageTokens pageTokens;
    private final Transactions transactions;

    public DynamoDbCatalog(DynamoDbClient client, String table, PageTokens pageTokens) {
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
            List<Sku> skus = response.items().stream().map(item -> Sku.of(string(item, StockItems.SKU))).toList();
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
        catalog.put(StockItems.TYPE, s("product"));
        catalog.put(StockItems.SKU, s(sku.value()));
        catalog.put(NAME, s(name));
        catalog.put(PRICE_AMOUNT, n(price.amount()));
        catalog.put(CURRENCY, s(price.currency()));
        var reasons = transactions.write(List.of(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(catalog).build()).build(),
                StockItems.setAvailable(table, sku, available)));
        if (!reasons.isEmpty()) {
            throw new VersionConflictException("product " + sku + " changed concurrently");
        }
        return find(sku).orElseThrow();
    }

    private static Product toProduct(Map<String, AttributeValue> catalog, Map<String, AttributeValue> stock) {
        return new Product(
                Sku.of(string(catalog, StockItems.SKU)),
                string(catalog, NAME),
                Money.of(number(catalog, PRICE_AMOUNT), string(catalog, CURRENCY)),
                numberOrZero(stock, StockItems.AVAILABLE),
                numberOrZero(stock, StockItems.RESERVED),
                numberOrZero(stock, StockItems.SOLD));
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
