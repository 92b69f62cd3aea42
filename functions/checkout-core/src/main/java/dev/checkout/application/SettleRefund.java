package dev.checkout.application;

import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.Order;
import dev.checkout.domain.Refund;
import dev.checkout.domain.StateConflictException;
import dev.checkout.domain.VersionConflictException;
import dev.checkout.port.Clock;
import dev.checkout.port.OrderRepository;
import dev.checkout.port.RefundRepository;

/**
 * Applies the provider's final word on a refund: the refund and its order change together (a success
 * counts as refunded, a failure frees the order's hold). A refund already settled stays as it is, so a
 * repeated or late word changes nothing.
 */
public final class SettleRefund {
    private static final int VERSION_ATTEMPTS = 5;

    private final OrderRepository orders;
    private final RefundRepository refunds;
    private final Clock clock;

    public SettleRefund(OrderRepository orders, RefundRepository refunds, Clock clock) {
        this.orders = orders;
        this.refunds = refunds;
        this.clock = clock;
    }

    /** Returns the refund as it is now: settled by this call, or as an earlier one left it. */
    public Refund settle(Refund refund, boolean succeeded) {
        return ConflictRetries.retry(VERSION_ATTEMPTS, VersionConflictException.class, attempt -> {
            Refund current = attempt == 1 ? refund : refunds.reload(refund);
            if (current.status().isFinal()) {
                return current;
            }
            Order order = orders.find(current.orderId()).orElseThrow(() -> new NotFoundException("no order " + current.orderId()));
            Refund settled = current.settle(succeeded, clock.now());
            try {
                refunds.settle(settled, order.settleRefund(current.amount(), succeeded, clock.now()));
                return settled;
            } catch (StateConflictException alreadySettled) {
                return refunds.reload(current);
            }
        });
    }
}
