package dev.checkout.port;

import dev.checkout.domain.StatisticsChange;
import dev.checkout.domain.StatisticsCounter;
import dev.checkout.domain.StatusCounter;
import java.time.LocalDate;
import java.util.Map;

/** The order statistics' counters: per day, and orders by current status. */
public interface OrderStatisticsStore {

    /**
     * Adds {@code change} once per {@code changeId}: a change applied before (a redelivered stream record)
     * adds nothing.
     *
     * @return false when {@code changeId} had been applied already
     */
    boolean apply(String changeId, StatisticsChange change);

    /** The counters of each day from {@code from} to {@code to} that has any; read without a scan. */
    Map<LocalDate, Map<StatisticsCounter, Long>> days(LocalDate from, LocalDate to);

    /** How many orders are in each status now. */
    Map<StatusCounter, Long> statusTotals();
}
