package dev.checkout.port;

import dev.checkout.domain.CheckoutStep;
import dev.checkout.domain.OrderId;
import java.util.List;

/** The steps an order's checkout went through, read from the workflow's own history. */
public interface CheckoutHistory {

    /** The steps in the order they were entered; empty when the order's checkout never started. */
    List<CheckoutStep> steps(OrderId orderId);
}
