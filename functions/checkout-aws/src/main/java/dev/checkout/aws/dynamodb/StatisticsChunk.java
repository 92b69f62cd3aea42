package dev.checkout.aws.dynamodb;

import dev.checkout.port.OrderStatisticsStore.IdentifiedChange;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Changes counted in one transaction: one change item each, and one {@code ADD} per counter item touched (each
 * day's, the status totals'), the counters summed over the chunk. A chunk holds at most {@code maxItems} items
 * (DynamoDB takes 100 per transaction) and each counter item at most {@value #MAX_COUNTERS_PER_ITEM} counters (an
 * update expression is limited to 4 KB).
 */
record StatisticsChunk(List<IdentifiedChange> changes) {
    static final int MAX_COUNTERS_PER_ITEM = 150;

    StatisticsChunk {
        changes = List.copyOf(changes);
    }

    /**
     * Splits {@code changes} into chunks, in order; a change id met again (the same record twice in a batch) is
     * counted at its first place only.
     */
    static List<StatisticsChunk> of(List<IdentifiedChange> changes, int maxItems) {
        var chunks = new ArrayList<StatisticsChunk>();
        var seen = new HashSet<String>();
        var current = new ArrayList<IdentifiedChange>();
        for (IdentifiedChange change : changes) {
            if (!seen.add(change.changeId())) {
                continue;
            }
            current.add(change);
            if (current.size() > 1 && !new StatisticsChunk(current).fits(maxItems)) {
                current.remove(current.size() - 1);
                chunks.add(new StatisticsChunk(current));
                current = new ArrayList<>(List.of(change));
            }
        }
        if (!current.isEmpty()) {
            chunks.add(new StatisticsChunk(current));
        }
        return chunks;
    }

    private boolean fits(int maxItems) {
        Map<LocalDate, Map<String, Long>> days = dayCounters();
        Map<String, Long> statuses = statusCounters();
        int items = changes.size() + days.size() + (statuses.isEmpty() ? 0 : 1);
        return items <= maxItems && statuses.size() <= MAX_COUNTERS_PER_ITEM
                && days.values().stream().allMatch(counters -> counters.size() <= MAX_COUNTERS_PER_ITEM);
    }

    /** Each day's counters, by name, summed over the chunk; counters summing to zero and days left with none are left out. */
    Map<LocalDate, Map<String, Long>> dayCounters() {
        var days = new TreeMap<LocalDate, Map<String, Long>>();
        for (IdentifiedChange c : changes) {
            c.change().daily().forEach((counter, by) ->
                    days.computeIfAbsent(c.change().day(), d -> new TreeMap<>()).merge(DynamoDbOrderStatistics.name(counter), by, Long::sum));
        }
        days.values().forEach(counters -> counters.values().removeIf(by -> by == 0));
        days.values().removeIf(Map::isEmpty);
        return days;
    }

    /** The status totals' counters, by name, summed over the chunk (a move in and out of a status nets zero and is left out). */
    Map<String, Long> statusCounters() {
        var statuses = new TreeMap<String, Long>();
        for (IdentifiedChange c : changes) {
            c.change().statuses().forEach((counter, by) -> statuses.merge(DynamoDbOrderStatistics.name(counter), by, Long::sum));
        }
        statuses.values().removeIf(by -> by == 0);
        return statuses;
    }

    /** The chunk without the changes whose ids are in {@code counted}. */
    StatisticsChunk without(Set<String> counted) {
        return new StatisticsChunk(changes.stream().filter(c -> !counted.contains(c.changeId())).toList());
    }
}
