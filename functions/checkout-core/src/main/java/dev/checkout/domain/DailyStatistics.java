package dev.checkout.domain;

import dev.checkout.domain.StatisticsCounter.Metric;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;

/** The counters of one day (or, for a range's totals, of several summed); a counter never written reads 0. */
public record DailyStatistics(LocalDate day, Map<StatisticsCounter, Long> counters) {
    public DailyStatistics {
        Objects.requireNonNull(day, "day");
        counters = Map.copyOf(counters);
    }

    public long count(Metric metric, String platform) {
        return counters.getOrDefault(StatisticsCounter.count(metric, platform), 0L);
    }

    /** The amounts of {@code metric} for {@code platform} (null: every platform), by currency, sorted. */
    public Map<String, Long> amounts(Metric metric, String platform) {
        var amounts = new TreeMap<String, Long>();
        counters.forEach((counter, value) -> {
            if (counter.metric() == metric && Objects.equals(counter.platform(), platform) && value != 0) {
                amounts.put(counter.currency(), value);
            }
        });
        return amounts;
    }

    /** Paid over placed, or empty when nothing was placed. */
    public OptionalDouble conversion(String platform) {
        long placed = count(Metric.PLACED, platform);
        return placed == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) count(Metric.PAID, platform) / placed);
    }

    /** This day's counters plus {@code other}'s, under this day's date. */
    public DailyStatistics plus(DailyStatistics other) {
        var sum = new HashMap<>(counters);
        other.counters.forEach((counter, value) -> sum.merge(counter, value, Long::sum));
        return new DailyStatistics(day, sum);
    }
}
