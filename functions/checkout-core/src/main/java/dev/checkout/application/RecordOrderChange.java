package dev.checkout.application;

import dev.checkout.domain.Order;
import dev.checkout.domain.OrderStatistics;
import dev.checkout.domain.StatisticsChange;
import dev.checkout.domain.StatisticsNotCountedException;
import dev.checkout.port.OrderStatisticsStore;
import dev.checkout.port.OrderStatisticsStore.IdentifiedChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Counts stored changes of orders into the statistics ({@link OrderStatistics}' rules), once per change id: the
 * same change delivered again counts nothing. A batch (a stream's records) is handed to the store whole, so that
 * it is written in as few writes as the store can.
 */
public final class RecordOrderChange {
    private final OrderStatisticsStore store;

    public RecordOrderChange(OrderStatisticsStore store) {
        this.store = store;
    }

    /** One stored change of an order: its unique id (a stream record's event id), the order before and after. */
    public record ChangeRecord(String changeId, Optional<Order> before, Optional<Order> after) {
        public ChangeRecord {
            Objects.requireNonNull(changeId, "changeId");
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
        }
    }

    /**
     * @param changeId the change's unique id (a stream record's event id)
     * @return the change counted, or empty when it counts nothing or was counted before
     */
    public Optional<StatisticsChange> record(String changeId, Optional<Order> before, Optional<Order> after) {
        return Optional.ofNullable(recordAll(List.of(new ChangeRecord(changeId, before, after))).get(changeId));
    }

    /**
     * Counts {@code records} in order, each once per change id.
     *
     * @return the changes counted now, by change id (not those that count nothing or were counted before)
     * @throws StatisticsNotCountedException when the records from one on were not counted (those before it were)
     */
    public Map<String, StatisticsChange> recordAll(List<ChangeRecord> records) {
        var changes = new ArrayList<IdentifiedChange>();
        for (ChangeRecord record : records) {
            OrderStatistics.countChange(record.before(), record.after()).ifPresent(change -> changes.add(new IdentifiedChange(record.changeId(), change)));
        }
        if (changes.isEmpty()) {
            return Map.of();
        }
        Set<String> applied = store.applyAll(changes);
        var counted = new LinkedHashMap<String, StatisticsChange>();
        changes.stream().filter(c -> applied.contains(c.changeId())).forEach(c -> counted.put(c.changeId(), c.change()));
        return counted;
    }
}
