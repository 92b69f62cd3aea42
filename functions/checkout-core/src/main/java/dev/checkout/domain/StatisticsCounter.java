package dev.checkout.domain;

import java.util.Objects;

/**
 * One per-day counter of the order statistics: a metric, for every platform ({@code platform} null) or one,
 * and for an amount its currency ({@code currency} null for a count).
 */
public record StatisticsCounter(Metric metric, String platform, String currency) {

    /** What a per-day counter counts. */
    public enum Metric {
        /** Orders placed that day. */
        PLACED(false),
        /** Orders that moved to PAID that day. */
        PAID(false),
        /** Orders cancelled that day. */
        CANCELLED(false),
        /** Orders rejected (stock short) that day. */
        REJECTED(false),
        /** Money captured that day, per currency. */
        REVENUE(true),
        /** Refunds that succeeded that day. */
        REFUNDS(false),
        /** Money refunded that day, per currency. */
        REFUNDED(true);

        private final boolean amount;

        Metric(boolean amount) {
            this.amount = amount;
        }

        public boolean isAmount() {
            return amount;
        }
    }

    public StatisticsCounter {
        Objects.requireNonNull(metric, "metric");
        if (metric.isAmount() != (currency != null)) {
            throw new IllegalArgumentException(metric + (metric.isAmount() ? " needs a currency" : " takes no currency"));
        }
    }

    public static StatisticsCounter count(Metric metric, String platform) {
        return new StatisticsCounter(metric, platform, null);
    }

    public static StatisticsCounter amount(Metric metric, String platform, String currency) {
        return new StatisticsCounter(metric, platform, currency);
    }
}
