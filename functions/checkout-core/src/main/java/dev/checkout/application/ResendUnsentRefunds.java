package dev.checkout.application;

import dev.checkout.domain.Refund;
import dev.checkout.port.Clock;
import dev.checkout.port.RefundRepository;
import dev.checkout.port.RefundResend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Makes sure no refund stays stored but unsent, or sent but unsettled. A refund is stored first, then sent; whoever stored it
 * retries the sending (a queue, the workflow's retries, the admin's retry with the same key). When that
 * gives up (a stopped checkout, a compensation that ran out of attempts, an admin who did not retry),
 * the refund would hold its amount on the order for ever and the customer would not get the money.
 * A refund still without a provider reference {@code after} it was stored is handed to the charge
 * function to be sent again. So is one the provider accepted (it has a reference) that is still pending
 * {@code after} it was sent: its settling word was lost (the sender failed before recording the provider's
 * answer, or no event came; Alipay's refund notifications are not applied), and the charge function asks the provider.
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

    /** Hands over up to {@code limit} of each kind, oldest first; returns how many. */
    public int resend(int limit) {
        Instant cutoff = clock.now().minus(after);
        List<Refund> due = new ArrayList<>(refunds.findUnsentCreatedBefore(cutoff, limit));
        due.addAll(refunds.findSentUnsettledBefore(cutoff, limit));
        for (Refund refund : due) {
            resend.resend(refund.orderId(), refund.refundId());
        }
        return due.size();
    }
}
