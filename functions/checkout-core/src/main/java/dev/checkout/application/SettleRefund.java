package dev.checkout.application;

import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.Order;
import dev.checkout.domain.Refund;
import dev.checkout.domain.StateConflictException;
import dev.checkout.domain.VersionConflictException;
import dev.checkout.port.Clock;
import dev.checkout.port.OrderRepository;
import dev.checkout.port.PaymentProvider;
import dev.checkout.port.PaymentProvider.ProviderRefund;
import dev.checkout.port.RefundRepository;

/**
 * Applies the provider's final word on a refund: the refund and its order change together (a success
 * counts as refunded, a failure frees the order's hold). A refund already settled stays as it is, so a
 * repeated or late word changes nothing.
 */
public final class SettleRefund {
    private static final System.Logger LOG = System.getLogger(SettleRefund.class.getName());
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

    /**
     * Settles {@code refund} as the provider's own record of it ({@code seen}) says, when that is final and for
     * the amount stored; a pending record leaves it, and so does one for another amount (logged: money is
     * checked against the record). Returns the refund as it is now.
     */
    public Refund asTheProviderSees(Refund refund, ProviderRefund seen) {
        if (!seen.status().isFinal()) {
            return refund;
        }
        if (!refund.amount().equals(seen.amount())) {
            LOG.log(System.Logger.Level.WARNING, "refund {0} of order {1}: the provider reports {2} under {3}, the record says {4}; left as it is",
                    refund.refundId(), refund.orderId(), seen.amount(), seen.reference(), refund.amount());
            return refund;
        }
        Refund referenced = refund.providerReference() == null ? refund.withProviderReference(seen.reference(), clock.now()) : refund;
        return settle(referenced, seen.status() == PaymentProvider.Status.SUCCEEDED);
    }
}
