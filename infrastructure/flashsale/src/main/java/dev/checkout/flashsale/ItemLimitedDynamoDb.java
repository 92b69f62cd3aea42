package dev.checkout.flashsale;

import dev.checkout.local.services.ItemLimits;
import dev.checkout.local.services.ThroughputBucket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * A model of DynamoDB as one hot item sees it, behind the SDK's {@link DynamoDbClient} interface, in
 * virtual time. What a request does is DynamoDB Local's answer ({@code store}); when it lands, how long it
 * takes and whether it is refused are modelled here:
 * <ul>
 *   <li>each item key has 1,000 write units and 3,000 read units a second (a {@link ThroughputBucket}, the local cloud's, holding a tenth of
 *       a second's worth); a write costs 1 unit a KB, a transactional write 2 a KB per item, a strongly
 *       consistent read 1 a 4 KB;</li>
 *   <li>a transaction that finds any of its items without the units is cancelled with
 *       {@code ThrottlingError} for that item ({@code TransactionCanceledException}, which the SDK does not
 *       retry); a plain request is answered {@code ProvisionedThroughputExceededException}, which the SDK
 *       retries as its DynamoDB default does (legacy mode: 8 retries, 25 ms base delay with full jitter,
 *       500 ms base delay with equal jitter after a throttle, at most 20 s) and then throws;</li>
 *   <li>a transaction holds its items for {@link #TRANSACTION_HOLD_NANOS} after it lands; another
 *       transaction touching one of them meanwhile is cancelled with {@code TransactionConflict} and still
 *       pays its units, as DynamoDB charges for cancelled transactions;</li>
 *   <li>latencies are log-normal: a transaction's median {@link #TRANSACTION_MEDIAN_NANOS}, a read's
 *       {@link #READ_MEDIAN_NANOS}, half on the way there, half back.</li>
 * </ul>
 */
final class ItemLimitedDynamoDb implements DynamoDbClient {
    static final double WRITE_UNITS_PER_SECOND = ItemLimits.AWS.writeUnitsPerSecond();
    static final double READ_UNITS_PER_SECOND = ItemLimits.AWS.readUnitsPerSecond();
    static final long TRANSACTION_HOLD_NANOS = 2_000_000;
    static final long TRANSACTION_MEDIAN_NANOS = 12_000_000;
    static final long READ_MEDIAN_NANOS = 4_000_000;
    static final double LATENCY_SIGMA = 0.35;
    static final int SDK_MAX_RETRIES = 8;

    private final DynamoDbClient store;
    private final VirtualTime time;
    private final Random random;
    private final Map<String, ThroughputBucket> writeBuckets = new HashMap<>();
    private final Map<String, ThroughputBucket> readBuckets = new HashMap<>();
    private final Map<String, Long> heldUntil = new HashMap<>();
    final Counters counters = new Counters();

    ItemLimitedDynamoDb(DynamoDbClient store, VirtualTime time, long seed) {
        this.store = store;
        this.time = time;
        this.random = new Random(seed);
    }

    /** What the model saw; read after the run. */
    static final class Counters {
        long requests;
        long throttledRequests;
        long throttledReads;
        long conflicts;
        double writeUnits;
        double readUnits;
        /** Each item key's read units by whole second of virtual time, and its reads refused. */
        final Map<String, Map<Long, Double>> readUnitsBySecond = new HashMap<>();
        final Map<String, Long> throttledReadsOf = new HashMap<>();

        /** The most read units {@code key} took in one whole second of virtual time. */
        double peakReadUnitsPerSecond(String key) {
            return readUnitsBySecond.getOrDefault(key, Map.of()).values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }

        long throttledReadsOf(String key) {
            return throttledReadsOf.getOrDefault(key, 0L);
        }
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        counters.requests++;
        long latency = latency(TRANSACTION_MEDIAN_NANOS);
        time.pause(latency / 2);
        List<TransactWriteItem> items = request.transactItems();
        var keys = new ArrayList<String>();
        var units = new ArrayList<Double>();
        for (TransactWriteItem item : items) {
            keys.add(keyOf(item));
            units.add(2.0 * Math.max(1, Math.ceil(sizeOf(item) / 1024.0)));
        }
        long now = time.nanoTime();
        var codes = new ArrayList<String>();
        boolean throttled = false;
        for (int i = 0; i < items.size(); i++) {
            boolean short_ = !bucket(writeBuckets, keys.get(i), WRITE_UNITS_PER_SECOND).has(units.get(i), now);
            throttled |= short_;
            codes.add(short_ ? "ThrottlingError" : "None");
        }
        if (throttled) {
            counters.throttledRequests++;
            time.pause(latency - latency / 2);
            throw cancelled(codes, "Throttled");
        }
        for (int i = 0; i < items.size(); i++) {
            bucket(writeBuckets, keys.get(i), WRITE_UNITS_PER_SECOND).take(units.get(i), now);
            counters.writeUnits += units.get(i);
        }
        boolean conflict = false;
        for (int i = 0; i < items.size(); i++) {
            boolean held = heldUntil.getOrDefault(keys.get(i), Long.MIN_VALUE) > now;
            conflict |= held;
            codes.set(i, held ? "TransactionConflict" : "None");
        }
        if (conflict) {
            counters.conflicts++;
            time.pause(latency - latency / 2);
            throw cancelled(codes, "Transaction is ongoing for the item");
        }
        for (String key : keys) {
            heldUntil.put(key, now + TRANSACTION_HOLD_NANOS);
        }
        RuntimeException answer = null;
        TransactWriteItemsResponse response = null;
        try {
            response = store.transactWriteItems(request);
        } catch (RuntimeException e) {
            answer = e;
        }
        time.pause(latency - latency / 2);
        if (answer != null) {
            throw answer;
        }
        return response;
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return read(List.of(keyOf(request.key())), () -> store.getItem(request));
    }

    @Override
    public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
        var keys = new ArrayList<String>();
        boolean consistent = request.requestItems().values().stream().anyMatch(k -> Boolean.TRUE.equals(k.consistentRead()));
        request.requestItems().values().forEach(k -> k.keys().forEach(key -> keys.add(keyOf(key))));
        return withSdkRetries(READ_MEDIAN_NANOS, keys, readBuckets, READ_UNITS_PER_SECOND, consistent ? 1 : 0.5, () -> store.batchGetItem(request));
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        AttributeValue pk = request.expressionAttributeValues().get(":pk");
        return read(List.of(pk == null ? "query" : pk.s() + "|*"), () -> store.query(request));
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        return write(keyOf(request.item()), () -> store.putItem(request));
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        return write(keyOf(request.key()), () -> store.updateItem(request));
    }

    private <T> T read(List<String> keys, Supplier<T> call) {
        return withSdkRetries(READ_MEDIAN_NANOS, keys, readBuckets, READ_UNITS_PER_SECOND, 1, call);
    }

    private <T> T write(String key, Supplier<T> call) {
        return withSdkRetries(READ_MEDIAN_NANOS, List.of(key), writeBuckets, WRITE_UNITS_PER_SECOND, 1, call);
    }

    /** A plain request: {@code units} per key (items here are under 1 KB), throttled requests retried as the SDK does. */
    private <T> T withSdkRetries(long median, List<String> keys, Map<String, ThroughputBucket> buckets, double rate, double units,
                                 Supplier<T> call) {
        for (int attempt = 0; ; attempt++) {
            counters.requests++;
            long latency = latency(median);
            time.pause(latency / 2);
            long now = time.nanoTime();
            boolean throttled = keys.stream().anyMatch(key -> !bucket(buckets, key, rate).has(units, now));
            if (!throttled) {
                keys.forEach(key -> bucket(buckets, key, rate).take(units, now));
                if (buckets == writeBuckets) {
                    counters.writeUnits += units * keys.size();
                } else {
                    counters.readUnits += units * keys.size();
                    keys.forEach(key -> counters.readUnitsBySecond.computeIfAbsent(key, k -> new HashMap<>())
                            .merge(now / 1_000_000_000L, units, Double::sum));
                }
                T result = call.get();
                time.pause(latency - latency / 2);
                return result;
            }
            counters.throttledRequests++;
            if (buckets == readBuckets) {
                counters.throttledReads++;
                keys.stream().filter(key -> !bucket(buckets, key, rate).has(units, now))
                        .forEach(key -> counters.throttledReadsOf.merge(key, 1L, Long::sum));
            }
            if (attempt == SDK_MAX_RETRIES) {
                time.pause(latency - latency / 2);
                throw (ProvisionedThroughputExceededException) ProvisionedThroughputExceededException.builder()
                        .message("The level of configured provisioned throughput for the table was exceeded.")
                        .statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").serviceName("DynamoDb").build())
                        .build();
            }
            long ceiling = Math.min(20_000_000_000L, 500_000_000L << Math.min(attempt, 10));
            time.pause(latency - latency / 2 + ceiling / 2 + (long) (random.nextDouble() * (ceiling / 2)));
        }
    }

    private static TransactionCanceledException cancelled(List<String> codes, String message) {
        var reasons = codes.stream().map(code -> CancellationReason.builder().code(code)
                .message("None".equals(code) ? null : message).build()).toList();
        return (TransactionCanceledException) TransactionCanceledException.builder()
                .message("Transaction cancelled, please refer cancellation reasons for specific reasons " + codes)
                .cancellationReasons(reasons)
                .statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("TransactionCanceledException").serviceName("DynamoDb").build())
                .build();
    }

    private long latency(long median) {
        return (long) (median * Math.exp(LATENCY_SIGMA * random.nextGaussian()));
    }

    private ThroughputBucket bucket(Map<String, ThroughputBucket> buckets, String key, double rate) {
        return buckets.computeIfAbsent(key, k -> new ThroughputBucket(rate, time.nanoTime()));
    }

    private static String keyOf(TransactWriteItem item) {
        if (item.put() != null) {
            return keyOf(item.put().item());
        }
        if (item.update() != null) {
            return keyOf(item.update().key());
        }
        if (item.delete() != null) {
            return keyOf(item.delete().key());
        }
        return keyOf(item.conditionCheck().key());
    }

    private static String keyOf(Map<String, AttributeValue> item) {
        return item.get("PK").s() + "|" + item.get("SK").s();
    }

    /** The item's size as DynamoDB counts it, roughly: names and values; an update's item is taken as small. */
    private static double sizeOf(TransactWriteItem item) {
        if (item.put() == null) {
            return 200;
        }
        double size = 0;
        for (var attribute : item.put().item().entrySet()) {
            size += attribute.getKey().length() + sizeOf(attribute.getValue());
        }
        return size;
    }

    private static double sizeOf(AttributeValue value) {
        if (value.s() != null) {
            return value.s().length();
        }
        if (value.n() != null) {
            return value.n().length() / 2.0 + 1;
        }
        if (value.hasL()) {
            return 3 + value.l().stream().mapToDouble(v -> 1 + sizeOf(v)).sum();
        }
        if (value.hasM()) {
            return 3 + value.m().entrySet().stream().mapToDouble(e -> 1 + e.getKey().length() + sizeOf(e.getValue())).sum();
        }
        return 1;
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        store.close();
    }
}
