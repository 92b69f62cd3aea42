package dev.checkout.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The order statistics of a range of days: every day of it (in order, zeros included), their totals, and how
 * many orders are in each status now.
 */
public record StatisticsReport(LocalDate from, LocalDate to, List<DailyStatistics> days, DailyStatistics totals, Map<StatusCounter, Long> byStatus) {
    public StatisticsReport {
        days = List.copyOf(days);
        byStatus = Map.copyOf(byStatus);
    }
}
