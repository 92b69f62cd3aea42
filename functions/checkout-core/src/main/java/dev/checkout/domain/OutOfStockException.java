package dev.checkout.domain;

import java.util.List;

/** One or more lines of an order could not be reserved; nothing was reserved. */
public class OutOfStockException extends CheckoutException {
    private final List<Sku> skus;

    public OutOfStockException(List<Sku> skus) {
        super("OUT_OF_STOCK", ErrorKind.UNPROCESSABLE, "not enough stock for " + skus);
        this.skus = List.copyOf(skus);
    }

    public List<Sku> skus() {
        return skus;
    }
}
