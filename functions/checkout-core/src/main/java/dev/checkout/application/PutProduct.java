package dev.checkout.application;

import dev.checkout.domain.Actor;
import dev.checkout.domain.Money;
import dev.checkout.domain.Product;
import dev.checkout.domain.Sku;
import dev.checkout.domain.ValidationException;
import dev.checkout.port.Catalog;

/** An admin creates a product or sets its name, price and stock level. */
public final class PutProduct {
    public static final long MAX_STOCK = 1_000_000_000L;

    private final Catalog catalog;

    public PutProduct(Catalog catalog) {
        this.catalog = catalog;
    }

    /** A product as stored, and whether this put created it. */
    public record PutResult(Product product, boolean created) {
    }

    public PutResult put(Actor actor, Sku sku, String name, Money price, long available) {
        return put(actor, sku, name, price, available, Catalog.KEEP_SHARDS);
    }

    /**
     * As {@link #put(Actor, Sku, String, Money, long)}, spreading the stock over {@code shards} stock items
     * (a flash-sale product; {@link Catalog#KEEP_SHARDS} keeps the product's layout).
     */
    public PutResult put(Actor actor, Sku sku, String name, Money price, long available, int shards) {
        actor.requireAdmin();
        if (available < 0 || available > MAX_STOCK) {
            throw new ValidationException("available must be from 0 to " + MAX_STOCK);
        }
        boolean existed = catalog.find(sku).isPresent();
        return new PutResult(catalog.put(sku, name, price, available, shards), !existed);
    }
}
