package dev.checkout.port;

import dev.checkout.domain.StatisticsChange;
import dev.checkout.domain.StatisticsCounter;
import dev.checkout.domain.StatisticsNotCountedException;
import dev.checkout.domain.StatusCounter;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The order statistics' counters: per day, and orders by current status. */
public interface OrderStatisticsStore {

    /** What one change adds, under its unique id (a stream record's event id). */
    record IdentifiedChange(String changeId, StatisticsChange change) {
        public IdentifiedChange {
            Objects.requireNonNull(changeId, "changeId");
            Objects.requireNonNull(change, "change");
        }
    }

    /**
     * Adds each of {@code changes} once per change id, in order: a change applied before (a redelivered stream
     * record) adds nothing.
     *
     * @return the ids of the changes added now
     * @throws StatisticsNotCountedException when the changes from one on could not be added (those before it were)
     */
    Set<String> applyAll(List<IdentifiedChange> changes);

    /** The counters of each day from {@code from} to {@code to} that has any; read without a scan. */
    Map<LocalDate, Map<StatisticsCounter, Long>> days(LocalDate from, LocalDate to);

    /** How many orders are in each status now. */
    Map<StatusCounter, Long> statusTotals();
}
