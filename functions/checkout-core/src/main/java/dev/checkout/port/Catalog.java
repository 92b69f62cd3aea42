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

    /** Creates or updates a product's name and price and sets its available stock. */
    Product put(Sku sku, String name, Money price, long available);

    record ProductPage(List<Product> products, String nextToken) {
    }
}
