package dev.checkout.domain;

import java.util.Objects;

/** One line of an order, priced from the catalog when the order was placed. */
public record OrderLine(Sku sku, int quantity, Money unitPrice) {
    public static final int MAX_QUANTITY = 1000;

    public OrderLine {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(unitPrice, "unitPrice");
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw new ValidationException("quantity of " + sku + " must be 1 to " + MAX_QUANTITY + ", was " + quantity);
        }
    }

    public Money lineTotal() {
        return unitPrice.times(quantity);
    }
}
