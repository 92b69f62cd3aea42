package dev.checkout.port;

import dev.checkout.domain.Money;
import dev.checkout.domain.Product;
import dev.checkout.domain.Sku;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The products on sale: their names, prices and stock levels. */
public interface Catalog {

    Optional<Product> find(Sku sku);

    /** The products that exist among {@code skus}; unknown SKUs are absent from the map. */
    Map<Sku, Product> findAll(Collection<Sku> skus);

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
