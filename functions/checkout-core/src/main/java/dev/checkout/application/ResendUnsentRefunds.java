package dev.checkout.application;

import dev.checkout.domain.Refund;
import dev.checkout.port.Clock;
import dev.checkout.port.RefundRepository;
import dev.checkout.port.RefundResend;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Makes sure no refund stays stored but unsent. A refund is stored first, then sent; whoever stored it
 * retries the sending (a queue, the workflow's retries, the admin's retry with the same key). When that
 * gives up (a stopped checkout, a compensation that ran out of attempts, an admin who did not retry),
 * the refund would hold its amount on the order for ever and the customer would not get the money.
 * A refund still without a provider reference {@code after} it was stored is handed to the charge
 * function to be sent again.
 */
public final class ResendUnsentRefunds {
    private final RefundRepository refunds;
    private final RefundResend resend;
    private final Clock clock;
    private final Duration after;

    public ResendUnsentRefunds(RefundRepository refunds, RefundResend resend, Clock clock, Duration after) {
        this.refunds = refunds;
        this.resend = resend;
        this.clock = clock;
        this.after = Objects.requireNonNull(after);
    }

    /** Hands over up to {@code limit} of them, oldest first; returns how many. */
    public int resend(int limit) {
        List<Refund> unsent = refunds.findUnsentCreatedBefore(clock.now().minus(after), limit);
        for (Refund refund : unsent) {
            resend.resend(refund.orderId(), refund.refundId());
        }
        return unsent.size();
    }
}
