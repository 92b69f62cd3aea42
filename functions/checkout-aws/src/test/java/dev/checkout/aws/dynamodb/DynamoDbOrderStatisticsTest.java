package dev.checkout.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.StatisticsChange;
import dev.checkout.domain.StatisticsCounter;
import dev.checkout.domain.StatisticsCounter.Metric;
import dev.checkout.domain.StatusCounter;
import dev.checkout.port.Clock;
import dev.checkout.port.OrderStatisticsStore.IdentifiedChange;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Integration tier: the statistics' counters written a batch at a time, sharded, against DynamoDB Local with the
 * template's table. Each test counts on a day and a platform of its own, so that the shared counters of other tests
 * do not show.
 */
@Tag("integration")
class DynamoDbOrderStatisticsTest {
    private final DynamoDbOrderStatistics store = new DynamoDbOrderStatistics(CheckoutTable.client(), CheckoutTable.name(), Clock.system());
    private final LocalDate day = LocalDate.of(2200, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(100_000));
    private final String platform = "p" + UUID.randomUUID().toString().substring(0, 8);
    private final String run = UUID.randomUUID() + "-";

    /** An order placed on {@code on} on this test's platform: placed, and one order more in PENDING_PAYMENT. */
    private IdentifiedChange placed(String id, LocalDate on) {
        return new IdentifiedChange(run + id, new StatisticsChange(on,
                Map.of(new StatisticsCounter(Metric.PLACED, platform, null), 1L),
                Map.of(new StatusCounter(OrderStatus.PENDING_PAYMENT, platform), 1L)));
    }

    /** The order paid: revenue, and a move from PENDING_PAYMENT to PAID. */
    private IdentifiedChange paid(String id, long amount) {
        return new IdentifiedChange(run + id, new StatisticsChange(day,
                Map.of(new StatisticsCounter(Metric.PAID, platform, null), 1L, new StatisticsCounter(Metric.REVENUE, platform, "USD"), amount),
                Map.of(new StatusCounter(OrderStatus.PENDING_PAYMENT, platform), -1L, new StatusCounter(OrderStatus.PAID, platform), 1L)));
    }

    private long daily(LocalDate on, Metric metric, String currency) {
        return store.days(on, on).getOrDefault(on, Map.of()).getOrDefault(new StatisticsCounter(metric, platform, currency), 0L);
    }

    private long status(OrderStatus status) {
        return store.statusTotals().getOrDefault(new StatusCounter(status, platform), 0L);
    }

    private Set<String> ids(String... ids) {
        return Set.of(ids).stream().map(id -> run + id).collect(Collectors.toSet());
    }

    private static Map<String, AttributeValue> item(Map<String, AttributeValue> key) {
        return CheckoutTable.client().getItem(r -> r.tableName(CheckoutTable.name()).key(key).consistentRead(true)).item();
    }

    @Test
    void aBatch_addsEachCounterOnceSummed_toOneShardOfEachItem() {
        Set<String> applied = store.applyAll(List.of(placed("a", day), placed("b", day), paid("a2", 1250), paid("b2", 750)));

        assertEquals(ids("a", "b", "a2", "b2"), applied);
        assertEquals(2, daily(day, Metric.PLACED, null));
        assertEquals(2000, daily(day, Metric.REVENUE, "USD"));
        assertEquals(2, status(OrderStatus.PAID));
        assertEquals(0, status(OrderStatus.PENDING_PAYMENT));
        int shard = DynamoDbOrderStatistics.shard(run + "a");
        assertEquals("2", item(DynamoDbOrderStatistics.dayKey(day, shard)).get("placed@" + platform).n());
        assertEquals("2", item(DynamoDbOrderStatistics.statusKey(shard)).get("PAID@" + platform).n());
    }

    @Test
    void theSameBatchDeliveredTwice_countsOnce() {
        List<IdentifiedChange> batch = List.of(placed("a", day), placed("b", day), paid("a2", 1250));
        store.applyAll(batch);

        Set<String> again = store.applyAll(batch);

        assertEquals(Set.of(), again);
        assertEquals(2, daily(day, Metric.PLACED, null));
        assertEquals(1250, daily(day, Metric.REVENUE, "USD"));
        assertEquals(1, status(OrderStatus.PENDING_PAYMENT));
    }

    @Test
    void aBatchOverlappingAnEarlierOne_countsTheNewChangesOnly() {
        store.applyAll(List.of(placed("a", day), placed("b", day)));

        Set<String> applied = store.applyAll(List.of(placed("b", day), paid("a2", 1250), placed("c", day), placed("a", day)));

        assertEquals(ids("a2", "c"), applied);
        assertEquals(3, daily(day, Metric.PLACED, null));
        assertEquals(1, daily(day, Metric.PAID, null));
        assertEquals(2, status(OrderStatus.PENDING_PAYMENT));
        assertEquals(1, status(OrderStatus.PAID));
    }

    @Test
    void aBatchOfMoreThanOneTransaction_isCountedWhole_overSeveralShards() {
        List<IdentifiedChange> batch = IntStream.range(0, 230).mapToObj(i -> placed("e" + i, day)).toList();

        Set<String> applied = store.applyAll(batch);

        assertEquals(230, applied.size());
        assertEquals(230, daily(day, Metric.PLACED, null));
        assertEquals(230, status(OrderStatus.PENDING_PAYMENT));
        assertEquals(Set.of(), store.applyAll(batch));
        assertEquals(230, daily(day, Metric.PLACED, null));
    }

    @Test
    void countersWrittenBeforeTheShards_areSummedIn() {
        CheckoutTable.client().updateItem(r -> r.tableName(CheckoutTable.name()).key(DynamoDbOrderStatistics.dayKey(day))
                .updateExpression("ADD #c :c").expressionAttributeNames(Map.of("#c", "placed@" + platform))
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromN("5"))));
        CheckoutTable.client().updateItem(r -> r.tableName(CheckoutTable.name())
                .key(TableKeys.key(DynamoDbOrderStatistics.STATUS_PK, DynamoDbOrderStatistics.STATUS_SK))
                .updateExpression("ADD #c :c").expressionAttributeNames(Map.of("#c", "PENDING_PAYMENT@" + platform))
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromN("5"))));

        store.applyAll(List.of(placed("a", day)));

        assertEquals(6, daily(day, Metric.PLACED, null));
        assertEquals(6, status(OrderStatus.PENDING_PAYMENT));
    }

    @Test
    void ninetyTwoDays_areReadAcrossSeveralBatchGets() {
        LocalDate last = day.plusDays(91);
        store.applyAll(List.of(placed("first", day), placed("last", last)));

        Map<LocalDate, Map<StatisticsCounter, Long>> days = store.days(day, last);

        assertEquals(Set.of(day, last), days.keySet());
        assertEquals(1L, days.get(last).get(new StatisticsCounter(Metric.PLACED, platform, null)));
        assertNull(days.get(day.plusDays(1)));
        assertTrue(item(TableKeys.key(DynamoDbOrderStatistics.CHANGE_PREFIX + run + "last", "STATS_CHANGE")).containsKey(TableKeys.EXPIRES_AT));
    }
}
