package dev.checkout.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.StatisticsChange;
import dev.checkout.domain.StatisticsCounter;
import dev.checkout.domain.StatisticsCounter.Metric;
import dev.checkout.domain.StatusCounter;
import dev.checkout.port.OrderStatisticsStore.IdentifiedChange;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class StatisticsChunkTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 22);

    /** An order placed on {@code day} with a card: placed (all, stripe) and one more PENDING_PAYMENT. */
    private static IdentifiedChange placed(String id, LocalDate day) {
        return new IdentifiedChange(id, new StatisticsChange(day,
                Map.of(new StatisticsCounter(Metric.PLACED, null, null), 1L, new StatisticsCounter(Metric.PLACED, "stripe", null), 1L),
                Map.of(new StatusCounter(OrderStatus.PENDING_PAYMENT, null), 1L, new StatusCounter(OrderStatus.PENDING_PAYMENT, "stripe"), 1L)));
    }

    /** The order paid on {@code day}: paid, revenue, and a move from PENDING_PAYMENT to PAID. */
    private static IdentifiedChange paid(String id, LocalDate day, long amount) {
        return new IdentifiedChange(id, new StatisticsChange(day,
                Map.of(new StatisticsCounter(Metric.PAID, null, null), 1L, new StatisticsCounter(Metric.REVENUE, null, "USD"), amount),
                Map.of(new StatusCounter(OrderStatus.PENDING_PAYMENT, null), -1L, new StatusCounter(OrderStatus.PAID, null), 1L)));
    }

    @Test
    void theCounters_areSummedOverTheChunk_oneEntryPerDayAndOneForTheStatuses() {
        List<StatisticsChunk> chunks = StatisticsChunk.of(List.of(placed("a", DAY), placed("b", DAY), paid("c", DAY, 1250),
                paid("d", DAY.plusDays(1), 500)), 100);

        assertEquals(1, chunks.size());
        StatisticsChunk chunk = chunks.get(0);
        assertEquals(Map.of(DAY, Map.of("placed", 2L, "placed@stripe", 2L, "paid", 1L, "revenue:USD", 1250L),
                DAY.plusDays(1), Map.of("paid", 1L, "revenue:USD", 500L)), chunk.dayCounters());
        // Two orders in PENDING_PAYMENT, both moved on to PAID: PENDING_PAYMENT nets zero and is left out.
        assertEquals(Map.of("PENDING_PAYMENT@stripe", 2L, "PAID", 2L), chunk.statusCounters());
    }

    @Test
    void countersThatNetToZero_areLeftOut() {
        StatisticsChunk chunk = StatisticsChunk.of(List.of(placed("a", DAY), paid("b", DAY, 100)), 100).get(0);

        assertEquals(Map.of("PENDING_PAYMENT@stripe", 1L, "PAID", 1L), chunk.statusCounters());
    }

    @Test
    void aChunk_holdsAtMost100Items_changeItemsAndCounterItemsTogether() {
        List<IdentifiedChange> changes = IntStream.range(0, 250).mapToObj(i -> placed("e" + i, DAY)).toList();

        List<StatisticsChunk> chunks = StatisticsChunk.of(changes, 100);

        // 98 change items, the day's item and the status item.
        assertEquals(List.of(98, 98, 54), chunks.stream().map(c -> c.changes().size()).toList());
        assertEquals(changes, chunks.stream().flatMap(c -> c.changes().stream()).toList());
        assertEquals(98L, chunks.get(0).dayCounters().get(DAY).get("placed"));
    }

    @Test
    void everyDayTouched_takesAnItemOfTheChunk() {
        var changes = new ArrayList<IdentifiedChange>();
        IntStream.range(0, 60).forEach(i -> changes.add(placed("e" + i, DAY.plusDays(i))));

        List<StatisticsChunk> chunks = StatisticsChunk.of(changes, 100);

        // 49 changes on 49 days and the status item make 99; a 50th would need two more items.
        assertEquals(List.of(49, 11), chunks.stream().map(c -> c.changes().size()).toList());
    }

    @Test
    void theSameChangeTwiceInABatch_isCountedAtItsFirstPlaceOnly() {
        List<StatisticsChunk> chunks = StatisticsChunk.of(List.of(placed("a", DAY), placed("b", DAY), placed("a", DAY)), 100);

        assertEquals(List.of("a", "b"), chunks.get(0).changes().stream().map(IdentifiedChange::changeId).toList());
        assertEquals(2L, chunks.get(0).dayCounters().get(DAY).get("placed"));
    }

    @Test
    void without_leavesOutTheChangesCountedBefore_andSumsTheRest() {
        StatisticsChunk chunk = StatisticsChunk.of(List.of(placed("a", DAY), placed("b", DAY), placed("c", DAY)), 100).get(0);

        StatisticsChunk rest = chunk.without(Set.of("a", "c"));

        assertEquals(List.of("b"), rest.changes().stream().map(IdentifiedChange::changeId).toList());
        assertEquals(1L, rest.dayCounters().get(DAY).get("placed"));
    }
}
