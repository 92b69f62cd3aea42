package dev.checkout.port;

import dev.checkout.domain.Order;
import dev.checkout.domain.PaidTransition;
import dev.checkout.domain.Payment;
import dev.checkout.domain.StockLine;
import java.util.List;

/** Confirms a paid order: its sold stock, its PAID status and the payment that paid it, in one write. */
public interface OrderConfirmation {

    /**
     * Confirms a paid order in one write, without reading it first: the reservation of {@code lines}
     * becomes sold stock, the order makes the move {@code paid} describes (decided by the order aggregate,
     * {@link Order#paidBy}), and {@code payment} (SUCCEEDED) is stored as handed over: no longer waiting on
     * a workflow step.
     *
     * @return false, having written nothing, when any of that does not hold; the caller then reads and decides
     */
    boolean confirmPaid(List<StockLine> lines, PaidTransition paid, Payment payment);
}
