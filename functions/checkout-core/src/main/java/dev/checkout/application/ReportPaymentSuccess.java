package dev.checkout.application;

import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.Payment;
import dev.checkout.domain.StateConflictException;
import dev.checkout.port.CheckoutWorkflow;
import dev.checkout.port.OrderRepository;

/**
 * Tells the checkout that a payment succeeded. If the order was closed meanwhile (cancelled by the
 * customer, its payment window expired, rejected), the money is refunded instead: a cancel raced the
 * payment and lost.
 */
public final class ReportPaymentSuccess {
    private final OrderRepository orders;
    private final CheckoutWorkflow workflow;
    private final CompensatePayment refunds;

    public ReportPaymentSuccess(OrderRepository orders, CheckoutWorkflow workflow, CompensatePayment refunds) {
        this.orders = orders;
        this.workflow = workflow;
        this.refunds = refunds;
    }

    public enum Result {
        /** The waiting workflow step took the success. */
        RESUMED,
        /** The step had been resumed before (a repeated report). */
        ALREADY_REPORTED,
        /** The order had been closed; the payment is being refunded. */
        LATE_CAPTURE_REFUNDED
    }

    /**
     * @param changedNow true when the caller just moved the payment to SUCCEEDED (as opposed to finding it so)
     */
    public Result report(Payment payment, String taskToken, boolean changedNow) {
        if (order(payment).isClosed()) {
            refunds.compensate(payment.orderId(), payment.paymentId());
            return Result.LATE_CAPTURE_REFUNDED;
        }
        if (taskToken != null && workflow.paymentSucceeded(taskToken, payment)) {
            return Result.RESUMED;
        }
        Order order = order(payment);
        if (order.isClosed()) {
            refunds.compensate(payment.orderId(), payment.paymentId());
            return Result.LATE_CAPTURE_REFUNDED;
        }
        if (changedNow && order.status() == OrderStatus.PENDING_PAYMENT) {
            // The step closed (payment window expired) but the workflow has not cancelled the order yet.
            // Retrying later finds it cancelled and refunds.
            throw new StateConflictException("payment " + payment.paymentId() + " succeeded after its workflow step closed; "
                    + "order " + order.orderId() + " is still " + order.status());
        }
        return Result.ALREADY_REPORTED;
    }

    private Order order(Payment payment) {
        return orders.find(payment.orderId()).orElseThrow(() -> new NotFoundException("no order " + payment.orderId()));
    }
}
