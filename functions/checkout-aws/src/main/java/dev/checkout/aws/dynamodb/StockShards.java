package dev.checkout.aws.dynamodb;

import dev.checkout.domain.OrderId;
import dev.checkout.domain.Sku;
import dev.checkout.domain.StockLine;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one function instance knows of sharded stock. A product an admin sharded keeps its stock in
 * {@code N} shard items ({@code PK=PRODUCT#sku, SK=STOCK#0 .. STOCK#<N-1>}) and its stock item
 * {@code SK=STOCK} says {@code shards = N} with nothing available, so an instance that does not know yet
 * learns it from the one reservation that fails there and goes to the shards from then on. Each
 * instance also reads the list of sharded products ({@code PK=SHARDED_STOCK}) when it has none or it is a
 * minute old, so that a fleet of new instances at a sale's start does not queue on the stock item to learn
 * it; ordinary products are never looked up one by one.
 *
 * <p>It also remembers, for {@link #EMPTY_MEMORY_NANOS}, each shard it found short: a buyer who comes
 * after a sell-out is refused with no write once every shard was found empty, which keeps the refusals
 * of a flash sale (most of its buyers) off the hot items. A release by this instance forgets its shard's
 * mark; releases by others are seen when the mark expires.
 */
public final class StockShards {
    /** The most shards a product may have: a transaction writes at most 100 items, setting a product writes N + 3. */
    public static final int MAX_SHARDS = dev.checkout.port.Catalog.MAX_SHARDS;
    /** How long a learned shard count is trusted; an admin's change of it reaches every instance within this. */
    static final long LAYOUT_MEMORY_NANOS = 60_000_000_000L;
    /** How long a shard found short counts as short without a new look. */
    static final long EMPTY_MEMORY_NANOS = 1_000_000_000L;

    private final Ticker ticker;
    private final ConcurrentHashMap<Sku, Learned> layouts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Learned> shortShards = new ConcurrentHashMap<>();
    private volatile long listReadAt;
    private volatile boolean listRead;

    public StockShards(Ticker ticker) {
        this.ticker = ticker;
    }

    public static StockShards system() {
        return new StockShards(Ticker.SYSTEM);
    }

    Ticker ticker() {
        return ticker;
    }

    /** The shard count this instance knows for {@code sku}; 1 (the stock item itself) when it knows none. */
    int shardsOf(Sku sku) {
        Learned layout = layouts.get(sku);
        return layout == null || ticker.nanoTime() - layout.at() > LAYOUT_MEMORY_NANOS ? 1 : (int) layout.value();
    }

    void learnShards(Sku sku, int shards) {
        layouts.put(sku, new Learned(shards, ticker.nanoTime()));
    }

    /** True when this instance has not read the sharded products' list yet, or read it a minute ago. */
    boolean listStale() {
        return !listRead || ticker.nanoTime() - listReadAt > LAYOUT_MEMORY_NANOS;
    }

    void listRead() {
        listReadAt = ticker.nanoTime();
        listRead = true;
    }

    /** Where an order starts looking in a product's shards: spread by its id, so buyers spread evenly. */
    static int firstShard(OrderId orderId, Sku sku, int shards) {
        return Math.floorMod((orderId.value() + "#" + sku.value()).hashCode() * 0x9E3779B1, shards);
    }

    /** Where an order's lines are most likely held: each sharded product's first shard for the order. */
    List<StockItems.Held> likelyHeld(OrderId orderId, List<StockLine> lines) {
        return lines.stream().map(line -> {
            int shards = shardsOf(line.sku());
            return new StockItems.Held(line, shards > 1 ? firstShard(orderId, line.sku(), shards) : StockItems.Held.UNSHARDED);
        }).toList();
    }

    /** Remembers how much a shard had when this instance last saw it (a failed reserve, or a read). */
    void saw(Sku sku, int shard, long available) {
        shortShards.put(key(sku, shard), new Learned(available, ticker.nanoTime()));
    }

    /** True when this instance found the shard with less than {@code quantity} available a moment ago. */
    boolean recentlyShort(Sku sku, int shard, int quantity) {
        Learned seen = shortShards.get(key(sku, shard));
        return seen != null && seen.value() < quantity && ticker.nanoTime() - seen.at() <= EMPTY_MEMORY_NANOS;
    }

    void released(Sku sku, int shard) {
        shortShards.remove(key(sku, shard));
    }

    private static String key(Sku sku, int shard) {
        return sku.value() + "#" + shard;
    }

    private record Learned(long value, long at) {
    }
}
