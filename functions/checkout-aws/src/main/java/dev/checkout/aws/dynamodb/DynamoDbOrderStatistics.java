package dev.checkout.aws.dynamodb;

import static dev.checkout.aws.dynamodb.ItemAttributes.n;
import static dev.checkout.aws.dynamodb.ItemAttributes.s;

import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.StatisticsCounter;
import dev.checkout.domain.StatisticsCounter.Metric;
import dev.checkout.domain.StatisticsNotCountedException;
import dev.checkout.domain.StatusCounter;
import dev.checkout.port.Clock;
import dev.checkout.port.OrderStatisticsStore;
import dev.checkout.port.OrderStatisticsStore.IdentifiedChange;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The order statistics' counters in the single table ({@code OrderStatisticsStore}):
 *
 * <ul>
 *   <li>{@code PK=STATS#<yyyy-mm-dd>#<shard>, SK=DAY}: one number attribute per counter of the day, named
 *       {@code <metric>[@<platform>][:<currency>]} ({@code placed}, {@code paid@alipay}, {@code revenue:USD},
 *       {@code refunded@stripe:EUR}), spread over {@value #SHARDS} shards.</li>
 *   <li>{@code PK=STATS#STATUS#<shard>, SK=STATUS}: orders by current status, {@code <STATUS>[@<platform>]}, spread
 *       over {@value #SHARDS} shards.</li>
 *   <li>{@code PK=STATS_CHANGE#<changeId>, SK=STATS_CHANGE}: a change already counted, kept 48 hours (TTL), longer
 *       than a stream keeps its records (24 hours).</li>
 * </ul>
 *
 * A counter's value is the sum of its shards and of the unsharded item written before the counters were sharded
 * ({@code STATS#<yyyy-mm-dd>} / {@code STATS#STATUS}), read together in BatchGetItems. Sharding keeps any one item
 * under DynamoDB's 1,000 write units a second when many stream batches are counted at once.
 *
 * <p>A batch of changes is written in chunks ({@link StatisticsChunk}), one transaction each: the change items
 * (absent) and one {@code ADD} per counter item, summed over the chunk, all to one shard picked from the chunk's
 * first change id (another one after a conflict). When some change items exist, those changes were counted before
 * (a stream batch delivered again): the cancellation reasons name them, and the chunk is written again without
 * them.
 */
public final class DynamoDbOrderStatistics implements OrderStatisticsStore {
    static final String DAY_PREFIX = "STATS#";
    static final String DAY = "DAY";
    static final String STATUS_PK = "STATS#STATUS";
    static final String STATUS_SK = "STATUS";
    static final String CHANGE_PREFIX = "STATS_CHANGE#";
    static final Duration CHANGE_KEPT = Duration.ofHours(48);
    static final int SHARDS = 16;
    static final int MAX_TRANSACTION_ITEMS = 100;

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;
    private final Transactions transactions;
    private final BatchReads batchReads;

    public DynamoDbOrderStatistics(DynamoDbClient client, String table, Clock clock) {
        this.client = client;
        this.table = table;
        this.clock = clock;
        this.transactions = new Transactions(client);
        this.batchReads = new BatchReads(client);
    }

    @Override
    public Set<String> applyAll(List<IdentifiedChange> changes) {
        var applied = new LinkedHashSet<String>();
        for (StatisticsChunk chunk : StatisticsChunk.of(changes, MAX_TRANSACTION_ITEMS)) {
            try {
                applied.addAll(write(chunk));
            } catch (RuntimeException e) {
                throw new StatisticsNotCountedException(chunk.changes().get(0).changeId(), e);
            }
        }
        return applied;
    }

    /** Writes {@code chunk} without the changes counted before; the ids of those counted now. */
    private Set<String> write(StatisticsChunk chunk) {
        StatisticsChunk pending = chunk;
        // Each round drops at least one change counted before, so it ends within the chunk's size.
        for (int round = 0; round <= chunk.changes().size(); round++) {
            if (pending.changes().isEmpty()) {
                return Set.of();
            }
            StatisticsChunk current = pending;
            int[] shard = {shard(current.changes().get(0).changeId())};
            List<CancellationReason> reasons = transactions.write(() -> items(current, shard[0]), conflict -> {
                shard[0] = (shard[0] + 1) % SHARDS;
                return true;
            });
            if (reasons.isEmpty()) {
                var written = new LinkedHashSet<String>();
                current.changes().forEach(c -> written.add(c.changeId()));
                return written;
            }
            var countedBefore = new HashSet<String>();
            for (int i = 0; i < current.changes().size(); i++) {
                if (DynamoDbErrors.failedCondition(reasons, i)) {
                    countedBefore.add(current.changes().get(i).changeId());
                }
            }
            if (countedBefore.isEmpty()) {
                throw new IllegalStateException("the statistics transaction was cancelled: " + reasons);
            }
            pending = current.without(countedBefore);
        }
        throw new IllegalStateException("the statistics chunk kept being cancelled for changes counted before");
    }

    /** The chunk's transaction: its change items first (in the chunk's order, so that reasons line up), then its counter items. */
    private List<TransactWriteItem> items(StatisticsChunk chunk, int shard) {
        var items = new ArrayList<TransactWriteItem>();
        long expiresAt = clock.now().plus(CHANGE_KEPT).getEpochSecond();
        for (IdentifiedChange change : chunk.changes()) {
            items.add(TransactWriteItem.builder().put(Put.builder()
                    .tableName(table)
                    .item(Map.of(
                            TableKeys.PK, s(CHANGE_PREFIX + change.changeId()),
                            TableKeys.SK, s("STATS_CHANGE"),
                            "type", s("statisticsChange"),
                            TableKeys.EXPIRES_AT, n(expiresAt)))
                    .conditionExpression("attribute_not_exists(PK)")
                    .build()).build());
        }
        chunk.dayCounters().forEach((day, counters) -> items.add(add(dayKey(day, shard), counters)));
        Map<String, Long> statuses = chunk.statusCounters();
        if (!statuses.isEmpty()) {
            items.add(add(statusKey(shard), statuses));
        }
        return items;
    }

    static int shard(String changeId) {
        return Math.floorMod(changeId.hashCode(), SHARDS);
    }

    private TransactWriteItem add(Map<String, AttributeValue> key, Map<String, Long> counters) {
        var names = new HashMap<String, String>();
        var values = new HashMap<String, AttributeValue>();
        var adds = new ArrayList<String>();
        int i = 0;
        for (var counter : counters.entrySet()) {
            names.put("#c" + i, counter.getKey());
            values.put(":c" + i, n(counter.getValue()));
            adds.add("#c" + i + " :c" + i);
            i++;
        }
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(key)
                .updateExpression("ADD " + String.join(", ", adds))
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build()).build();
    }

    @Override
    public Map<LocalDate, Map<StatisticsCounter, Long>> days(LocalDate from, LocalDate to) {
        var keys = new ArrayList<Map<String, AttributeValue>>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            keys.add(dayKey(day));
            for (int shard = 0; shard < SHARDS; shard++) {
                keys.add(dayKey(day, shard));
            }
        }
        var result = new HashMap<LocalDate, Map<StatisticsCounter, Long>>();
        for (Map<String, AttributeValue> item : getAll(keys)) {
            // STATS#<yyyy-mm-dd> or STATS#<yyyy-mm-dd>#<shard>
            String pk = item.get(TableKeys.PK).s();
            LocalDate day = LocalDate.parse(pk.substring(DAY_PREFIX.length(), DAY_PREFIX.length() + 10));
            Map<StatisticsCounter, Long> counters = result.computeIfAbsent(day, d -> new HashMap<>());
            numbers(item).forEach((name, value) -> counters.merge(counter(name), value, Long::sum));
        }
        return result;
    }

    @Override
    public Map<StatusCounter, Long> statusTotals() {
        var keys = new ArrayList<Map<String, AttributeValue>>();
        keys.add(TableKeys.key(STATUS_PK, STATUS_SK));
        for (int shard = 0; shard < SHARDS; shard++) {
            keys.add(statusKey(shard));
        }
        var totals = new HashMap<StatusCounter, Long>();
        for (Map<String, AttributeValue> item : getAll(keys)) {
            numbers(item).forEach((name, value) -> {
                String[] parts = name.split("@", 2);
                totals.merge(new StatusCounter(OrderStatus.valueOf(parts[0]), parts.length > 1 ? parts[1] : null), value, Long::sum);
            });
        }
        return totals;
    }

    /** The items of {@code keys} that exist (eventually consistent: counters, not money moved). */
    private List<Map<String, AttributeValue>> getAll(List<Map<String, AttributeValue>> keys) {
        return batchReads.get(table, keys, false);
    }

    private static Map<String, Long> numbers(Map<String, AttributeValue> item) {
        var numbers = new HashMap<String, Long>();
        item.forEach((name, value) -> {
            if (value.n() != null && !TableKeys.EXPIRES_AT.equals(name)) {
                numbers.put(name, Long.parseLong(value.n()));
            }
        });
        return numbers;
    }

    /** The day's item written before the counters were sharded. */
    static Map<String, AttributeValue> dayKey(LocalDate day) {
        return TableKeys.key(DAY_PREFIX + day, DAY);
    }

    static Map<String, AttributeValue> dayKey(LocalDate day, int shard) {
        return TableKeys.key(DAY_PREFIX + day + "#" + shard, DAY);
    }

    static Map<String, AttributeValue> statusKey(int shard) {
        return TableKeys.key(STATUS_PK + "#" + shard, STATUS_SK);
    }

    /** {@code <metric>[@<platform>][:<currency>]}, the metric in lower case. */
    static String name(StatisticsCounter counter) {
        return counter.metric().name().toLowerCase(Locale.ROOT)
                + (counter.platform() == null ? "" : "@" + counter.platform())
                + (counter.currency() == null ? "" : ":" + counter.currency());
    }

    static String name(StatusCounter counter) {
        return counter.status().name() + (counter.platform() == null ? "" : "@" + counter.platform());
    }

    static StatisticsCounter counter(String name) {
        String rest = name;
        String currency = null;
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            currency = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        String platform = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            platform = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        return new StatisticsCounter(Metric.valueOf(rest.toUpperCase(Locale.ROOT)), platform, currency);
    }
}
