package dev.checkout.domain;

import java.util.Objects;

/** A quantity of one SKU to reserve, release or commit. */
public record StockLine(Sku sku, int quantity) {
    public StockLine {
        Objects.requireNonNull(sku, "sku");
        if (quantity < 1) {
            throw new ValidationException("quantity must be positive, was " + quantity);
        }
    }
}
