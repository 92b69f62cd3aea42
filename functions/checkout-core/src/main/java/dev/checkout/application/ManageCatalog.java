package dev.checkout.application;

import dev.checkout.domain.Actor;
import dev.checkout.domain.Money;
import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.Product;
import dev.checkout.domain.Sku;
import dev.checkout.domain.ValidationException;
import dev.checkout.port.Catalog;
import dev.checkout.port.Catalog.ProductPage;

/** The catalog: anyone reads it; admins set a product's name, price and stock level. */
public final class ManageCatalog {
    public static final long MAX_STOCK = 1_000_000_000L;
    public static final int MAX_PAGE = 100;

    private final Catalog catalog;

    public ManageCatalog(Catalog catalog) {
        this.catalog = catalog;
    }

    /** A product as stored, and whether this put created it. */
    public record PutResult(Product product, boolean created) {
    }

    public PutResult put(Actor actor, Sku sku, String name, Money price, long available) {
        actor.requireAdmin();
        if (available < 0 || available > MAX_STOCK) {
            throw new ValidationException("available must be from 0 to " + MAX_STOCK);
        }
        boolean existed = catalog.find(sku).isPresent();
        return new PutResult(catalog.put(sku, name, price, available), !existed);
    }

    public Product get(Sku sku) {
        return catalog.find(sku).orElseThrow(() -> new NotFoundException("no product " + sku));
    }

    public ProductPage list(int limit, String nextToken) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new ValidationException("limit must be from 1 to " + MAX_PAGE);
        }
        return catalog.list(limit, nextToken);
    }
}
