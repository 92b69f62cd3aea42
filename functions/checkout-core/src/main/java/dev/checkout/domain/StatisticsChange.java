package dev.checkout.domain;

import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/**
 * What one change of an order adds to the statistics: increments of the counters of {@code day} (UTC) and of
 * the orders-by-status totals (a move takes one from the old status and adds one to the new).
 */
public record StatisticsChange(LocalDate day, Map<StatisticsCounter, Long> daily, Map<StatusCounter, Long> statuses) {
    public StatisticsChange {
        Objects.requireNonNull(day, "day");
        daily = Map.copyOf(daily);
        statuses = Map.copyOf(statuses);
    }

    public boolean isEmpty() {
        return daily.isEmpty() && statuses.isEmpty();
    }
}
