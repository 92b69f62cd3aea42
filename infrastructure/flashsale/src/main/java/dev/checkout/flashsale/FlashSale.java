package dev.checkout.flashsale;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import dev.checkout.application.ReserveStock;
import dev.checkout.aws.dynamodb.DynamoDbCatalog;
import dev.checkout.aws.dynamodb.DynamoDbStockReservations;
import dev.checkout.aws.dynamodb.PageTokenKeys;
import dev.checkout.aws.dynamodb.PageTokens;
import dev.checkout.aws.dynamodb.StockShards;
import dev.checkout.domain.Money;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OutOfStockException;
import dev.checkout.domain.Product;
import dev.checkout.domain.Sku;
import dev.checkout.domain.StockLine;
import dev.checkout.domain.StorageUnavailableException;
import dev.checkout.port.Catalog;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The flash sale of issue #19 in virtual time: buyers arrive, the create-order function prices each order
 * with the project's own {@link DynamoDbCatalog#prices} (its per-instance memory of a sharded product's
 * price included), then the checkout's ReserveStock step runs the project's own {@link ReserveStock} over its
 * own {@link DynamoDbStockReservations}, each function in Lambda instances of its own (one invocation at a
 * time each, a fresh {@link StockShards} or catalog each; both functions' invocations in flight at most the
 * account's concurrency), the workflow retries the step as {@code statemachine/checkout.asl.json} says, and
 * DynamoDB is {@link ItemLimitedDynamoDb}. Each stock design runs the same scenario with the same seed.
 *
 * <p>{@code java -jar infrastructure/flashsale/target/flashsale.jar [--concurrency=1000] [--create-order-work-ms=0] [buyers] [units] [shards...]}.
 */
public final class FlashSale {
    /** The Step Functions task's overhead around each Lambda invocation (state transition and invoke), median. */
    static final long STEP_MEDIAN_NANOS = 25_000_000;
    /** The ReserveStock state's Retry: IntervalSeconds 1, BackoffRate 2, MaxAttempts 5, MaxDelaySeconds 20, jitter FULL. */
    static final int WORKFLOW_MAX_RETRIES = 5;
    /** A shop's app retrying a create-order request refused by a full Lambda concurrency (HTTP 429) as the workflow does. */
    static final int CLIENT_MAX_RETRIES = 5;
    static final String TABLE = "FlashSaleTable";
    static final Sku SKU = Sku.of("FLASH-01");
    /** The product's catalog entry, as the model names item keys: what every order's price read touches. */
    static final String PRODUCT_ITEM = "PRODUCT#" + SKU.value() + "|PRODUCT";
    /**
     * The sale opens a minute into the run. Before it, the shop's provisioned concurrency starts every
     * instance of the reserve-stock function, each reading the sharded products' list as it starts (AWS's
     * advice for a planned peak; without it, a thousand new instances would each learn the product from its
     * stock item in the sale's first second).
     */
    static final long SALE_OPENS_NANOS = 60_000_000_000L;

    private FlashSale() {
    }

    /**
     * Buyers and units; arrivals front-loaded: half of the buyers arrive evenly over the first
     * {@code rushSeconds}, the other half evenly over {@code arrivalSeconds}. {@code createOrderWorkNanos}: the
     * median (log-normal) of create-order's work after the price read (the order's transaction and idempotency key
     * on items of its own, StartExecution), which touches no hot item but holds the invocation, and with it a share
     * of the account's concurrency; 0 leaves it out.
     */
    record Scenario(int buyers, long units, double arrivalSeconds, double rushSeconds, int lambdaConcurrency, long seed,
                    long createOrderWorkNanos) {

        Scenario(int buyers, long units, double arrivalSeconds, double rushSeconds, int lambdaConcurrency, long seed) {
            this(buyers, units, arrivalSeconds, rushSeconds, lambdaConcurrency, seed, 0);
        }

        /** The issue's sale at the account's default concurrency, create-order's work after its price read left out. */
        static Scenario issue19() {
            return new Scenario(100_000, 10_000, 10, 2, 1_000, 19);
        }
    }

    /** What one design did with the scenario. */
    record Result(int shards, int buyers, long units, long reserved, long rejected, long failed,
                  double sellOutSeconds, double reservationsPerSecond,
                  double p50ReserveMs, double p99ReserveMs, double p50RejectMs, double p99RejectMs,
                  long rejectedAfterFullConcurrency, double p99RejectNeverFullMs,
                  long dynamoDbRequests, long throttledRequests, long throttledReads, long conflicts, double writeUnitsPerOrder,
                  double readUnitsPerOrder,
                  long lambdaThrottles, long workflowRetries,
                  long createOrderInstances, long createOrderThrottles, double productReadUnitsPerSecond, long productThrottledReads,
                  long available, long held, long sold, boolean negativeItem, long refusedWhileUnitsLeft) {

        boolean oversold() {
            return reserved > units || held != reserved || negativeItem;
        }

        boolean conserved() {
            return available + held + sold == units;
        }

        /**
         * Some buyer was refused (out of stock, or cancelled after the workflow's retries) while units were left
         * in the table: at the end, or at the moment of the refusal.
         */
        boolean undersold() {
            return refusedWhileUnitsLeft > 0 || available > 0 && rejected + failed > 0;
        }

        String design() {
            return shards == 1 ? "single item" : shards + " shards";
        }
    }

    public static void main(String[] args) {
        Scenario base = Scenario.issue19();
        int concurrency = base.lambdaConcurrency();
        long createOrderWorkNanos = 0;
        var positional = new ArrayList<String>();
        for (String arg : args) {
            if (arg.startsWith("--concurrency=")) {
                concurrency = Integer.parseInt(arg.substring("--concurrency=".length()));
            } else if (arg.startsWith("--create-order-work-ms=")) {
                createOrderWorkNanos = Long.parseLong(arg.substring("--create-order-work-ms=".length())) * 1_000_000;
            } else {
                positional.add(arg);
            }
        }
        int buyers = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : base.buyers();
        long units = positional.size() > 1 ? Long.parseLong(positional.get(1)) : base.units();
        List<Integer> designs = positional.size() > 2
                ? positional.subList(2, positional.size()).stream().map(Integer::parseInt).toList()
                : List.of(1, 16, 32, 64);
        Scenario scenario = new Scenario(buyers, units, base.arrivalSeconds(), base.rushSeconds(), concurrency, base.seed(),
                createOrderWorkNanos);
        System.out.printf(Locale.ROOT, "Flash sale in virtual time: %,d buyers within %.0f s (half in the first %.0f s) for %,d units of one SKU;"
                + " Lambda concurrency %,d; create-order's work after its price read %s; DynamoDB per item: %.0f WCU/s, %.0f RCU/s,"
                + " transactions 2 units per item per KB%n",
                scenario.buyers(), scenario.arrivalSeconds(), scenario.rushSeconds(), scenario.units(), scenario.lambdaConcurrency(),
                scenario.createOrderWorkNanos() == 0 ? "not modelled" : (scenario.createOrderWorkNanos() / 1_000_000) + " ms median",
                ItemLimitedDynamoDb.WRITE_UNITS_PER_SECOND, ItemLimitedDynamoDb.READ_UNITS_PER_SECOND);
        System.out.println(header());
        for (int shards : designs) {
            long started = System.nanoTime();
            Result result = run(scenario, shards);
            System.out.println(row(result));
            System.out.printf(Locale.ROOT, "%-12s of the throttled requests %,d reads; read units/order %.2f; workflow retries %,d"
                    + " (Lambda concurrency full: %,d); create-order instances %,d, requests refused by a full concurrency %,d;"
                    + " rejected after a full concurrency %,d, p99 rejection of the others %.0f ms; %.0f s to simulate%n", "",
                    result.throttledReads(), result.readUnitsPerOrder(),
                    result.workflowRetries(), result.lambdaThrottles(), result.createOrderInstances(), result.createOrderThrottles(),
                    result.rejectedAfterFullConcurrency(), result.p99RejectNeverFullMs(),
                    (System.nanoTime() - started) / 1e9);
        }
    }

    static String header() {
        return String.format(Locale.ROOT, "%-12s %9s %9s %7s %10s %12s %9s %9s %9s %9s %10s %9s %9s %8s %10s %10s %9s %9s %9s",
                "design", "reserved", "rejected", "failed", "sell-out s", "reserv./s", "p50 res", "p99 res", "p50 rej", "p99 rej",
                "requests", "throttled", "conflicts", "WCU/ord", "price RCU/s", "price thr.", "oversell", "conserved", "undersell");
    }

    static String row(Result r) {
        return String.format(Locale.ROOT, "%-12s %,9d %,9d %,7d %10.2f %,12.0f %7.0fms %7.0fms %7.0fms %7.0fms %,10d %,9d %,9d %8.2f %,11.0f %,10d %9s %9s %9s",
                r.design(), r.reserved(), r.rejected(), r.failed(), r.sellOutSeconds(), r.reservationsPerSecond(),
                r.p50ReserveMs(), r.p99ReserveMs(), r.p50RejectMs(), r.p99RejectMs(),
                r.dynamoDbRequests(), r.throttledRequests(), r.conflicts(), r.writeUnitsPerOrder(),
                r.productReadUnitsPerSecond(), r.productThrottledReads(),
                r.oversold() ? "YES" : "0", r.conserved() ? "yes" : "NO", r.undersold() ? String.format(Locale.ROOT, "%,d", Math.max(1, r.refusedWhileUnitsLeft())) : "0");
    }

    /** Runs the scenario once against a fresh table, the product on {@code shards} stock items. */
    static Result run(Scenario scenario, int shards) {
        AmazonDynamoDBLocal local = DynamoDBEmbedded.create(true);
        DynamoDbClient store = local.dynamoDbClient();
        try (var time = new VirtualTime()) {
            store.createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("PK").attributeType(ScalarAttributeType.S),
                            a -> a.attributeName("SK").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("PK").keyType(KeyType.HASH), k -> k.attributeName("SK").keyType(KeyType.RANGE)));
            var keys = PageTokenKeys.parse("flash-sale-simulation-page-token-key-0123456789abcdef");
            var catalog = new DynamoDbCatalog(store, TABLE, new PageTokens(() -> keys));
            catalog.put(SKU, "Flash sale phone", Money.of(99_900, "CNY"), scenario.units(), shards);

            var model = new ItemLimitedDynamoDb(store, time, scenario.seed());
            // Read straight from DynamoDB Local, outside the model and virtual time: what is left at a refusal.
            var sale = new Sale(scenario, time, model, () -> catalog.find(SKU).orElseThrow().available(),
                    () -> new DynamoDbCatalog(model, TABLE, new PageTokens(() -> keys), () -> Instant.EPOCH.plusNanos(time.nanoTime())));
            sale.schedule();
            time.run();

            Product product = catalog.find(SKU).orElseThrow();
            boolean negative = store.query(q -> q.tableName(TABLE).keyConditionExpression("PK = :pk")
                    .expressionAttributeValues(java.util.Map.of(":pk", AttributeValue.fromS("PRODUCT#" + SKU.value())))).items().stream()
                    .anyMatch(item -> item.values().stream().anyMatch(v -> v.n() != null && v.n().startsWith("-")));
            return sale.result(shards, product, negative);
        } finally {
            local.shutdownNow();
        }
    }

    /** The buyers, the Lambda instances that serve them and what they got. */
    private static final class Sale {
        private final Scenario scenario;
        private final VirtualTime time;
        private final ItemLimitedDynamoDb model;
        private final Random random;
        private final ArrayDeque<ReserveStock> idle = new ArrayDeque<>();
        private final ArrayDeque<Catalog> idleCreateOrder = new ArrayDeque<>();
        private final Supplier<Catalog> newCreateOrderInstance;
        /** Invocations in flight, of both functions: Lambda's concurrency is the account's. */
        private int inFlight;
        private long createOrderInstances;
        private long createOrderThrottles;
        private final List<Long> reserveNanos = new ArrayList<>();
        private final List<Long> rejectNanos = new ArrayList<>();
        /** The rejections of buyers who never found the account's concurrency full. */
        private final List<Long> rejectUnwaitedNanos = new ArrayList<>();
        private final java.util.Set<OrderId> metFullConcurrency = new java.util.HashSet<>();
        private long failed;
        private long firstReservedAt = Long.MAX_VALUE;
        private long lastReservedAt;
        private long lambdaThrottles;
        private long workflowRetries;
        private long refusedWhileUnitsLeft;

        private final LongSupplier unitsLeft;

        Sale(Scenario scenario, VirtualTime time, ItemLimitedDynamoDb model, LongSupplier unitsLeft, Supplier<Catalog> newCreateOrderInstance) {
            this.unitsLeft = unitsLeft;
            this.newCreateOrderInstance = newCreateOrderInstance;
            this.scenario = scenario;
            this.time = time;
            this.model = model;
            this.random = new Random(scenario.seed() * 31 + 7);
        }

        void schedule() {
            for (int i = 0; i < scenario.lambdaConcurrency(); i++) {
                var reservations = new DynamoDbStockReservations(model, TABLE, new StockShards(time));
                time.start((long) (random.nextDouble() * (SALE_OPENS_NANOS - 1_000_000_000L)), () -> {
                    reservations.readShardedProducts();
                    idle.push(new ReserveStock(reservations));
                });
            }
            for (int i = 0; i < scenario.buyers(); i++) {
                double window = i % 2 == 0 ? scenario.rushSeconds() : scenario.arrivalSeconds();
                long arrival = SALE_OPENS_NANOS + (long) (random.nextDouble() * window * 1e9);
                OrderId orderId = orderId(random);
                time.start(arrival, () -> placeOrder(orderId, arrival, 0));
            }
        }

        /**
         * The create-order request: its price read on an idle or new create-order instance, then the order's
         * checkout starts. Refused (429) when the account's concurrency is full, and retried by the shop's app.
         * The function's other work (the order's transaction on items of its own, StartExecution) touches no
         * hot item: it holds the invocation {@link Scenario#createOrderWorkNanos()} more (by default not modelled).
         */
        private void placeOrder(OrderId orderId, long arrival, int retry) {
            if (inFlight >= scenario.lambdaConcurrency()) {
                createOrderThrottles++;
                metFullConcurrency.add(orderId);
                if (retry == CLIENT_MAX_RETRIES) {
                    failed++;
                    countRefusal();
                    return;
                }
                time.start(time.nanoTime() + backoff(retry), () -> placeOrder(orderId, arrival, retry + 1));
                return;
            }
            Catalog instance = idleCreateOrder.poll();
            if (instance == null) {
                createOrderInstances++;
                instance = newCreateOrderInstance.get();
            }
            inFlight++;
            try {
                instance.prices(List.of(SKU));
                if (scenario.createOrderWorkNanos() > 0) {
                    time.pause(latency(scenario.createOrderWorkNanos()));
                }
            } catch (StorageUnavailableException e) {
                failed++; // a 503: the price read's retries were spent
                countRefusal();
                return;
            } finally {
                inFlight--;
                idleCreateOrder.push(instance);
            }
            attempt(orderId, arrival, 0);
        }

        /** One run of the ReserveStock state: the step's overhead, then the function on an idle or new instance. */
        private void attempt(OrderId orderId, long arrival, int retry) {
            time.pause(latency(STEP_MEDIAN_NANOS));
            if (inFlight >= scenario.lambdaConcurrency()) {
                lambdaThrottles++;
                metFullConcurrency.add(orderId);
                retryLater(orderId, arrival, retry);
                return;
            }
            ReserveStock instance = idle.poll();
            if (instance == null) {
                instance = new ReserveStock(new DynamoDbStockReservations(model, TABLE, new StockShards(time)));
            }
            inFlight++;
            try {
                instance.reserve(orderId, List.of(new StockLine(SKU, 1)));
                reserveNanos.add(time.nanoTime() - arrival);
                firstReservedAt = Math.min(firstReservedAt, time.nanoTime());
                lastReservedAt = Math.max(lastReservedAt, time.nanoTime());
            } catch (OutOfStockException e) {
                rejectNanos.add(time.nanoTime() - arrival);
                if (!metFullConcurrency.contains(orderId)) {
                    rejectUnwaitedNanos.add(time.nanoTime() - arrival);
                }
                countRefusal();
            } catch (StorageUnavailableException e) {
                idle.push(instance);
                instance = null;
                retryLater(orderId, arrival, retry);
            } finally {
                inFlight--;
                if (instance != null) {
                    idle.push(instance);
                }
            }
        }

        /** The state's Retry, or its Catch (ReleaseAndCancel) once the attempts are spent. */
        private void retryLater(OrderId orderId, long arrival, int retry) {
            if (retry == WORKFLOW_MAX_RETRIES) {
                failed++;
                countRefusal();
                return;
            }
            workflowRetries++;
            time.start(time.nanoTime() + backoff(retry), () -> attempt(orderId, arrival, retry + 1));
        }

        /** Full jitter under 1 s doubled each retry, at most 20 s. */
        private long backoff(int retry) {
            double ceilingSeconds = Math.min(20, Math.pow(2, retry));
            return (long) (random.nextDouble() * ceilingSeconds * 1e9);
        }

        /** A refusal while units are left in the table (only asked while not every unit's buyer has heard back yet). */
        private void countRefusal() {
            if (reserveNanos.size() < scenario.units() && unitsLeft.getAsLong() > 0) {
                refusedWhileUnitsLeft++;
            }
        }

        private long latency(long median) {
            return (long) (median * Math.exp(ItemLimitedDynamoDb.LATENCY_SIGMA * random.nextGaussian()));
        }

        Result result(int shards, Product product, boolean negative) {
            long reserved = reserveNanos.size();
            double span = (lastReservedAt - firstReservedAt) / 1e9;
            long orders = reserved + rejectNanos.size() + failed;
            var counters = model.counters;
            return new Result(shards, scenario.buyers(), scenario.units(), reserved, rejectNanos.size(), failed,
                    reserved == 0 ? 0 : (lastReservedAt - SALE_OPENS_NANOS) / 1e9,
                    reserved < 2 || span <= 0 ? 0 : (reserved - 1) / span,
                    percentileMs(reserveNanos, 50), percentileMs(reserveNanos, 99),
                    percentileMs(rejectNanos, 50), percentileMs(rejectNanos, 99),
                    rejectNanos.size() - rejectUnwaitedNanos.size(), percentileMs(rejectUnwaitedNanos, 99),
                    counters.requests, counters.throttledRequests, counters.throttledReads, counters.conflicts,
                    counters.writeUnits / Math.max(1, orders), counters.readUnits / Math.max(1, orders),
                    lambdaThrottles, workflowRetries,
                    createOrderInstances, createOrderThrottles,
                    counters.peakReadUnitsPerSecond(PRODUCT_ITEM), counters.throttledReadsOf(PRODUCT_ITEM),
                    product.available(), product.reserved(), product.sold(), negative, refusedWhileUnitsLeft);
        }
    }

    static double percentileMs(List<Long> nanos, int percentile) {
        if (nanos.isEmpty()) {
            return 0;
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private static OrderId orderId(Random random) {
        var id = new StringBuilder("ord_");
        for (int i = 0; i < 26; i++) {
            id.append(CROCKFORD[random.nextInt(i == 0 ? 8 : 32)]);
        }
        return OrderId.of(id.toString());
    }
}
