package dev.checkout.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.checkout.domain.Order;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentStatus;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Unit tier: cancelling payments for the order cancel API. */
@Tag("unit")
class CancelPaymentTest {
    private final PaymentsFixture f = new PaymentsFixture();

    @Test
    void pendingPayment_isCancelledAtTheProvider() {
        Order order = f.placeOrder("pm_card_authenticationRequired");
        f.requestCharge.charge(f.charge(order.orderId(), "t1"));

        var result = f.cancelPayment.cancel(order.orderId());

        assertEquals(CancelPayment.Outcome.CANCELLED, result.outcome());
        assertEquals(PaymentStatus.CANCELLED, f.store.payments.get(PaymentId.of(order.orderId(), 1)).status());
    }

    @Test
    void succeededPayment_isReportedForCompensation() {
        Order order = f.placeOrder("pm_card_visa");
        f.recordedSuccess(order, "t1");

        var result = f.cancelPayment.cancel(order.orderId());

        assertEquals(CancelPayment.Outcome.ALREADY_SUCCEEDED, result.outcome());
        assertEquals(List.of(PaymentId.of(order.orderId(), 1)), result.succeeded());
    }

    @Test
    void cancelAndRefund_refundsAPaymentThatWonTheRaceAgainstTheCancel() {
        Order order = f.placeOrder("pm_card_visa");
        f.recordedSuccess(order, "t1");
        f.store.orders.put(order.orderId(), f.store.order(order.orderId()).cancel("CUSTOMER", PaymentsFixture.NOW));

        f.cancelPayment.cancelAndRefund(order.orderId());
        f.cancelPayment.cancelAndRefund(order.orderId());

        assertEquals(1, f.provider.refundsSent());
        assertEquals(order.total(), f.store.order(order.orderId()).refundCommitted());
    }

    @Test
    void cancelAndRefund_recordsAndRefundsASuccessOnlyTheStoppedCheckoutHeld() {
        Order order = f.placeOrder("pm_card_visa");
        assertEquals(RequestCharge.Outcome.SUCCEEDED, f.requestCharge.charge(f.charge(order.orderId(), "t1")));
        f.store.orders.put(order.orderId(), f.store.order(order.orderId()).cancel("CUSTOMER", PaymentsFixture.NOW));
        f.workflow.stop(order.orderId(), "cancelled by customer");

        f.cancelPayment.cancelAndRefund(order.orderId());
        f.cancelPayment.cancelAndRefund(order.orderId());

        assertEquals(PaymentStatus.SUCCEEDED, f.store.payments.get(PaymentId.of(order.orderId(), 1)).status());
        assertEquals(1, f.provider.refundsSent());
        assertEquals(order.total(), f.store.order(order.orderId()).refundCommitted());
    }

    @Test
    void cancelAndRefund_leavesASuccessToTheCheckoutThatStillRuns() {
        Order order = f.placeOrder("pm_card_visa");
        f.requestCharge.charge(f.charge(order.orderId(), "t1"));

        f.cancelPayment.cancelAndRefund(order.orderId());

        assertEquals(0, f.provider.refundsSent());
        assertEquals(null, f.store.payments.get(PaymentId.of(order.orderId(), 1)));
    }

    @Test
    void noPayment_isNothingToCancel() {
        Order order = f.placeOrder("pm_card_visa");

        assertEquals(CancelPayment.Outcome.CANCELLED, f.cancelPayment.cancel(order.orderId()).outcome());
    }
}
