package dev.checkout.port;

import dev.checkout.domain.Money;
import dev.checkout.domain.Product;
import dev.checkout.domain.Sku;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The products on sale: their names, prices and stock levels. */
public interface Catalog {

    Optional<Product> find(Sku sku);

    /** The products that exist among {@code skus}; unknown SKUs are absent from the map. */
    Map<Sku, Product> findAll(Collection<Sku> skus);

    /**
     * The prices of the products that exist among {@code skus}; unknown SKUs are absent from the map. What
     * placing an order reads: one small read a SKU, no stock. An ordinary product's price is the current one;
     * a sharded product's (a flash-sale product, {@link #put(Sku, String, Money, long, int)} with shards above 1)
     * may be one this instance read up to {@link #SHARDED_PRICE_MAX_AGE} ago, so that a sale's orders do not
     * all read its one catalog item.
     */
    Map<Sku, Money> prices(Collection<Sku> skus);

    /** How long a sharded product's price may be served from an instance's memory: its new price reaches new orders within this. */
    Duration SHARDED_PRICE_MAX_AGE = Duration.ofSeconds(1);

    ProductPage list(int limit, String nextToken);

    /** {@code shards} of {@link #put(Sku, String, Money, long, int)} that keeps the product's stock layout (1 for a new product). */
    int KEEP_SHARDS = 0;

    /** The most stock items a product's stock may be spread over. */
    int MAX_SHARDS = 64;

    /** Creates or updates a product's name and price and sets its available stock, keeping its stock layout. */
    default Product put(Sku sku, String name, Money price, long available) {
        return put(sku, name, price, available, KEEP_SHARDS);
    }

    /**
     * Creates or updates a product's name and price and sets its available stock, spread over {@code shards}
     * stock items (1: one item, the usual; more for a product sold faster than one item takes writes;
     * {@link #KEEP_SHARDS}: as it is). A product's shards never shrink.
     *
     * @throws dev.checkout.domain.ValidationException when shards is out of range or fewer than the product has
     */
    Product put(Sku sku, String name, Money price, long available, int shards);

    record ProductPage(List<Product> products, String nextToken) {
    }
}
