package dev.checkout.domain;

import dev.checkout.domain.StatisticsCounter.Metric;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The counting rules of the order statistics: what one stored change of an order (its state before and after)
 * counts as. Each counter is kept for every platform and for the order's own platform.
 *
 * <ul>
 *   <li>A new order: placed, on the day it was placed.</li>
 *   <li>A move to PAID from awaiting payment: paid.</li>
 *   <li>A move to CANCELLED or REJECTED: cancelled or rejected.</li>
 *   <li>The captured amount growing: revenue, by the growth (a payment that went through on a closed order
 *       counts too: the money was taken, and its refund is counted when it settles).</li>
 *   <li>The refunded amount growing: one refund, and refunded by the growth (each refund settles in its own
 *       write of the order).</li>
 *   <li>Any status move: one order less in the old status, one more in the new.</li>
 * </ul>
 *
 * Counters other than placed go to the day of the change ({@code updatedAt}), in UTC. A deleted order counts
 * nothing: orders are kept.
 */
public final class OrderStatistics {
    private OrderStatistics() {
    }

    /**
     * @param before the order before the change; empty when the change created it
     * @param after the order after the change; empty when the change deleted it
     */
    public static Optional<StatisticsChange> countChange(Optional<Order> before, Optional<Order> after) {
        if (after.isEmpty()) {
            return Optional.empty();
        }
        Order now = after.get();
        List<String> platforms = platforms(now);
        var daily = new HashMap<StatisticsCounter, Long>();
        var statuses = new HashMap<StatusCounter, Long>();
        OrderStatus from = before.map(Order::status).orElse(null);
        LocalDate day = (before.isEmpty() ? now.createdAt() : now.updatedAt()).atOffset(ZoneOffset.UTC).toLocalDate();

        if (before.isEmpty()) {
            add(daily, platforms, Metric.PLACED, null, 1);
        }
        if (from != now.status()) {
            for (String platform : platforms) {
                if (from != null) {
                    statuses.merge(new StatusCounter(from, platform), -1L, Long::sum);
                }
                statuses.merge(new StatusCounter(now.status(), platform), 1L, Long::sum);
            }
            if (now.status() == OrderStatus.PAID && (from == null || from == OrderStatus.PENDING_PAYMENT)) {
                add(daily, platforms, Metric.PAID, null, 1);
            }
            if (now.status() == OrderStatus.CANCELLED) {
                add(daily, platforms, Metric.CANCELLED, null, 1);
            }
            if (now.status() == OrderStatus.REJECTED) {
                add(daily, platforms, Metric.REJECTED, null, 1);
            }
        }
        long captured = now.captured().amount() - before.map(o -> o.captured().amount()).orElse(0L);
        if (captured > 0) {
            add(daily, platforms, Metric.REVENUE, now.currency(), captured);
        }
        long refunded = now.refunded().amount() - before.map(o -> o.refunded().amount()).orElse(0L);
        if (refunded > 0) {
            add(daily, platforms, Metric.REFUNDS, null, 1);
            add(daily, platforms, Metric.REFUNDED, now.currency(), refunded);
        }
        var change = new StatisticsChange(day, daily, statuses);
        return change.isEmpty() ? Optional.empty() : Optional.of(change);
    }

    /** Every platform (null) and the order's own, when it names one. */
    private static List<String> platforms(Order order) {
        var platforms = new ArrayList<String>();
        platforms.add(null);
        order.paymentMethod().filter(pm -> !pm.isBlank()).map(PaymentMethod::parsePlatform).ifPresent(platforms::add);
        return platforms;
    }

    private static void add(Map<StatisticsCounter, Long> daily, List<String> platforms, Metric metric, String currency, long by) {
        for (String platform : platforms) {
            daily.merge(new StatisticsCounter(metric, platform, currency), by, Long::sum);
        }
    }
}
