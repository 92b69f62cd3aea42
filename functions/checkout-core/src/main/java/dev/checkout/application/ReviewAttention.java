package dev.checkout.application;

import dev.checkout.domain.Actor;
import dev.checkout.domain.Order;
import dev.checkout.domain.Refund;
import dev.checkout.domain.ValidationException;
import dev.checkout.port.Clock;
import dev.checkout.port.DeadLetterQueues;
import dev.checkout.port.OrderRepository;
import dev.checkout.port.RefundRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What needs a person (admins only): checkouts still awaiting payment, refunds the provider has not
 * accepted, both older than a given age, and how many messages wait in each dead-letter queue. Reads
 * only sparse indexes: what is listed is what is wrong, never a scan of the orders.
 */
public final class ReviewAttention {
    public static final int MAX_LISTED = 100;
    public static final long MAX_AGE_MINUTES = 7 * 24 * 60;

    private final OrderRepository orders;
    private final RefundRepository refunds;
    private final DeadLetterQueues deadLetters;
    private final Clock clock;

    public ReviewAttention(OrderRepository orders, RefundRepository refunds, DeadLetterQueues deadLetters, Clock clock) {
        this.orders = orders;
        this.refunds = refunds;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    /** What {@link #review} found; each list oldest first, at most {@link #MAX_LISTED} long. */
    public record Attention(Instant cutoff, List<Order> stalledCheckouts, List<Refund> unsentRefunds, Map<String, DeadLetterQueues.Depth> deadLetters) {
    }

    /** @param olderThan how long an order may await payment, or a refund its sending, before it counts */
    public Attention review(Actor actor, Duration olderThan) {
        actor.requireAdmin();
        if (olderThan.isNegative() || olderThan.toMinutes() > MAX_AGE_MINUTES) {
            throw new ValidationException("the age must be 0 to " + MAX_AGE_MINUTES + " minutes");
        }
        Instant cutoff = clock.now().minus(olderThan);
        var depths = new TreeMap<String, DeadLetterQueues.Depth>();
        deadLetters.names().forEach(name -> depths.put(name, deadLetters.depth(name)));
        return new Attention(cutoff, orders.findPendingPlacedBefore(cutoff, MAX_LISTED), refunds.findUnsentCreatedBefore(cutoff, MAX_LISTED), depths);
    }
}
