package dev.checkout.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.domain.Actor;
import dev.checkout.domain.ForbiddenException;
import dev.checkout.domain.Money;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OrderLine;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.Sku;
import dev.checkout.domain.StatisticsChange;
import dev.checkout.domain.StatisticsCounter;
import dev.checkout.domain.StatisticsCounter.Metric;
import dev.checkout.domain.StatisticsReport;
import dev.checkout.domain.StatusCounter;
import dev.checkout.domain.UserId;
import dev.checkout.domain.ValidationException;
import dev.checkout.port.OrderStatisticsStore;
import dev.checkout.port.OrderStatisticsStore.IdentifiedChange;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ViewStatisticsTest {
    private static final Actor ADMIN = new Actor(UserId.of("admin"), true);

    /** The store's contract in memory: each change id counted once. */
    private static final class InMemoryStatistics implements OrderStatisticsStore {
        private final Set<String> applied = new HashSet<>();
        private final Map<LocalDate, Map<StatisticsCounter, Long>> days = new TreeMap<>();
        private final Map<StatusCounter, Long> statuses = new HashMap<>();

        @Override
        public Set<String> applyAll(List<IdentifiedChange> changes) {
            var added = new HashSet<String>();
            for (IdentifiedChange identified : changes) {
                if (applied.add(identified.changeId())) {
                    StatisticsChange change = identified.change();
                    change.daily().forEach((c, v) -> days.computeIfAbsent(change.day(), d -> new HashMap<>()).merge(c, v, Long::sum));
                    change.statuses().forEach((c, v) -> statuses.merge(c, v, Long::sum));
                    added.add(identified.changeId());
                }
            }
            return added;
        }

        @Override
        public Map<LocalDate, Map<StatisticsCounter, Long>> days(LocalDate from, LocalDate to) {
            var result = new HashMap<LocalDate, Map<StatisticsCounter, Long>>();
            days.forEach((day, counters) -> {
                if (!day.isBefore(from) && !day.isAfter(to)) {
                    result.put(day, counters);
                }
            });
            return result;
        }

        @Override
        public Map<StatusCounter, Long> statusTotals() {
            return statuses;
        }
    }

    private final InMemoryStatistics store = new InMemoryStatistics();
    private final RecordOrderChange record = new RecordOrderChange(store);
    private final ViewStatistics view = new ViewStatistics(store);

    private static Order placed(String id, Instant at) {
        return Order.place(OrderId.of(id), UserId.of("alice"), List.of(new OrderLine(Sku.of("MUG-01"), 1, Money.of(1250, "USD"))), "pm_card_visa", at);
    }

    @Test
    void report_listsEveryDayOfTheRange_withTotals_conversion_andStatusTotals() {
        Order first = placed("ord_01JD0000000000000000000001", Instant.parse("2026-11-22T10:00:00Z"));
        Order second = placed("ord_01JD0000000000000000000002", Instant.parse("2026-11-24T10:00:00Z"));
        record.record("e1", Optional.empty(), Optional.of(first));
        record.record("e2", Optional.of(first), Optional.of(first.markPaid(Instant.parse("2026-11-22T10:01:00Z"))));
        record.record("e3", Optional.empty(), Optional.of(second));

        StatisticsReport report = view.report(ADMIN, "2026-11-22", "2026-11-24");

        assertEquals(3, report.days().size());
        assertEquals(1.0, report.days().get(0).conversion(null).getAsDouble());
        assertEquals(Map.of("USD", 1250L), report.days().get(0).amounts(Metric.REVENUE, "stripe"));
        assertTrue(report.days().get(1).conversion(null).isEmpty());
        assertEquals(2, report.totals().count(Metric.PLACED, null));
        assertEquals(0.5, report.totals().conversion("stripe").getAsDouble());
        assertEquals(1L, report.byStatus().get(new StatusCounter(OrderStatus.PAID, null)));
        assertEquals(1L, report.byStatus().get(new StatusCounter(OrderStatus.PENDING_PAYMENT, "stripe")));
    }

    @Test
    void theSameChangeRecordedTwice_countsOnce() {
        Order order = placed("ord_01JD0000000000000000000001", Instant.parse("2026-11-22T10:00:00Z"));

        assertTrue(record.record("e1", Optional.empty(), Optional.of(order)).isPresent());
        assertFalse(record.record("e1", Optional.empty(), Optional.of(order)).isPresent());

        assertEquals(1, view.report(ADMIN, "2026-11-22", "2026-11-22").totals().count(Metric.PLACED, null));
    }

    @Test
    void aBatch_countsEachChangeOnce_andReportsOnlyThoseCountedNow() {
        Order first = placed("ord_01JD0000000000000000000001", Instant.parse("2026-11-22T10:00:00Z"));
        Order second = placed("ord_01JD0000000000000000000002", Instant.parse("2026-11-22T11:00:00Z"));
        record.record("e1", Optional.empty(), Optional.of(first));

        Map<String, StatisticsChange> counted = record.recordAll(List.of(
                new RecordOrderChange.ChangeRecord("e1", Optional.empty(), Optional.of(first)),
                new RecordOrderChange.ChangeRecord("e2", Optional.of(first), Optional.of(first.markPaid(Instant.parse("2026-11-22T10:01:00Z")))),
                new RecordOrderChange.ChangeRecord("e3", Optional.of(first), Optional.empty()),
                new RecordOrderChange.ChangeRecord("e4", Optional.empty(), Optional.of(second))));

        assertEquals(Set.of("e2", "e4"), counted.keySet());
        StatisticsReport report = view.report(ADMIN, "2026-11-22", "2026-11-22");
        assertEquals(2, report.totals().count(Metric.PLACED, null));
        assertEquals(1, report.totals().count(Metric.PAID, null));
    }

    @Test
    void aCustomer_isForbidden() {
        assertThrows(ForbiddenException.class, () -> view.report(new Actor(UserId.of("alice"), false), "2026-11-22", "2026-11-22"));
    }

    @Test
    void missingMalformedBackwardsOrTooLongRanges_areRefused() {
        assertThrows(ValidationException.class, () -> view.report(ADMIN, null, "2026-11-22"));
        assertThrows(ValidationException.class, () -> view.report(ADMIN, "2026-11-22", "22.11.2026"));
        assertThrows(ValidationException.class, () -> view.report(ADMIN, "2026-02-30", "2026-03-01"));
        assertThrows(ValidationException.class, () -> view.report(ADMIN, "2026-11-22", "2026-11-21"));
        assertThrows(ValidationException.class, () -> view.report(ADMIN, "2026-01-01", "2026-04-03"));
        assertEquals(ViewStatistics.MAX_DAYS, view.report(ADMIN, "2026-01-01", "2026-04-02").days().size());
    }
}
