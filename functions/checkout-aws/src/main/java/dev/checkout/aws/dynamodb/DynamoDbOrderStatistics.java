package dev.checkout.aws.dynamodb;

import static dev.checkout.aws.dynamodb.ItemAttributes.n;
import static dev.checkout.aws.dynamodb.ItemAttributes.s;

import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.StatisticsChange;
import dev.checkout.domain.StatisticsCounter;
import dev.checkout.domain.StatisticsCounter.Metric;
import dev.checkout.domain.StatusCounter;
import dev.checkout.port.Clock;
import dev.checkout.port.OrderStatisticsStore;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The order statistics' counters in the single table ({@code OrderStatisticsStore}):
 *
 * <ul>
 *   <li>{@code PK=STATS#<yyyy-mm-dd>, SK=DAY}: one number attribute per counter of the day, named
 *       {@code <metric>[@<platform>][:<currency>]} ({@code placed}, {@code paid@alipay}, {@code revenue:USD},
 *       {@code refunded@stripe:EUR}).</li>
 *   <li>{@code PK=STATS#STATUS, SK=STATUS}: orders by current status, {@code <STATUS>[@<platform>]}.</li>
 *   <li>{@code PK=STATS_CHANGE#<changeId>, SK=STATS_CHANGE}: a change already counted, kept 48 hours (TTL), longer
 *       than a stream keeps its records (24 hours).</li>
 * </ul>
 *
 * A change is one transaction: the change item (absent) and {@code ADD} of each counter. When the change item
 * exists, the change was counted before and nothing is written.
 */
public final class DynamoDbOrderStatistics implements OrderStatisticsStore {
    static final String DAY_PREFIX = "STATS#";
    static final String DAY = "DAY";
    static final String STATUS_PK = "STATS#STATUS";
    static final String STATUS_SK = "STATUS";
    static final String CHANGE_PREFIX = "STATS_CHANGE#";
    static final Duration CHANGE_KEPT = Duration.ofHours(48);

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;
    private final Transactions transactions;

    public DynamoDbOrderStatistics(DynamoDbClient client, String table, Clock clock) {
        this.client = client;
        this.table = table;
        this.clock = clock;
        this.transactions = new Transactions(client);
    }

    @Override
    public boolean apply(String changeId, StatisticsChange change) {
        var items = new ArrayList<TransactWriteItem>();
        items.add(TransactWriteItem.builder().put(Put.builder()
                .tableName(table)
                .item(Map.of(
                        TableKeys.PK, s(CHANGE_PREFIX + changeId),
                        TableKeys.SK, s("STATS_CHANGE"),
                        "type", s("statisticsChange"),
                        TableKeys.EXPIRES_AT, n(clock.now().plus(CHANGE_KEPT).getEpochSecond())))
                .conditionExpression("attribute_not_exists(PK)")
                .build()).build());
        var daily = new LinkedHashMap<String, Long>();
        change.daily().forEach((counter, by) -> daily.put(name(counter), by));
        if (!daily.isEmpty()) {
            items.add(add(dayKey(change.day()), daily));
        }
        var statuses = new LinkedHashMap<String, Long>();
        change.statuses().forEach((counter, by) -> statuses.put(name(counter), by));
        if (!statuses.isEmpty()) {
            items.add(add(TableKeys.key(STATUS_PK, STATUS_SK), statuses));
        }
        List<CancellationReason> reasons = transactions.write(items);
        if (reasons.isEmpty()) {
            return true;
        }
        if (DynamoDbErrors.failedCondition(reasons, 0)) {
            return false;
        }
        throw new IllegalStateException("the statistics transaction of change " + changeId + " was cancelled: " + reasons);
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
        }
        var result = new HashMap<LocalDate, Map<StatisticsCounter, Long>>();
        // BatchGetItem takes at most 100 keys per request.
        for (int start = 0; start < keys.size(); start += 100) {
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys.subList(start, Math.min(keys.size(), start + 100))).build());
            while (!request.isEmpty()) {
                BatchGetItemResponse response = batchGet(request);
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                    LocalDate day = LocalDate.parse(item.get(TableKeys.PK).s().substring(DAY_PREFIX.length()));
                    result.put(day, dailyCounters(item));
                }
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return result;
    }

    private BatchGetItemResponse batchGet(Map<String, KeysAndAttributes> request) {
        try {
            return client.batchGetItem(r -> r.requestItems(request));
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
    }

    @Override
    public Map<StatusCounter, Long> statusTotals() {
        Map<String, AttributeValue> item;
        try {
            item = client.getItem(r -> r.tableName(table).key(TableKeys.key(STATUS_PK, STATUS_SK))).item();
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
        var totals = new HashMap<StatusCounter, Long>();
        if (item != null) {
            item.forEach((name, value) -> {
                if (value.n() != null) {
                    String[] parts = name.split("@", 2);
                    totals.put(new StatusCounter(OrderStatus.valueOf(parts[0]), parts.length > 1 ? parts[1] : null), Long.parseLong(value.n()));
                }
            });
        }
        return totals;
    }

    static Map<String, AttributeValue> dayKey(LocalDate day) {
        return TableKeys.key(DAY_PREFIX + day, DAY);
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

    private static Map<StatisticsCounter, Long> dailyCounters(Map<String, AttributeValue> item) {
        var counters = new HashMap<StatisticsCounter, Long>();
        item.forEach((name, value) -> {
            if (value.n() != null) {
                counters.put(counter(name), Long.parseLong(value.n()));
            }
        });
        return counters;
    }
}
