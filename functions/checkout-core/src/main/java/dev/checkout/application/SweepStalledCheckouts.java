package dev.checkout.application;

import dev.checkout.application.ReleaseStock.Outcome;
import dev.checkout.domain.Order;
import dev.checkout.port.CheckoutWorkflow;
import dev.checkout.port.Clock;
import dev.checkout.port.OrderRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Makes sure no order stays awaiting payment without a checkout running for it. An order placed
 * more than {@code startGrace} ago and still pending gets its checkout started again (a no-op when
 * it runs: the execution is named after the order). One still pending {@code abandonAfter} its
 * placement (past the payment window, so its checkout should long have ended) is closed: its
 * checkout stopped, its stock released and the order CANCELLED ({@link ReleaseStock}, which also has its
 * pending payments cancelled).
 */
public final class SweepStalledCheckouts {
    public static final String STALLED = "CHECKOUT_STALLED";

    private final OrderRepository orders;
    private final CheckoutWorkflow workflow;
    private final ReleaseStock releaseStock;
    private final Clock clock;
    private final Duration startGrace;
    private final Duration abandonAfter;

    public SweepStalledCheckouts(OrderRepository orders, CheckoutWorkflow workflow, ReleaseStock releaseStock, Clock clock, Duration startGrace, Duration abandonAfter) {
        this.orders = orders;
        this.workflow = workflow;
        this.releaseStock = releaseStock;
        this.clock = clock;
        this.startGrace = Objects.requireNonNull(startGrace);
        this.abandonAfter = Objects.requireNonNull(abandonAfter);
        if (abandonAfter.compareTo(startGrace) <= 0) {
            throw new IllegalArgumentException("abandonAfter must be longer than startGrace");
        }
    }

    /** What one sweep did. */
    public record Result(int restarted, int cancelled) {
    }

    public Result sweep(int limit) {
        Instant now = clock.now();
        int restarted = 0;
        int cancelled = 0;
        for (Order order : orders.findPendingPlacedBefore(now.minus(startGrace), limit)) {
            if (order.createdAt().isBefore(now.minus(abandonAfter))) {
                workflow.stop(order.orderId(), "the checkout stalled past its payment window");
                releaseStock.release(order.orderId(), Outcome.CANCELLED, STALLED);
                cancelled++;
            } else {
                workflow.start(order);
                restarted++;
            }
        }
        return new Result(restarted, cancelled);
    }
}
