package dev.checkout.aws.wiring;

import dev.checkout.application.RecordOrderChange;
import dev.checkout.application.ViewStatistics;
import dev.checkout.aws.dynamodb.DynamoDbOrderStatistics;
import dev.checkout.port.OrderStatisticsStore;

/**
 * The order statistics' use cases, on the table's counters. Environment: {@code TABLE_NAME}, read when a use
 * case is built, so that a missing variable fails at start.
 */
public final class StatisticsAdapters {
    private final CheckoutAdapters adapters;

    public StatisticsAdapters(FunctionEnvironment env) {
        this.adapters = new CheckoutAdapters(env);
    }

    private OrderStatisticsStore store() {
        return new DynamoDbOrderStatistics(adapters.dynamoDb(), adapters.environment().require("TABLE_NAME"), adapters.clock());
    }

    /** Counts a stored change of an order once (the statistics stream's function). */
    public RecordOrderChange recordOrderChange() {
        return new RecordOrderChange(store());
    }

    /** A range of days' statistics, for admins ({@code GET /statistics}). */
    public ViewStatistics viewStatistics() {
        return new ViewStatistics(store());
    }
}
