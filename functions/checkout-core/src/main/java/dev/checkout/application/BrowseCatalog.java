package dev.checkout.application;

import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.Product;
import dev.checkout.domain.Sku;
import dev.checkout.domain.ValidationException;
import dev.checkout.port.Catalog;
import dev.checkout.port.Catalog.ProductPage;

/** Reading the catalog: one product, or a page of them. Anyone may. */
public final class BrowseCatalog {
    public static final int MAX_PAGE = 100;

    private final Catalog catalog;

    public BrowseCatalog(Catalog catalog) {
        this.catalog = catalog;
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
