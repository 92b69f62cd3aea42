package dev.checkout.domain;

import java.util.Objects;

/**
 * A catalog entry with its stock. {@code available} can be reserved; {@code reserved} is held by
 * orders awaiting payment; {@code sold} was committed by paid orders. Stock is conserved:
 * what was stocked equals available + reserved + sold.
 */
public record Product(Sku sku, String name, Money price, long available, long reserved, long sold) {
    public static final int MAX_NAME_LENGTH = 200;

    public Product {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(price, "price");
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new ValidationException("name must be 1-" + MAX_NAME_LENGTH + " characters");
        }
        Text.requireValid(name, "name");
        if (available < 0 || reserved < 0 || sold < 0) {
            throw new ValidationException("stock counts must not be negative");
        }
    }
}
