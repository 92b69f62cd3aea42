package dev.checkout.benchmark.baseline;

/** The product as the API shows it, serialized by Jackson from its getters. */
public final class ProductView {
    private String sku;
    private String name;
    private Price price;
    private long available;
    private long reserved;
    private long sold;

    static ProductView of(String sku, CatalogItem catalog, CatalogItem stock) {
        ProductView view = new ProductView();
        view.sku = sku;
        view.name = catalog.getName();
        view.price = new Price(catalog.getPriceAmount() == null ? 0 : catalog.getPriceAmount(), catalog.getCurrency());
        if (stock != null) {
            view.available = stock.getAvailable() == null ? 0 : stock.getAvailable();
            view.reserved = stock.getReserved() == null ? 0 : stock.getReserved();
            view.sold = stock.getSold() == null ? 0 : stock.getSold();
        }
        return view;
    }

    public String getSku() {
        return sku;
    }

    public String getName() {
        return name;
    }

    public Price getPrice() {
        return price;
    }

    public long getAvailable() {
        return available;
    }

    public long getReserved() {
        return reserved;
    }

    public long getSold() {
        return sold;
    }

    /** Money in minor units. */
    public static final class Price {
        private final long amount;
        private final String currency;

        Price(long amount, String currency) {
            this.amount = amount;
            this.currency = currency;
        }

        public long getAmount() {
            return amount;
        }

        public String getCurrency() {
            return currency;
        }
    }
}
