package dev.checkout.application;

import dev.checkout.domain.Order;
import dev.checkout.domain.OrderStatistics;
import dev.checkout.domain.StatisticsChange;
import dev.checkout.port.OrderStatisticsStore;
import java.util.Objects;
import java.util.Optional;

/**
 * Counts one stored change of an order into the statistics ({@link OrderStatistics}' rules), once per change
 * id: the same change delivered again counts nothing.
 */
public final class RecordOrderChange {
    private final OrderStatisticsStore store;

    public RecordOrderChange(OrderStatisticsStore store) {
        this.store = store;
    }

    /**
     * @param changeId the change's unique id (a stream record's event id)
     * @return the change counted, or empty when it counts nothing or was counted before
     */
    public Optional<StatisticsChange> record(String changeId, Optional<Order> before, Optional<Order> after) {
        Objects.requireNonNull(changeId, "changeId");
        return OrderStatistics.countChange(before, after).filter(change -> store.apply(changeId, change));
    }
}
