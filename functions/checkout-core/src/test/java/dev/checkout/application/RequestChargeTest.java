package dev.checkout.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.domain.Order;
import dev.checkout.domain.ValidationException;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentProviderUnavailableException;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.PaymentStatus;
import dev.checkout.domain.StateConflictException;
import dev.checkout.port.PaymentProvider;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Unit tier: the charge use case against in-memory fakes. */
@Tag("unit")
class RequestChargeTest {
    private final PaymentsFixture f = new PaymentsFixture();

    @Test
    void charge_succeeds_resumesTheWorkflowWithThePayment_andWritesNothing() {
        Order order = f.placeOrder("pm_card_visa");

        var outcome = f.requestCharge.charge(f.charge(order.orderId(), "t1"));

        assertEquals(RequestCharge.Outcome.SUCCEEDED, outcome);
        assertEquals(1, f.workflow.successesFor("t1"));
        var payment = f.workflow.resumedWith("t1");
        assertEquals(PaymentId.of(order.orderId(), 1), payment.paymentId());
        assertEquals(PaymentStatus.SUCCEEDED, payment.status());
        assertNotNull(payment.providerReference());
        assertEquals(order.total(), payment.amount());
        assertTrue(f.store.payments.isEmpty(), "the confirming step records the payment");
    }

    @Test
    void confirm_recordsTheResumedPayment_handedOver_andMarksTheOrderPaid() {
        Order order = f.placeOrder("pm_card_visa");
        f.reserveStock.reserve(order.orderId(), order.stockLines());
        f.requestCharge.charge(f.charge(order.orderId(), "t1"));

        f.confirm(order.orderId(), "t1");

        var payment = f.store.payments.get(PaymentId.of(order.orderId(), 1));
        assertEquals(PaymentStatus.SUCCEEDED, payment.status());
        assertNull(payment.taskToken());
        assertEquals(OrderStatus.PAID, f.store.order(order.orderId()).status());
        assertEquals(order.total(), f.store.order(order.orderId()).captured());
    }

    @Test
    void charge_declined_failsThePaymentAndTheStep() {
        Order order = f.placeOrder("pm_card_chargeDeclined");

        var outcome = f.requestCharge.charge(f.charge(order.orderId(), "t1"));

        assertEquals(RequestCharge.Outcome.DECLINED, outcome);
        var payment = f.store.payments.get(PaymentId.of(order.orderId(), 1));
        assertEquals(PaymentStatus.FAILED, payment.status());
        assertEquals("card_declined", payment.failureCode());
        var failure = f.workflow.failuresFor("t1");
        assertEquals(1, failure.size());
        assertEquals("dev.checkout.domain.PaymentDeclinedException", failure.get(0).paymentIdOrError());
        assertEquals("card_declined", failure.get(0).cause());
    }

    @Test
    void charge_awaitingAuthentication_staysPendingWithItsReference_andTheActionTheCustomerMustTake() {
        Order order = f.placeOrder("pm_card_authenticationRequired");

        var outcome = f.requestCharge.charge(f.charge(order.orderId(), "t1"));

        assertEquals(RequestCharge.Outcome.AWAITING_CUSTOMER, outcome);
        var payment = f.store.payments.get(PaymentId.of(order.orderId(), 1));
        assertEquals(PaymentStatus.PENDING, payment.status());
        assertNotNull(payment.providerReference());
        assertEquals("t1", payment.taskToken());
        assertEquals("https://hooks.example/3ds/" + payment.providerReference(), payment.nextAction().url());
        assertTrue(f.workflow.calls().isEmpty());
    }

    @Test
    void charge_runTwice_chargesOnce_becauseTheStepNoLongerWaits() {
        Order order = f.placeOrder("pm_card_visa");

        f.requestCharge.charge(f.charge(order.orderId(), "t1"));
        var second = f.requestCharge.charge(f.charge(order.orderId(), "t1"));

        assertEquals(RequestCharge.Outcome.STEP_CLOSED, second);
        assertEquals(1, f.provider.paymentsByKey.size());
        assertEquals(List.of("charge " + PaymentId.of(order.orderId(), 1)), f.provider.calls);
        assertEquals(1, f.workflow.callsFor("t1").stream().filter(c -> c.accepted()).count());
    }

    @Test
    void charge_providerUnavailable_isThrownForRedelivery_andTheRetryChargesOnce() {
        Order order = f.placeOrder("pm_card_visa");
        f.provider.failNext(2);

        assertThrows(PaymentProviderUnavailableException.class, () -> f.requestCharge.charge(f.charge(order.orderId(), "t1")));
        assertThrows(PaymentProviderUnavailableException.class,
                () -> f.requestCharge.charge(new RequestCharge.Command(order.orderId(), 1, "t1", order.total(), "pm_card_visa", 2, 5)));
        var outcome = f.requestCharge.charge(new RequestCharge.Command(order.orderId(), 1, "t1", order.total(), "pm_card_visa", 3, 5));

        assertEquals(RequestCharge.Outcome.SUCCEEDED, outcome);
        assertEquals(1, f.provider.paymentsByKey.size());
        assertEquals(1, f.workflow.successesFor("t1"));
    }

    @Test
    void charge_succeedingAfterItsStepClosed_recordsTheCapture_andRefundsItOnceTheOrderIsCancelled() {
        Order order = f.placeOrder("pm_card_visa");
        f.provider.duringCharge = () -> f.workflow.closeStep("t1"); // the payment window expires during the call

        // The order is not cancelled yet: the message is retried later.
        assertThrows(StateConflictException.class, () -> f.requestCharge.charge(f.charge(order.orderId(), "t1")));
        assertEquals(PaymentStatus.SUCCEEDED, f.store.payments.get(PaymentId.of(order.orderId(), 1)).status());

        f.store.orders.put(order.orderId(), order.cancel("PAYMENT_WINDOW_EXPIRED", PaymentsFixture.NOW));
        var retried = f.requestCharge.charge(new RequestCharge.Command(order.orderId(), 1, "t1", order.total(), "pm_card_visa", 2, 5));

        assertEquals(RequestCharge.Outcome.LATE_CAPTURE_REFUNDED, retried);
        assertEquals(1, f.provider.paymentsByKey.size());
        assertEquals(1, f.provider.refundsSent());
        assertEquals(order.total(), f.store.order(order.orderId()).refundCommitted());
    }

    @Test
    void charge_providerUnavailableOnTheLastDelivery_failsTheStepAsUnavailable() {
        Order order = f.placeOrder("pm_card_visa");
        f.provider.failNext(1);

        assertThrows(PaymentProviderUnavailableException.class,
                () -> f.requestCharge.charge(new RequestCharge.Command(order.orderId(), 1, "t1", order.total(), "pm_card_visa", 5, 5)));

        var failure = f.workflow.failuresFor("t1");
        assertEquals(1, failure.size());
        assertEquals("dev.checkout.domain.PaymentProviderUnavailableException", failure.get(0).paymentIdOrError());
        assertTrue(f.store.payments.isEmpty());
    }

    @Test
    void charge_afterTheOrderWasCancelled_isNotCharged_andAFirstDeliveryAsksTheProviderNothing() {
        Order order = f.placeOrder("pm_card_visa");
        var message = f.charge(order.orderId(), "t1");
        f.store.orders.put(order.orderId(), order.cancel("customer", PaymentsFixture.NOW));
        f.workflow.closeStep("t1");

        var outcome = f.requestCharge.charge(message);

        assertEquals(RequestCharge.Outcome.STEP_CLOSED, outcome);
        assertTrue(f.provider.calls.isEmpty());
        assertTrue(f.store.payments.isEmpty());
        assertTrue(f.workflow.calls().isEmpty());
    }

    @Test
    void redelivery_forAClosedStep_whoseEarlierAnswerWasLost_recordsTheCaptureTheProviderTook_andRefundsItOnce() {
        Order order = chargeFailedThenWindowExpired("pm_card_visa", p -> p.loseNextAnswers(1));

        var outcome = f.requestCharge.charge(delivery(order, "t1", 2));
        var again = f.requestCharge.charge(delivery(order, "t1", 3));

        assertEquals(RequestCharge.Outcome.LATE_CAPTURE_REFUNDED, outcome);
        assertEquals(RequestCharge.Outcome.LATE_CAPTURE_REFUNDED, again);
        var payment = f.store.payments.get(PaymentId.of(order.orderId(), 1));
        assertEquals(PaymentStatus.SUCCEEDED, payment.status());
        assertEquals(f.provider.paymentsByKey.get(payment.paymentId().value()).reference(), payment.providerReference());
        assertEquals(1, f.provider.refundsSent());
        Order closed = f.store.order(order.orderId());
        assertEquals(order.total(), closed.captured());
        assertEquals(order.total(), closed.refundCommitted());
        assertEquals(1, f.store.refundsOf(order.orderId()).size());
    }

    @Test
    void redelivery_forAClosedStep_whenTheProviderHasNoSuchPayment_writesNothing() {
        Order order = chargeFailedThenWindowExpired("pm_card_visa", p -> p.failNext(1));
        PaymentId paymentId = PaymentId.of(order.orderId(), 1);

        assertEquals(RequestCharge.Outcome.STEP_CLOSED, f.requestCharge.charge(delivery(order, "t1", 2)));

        assertEquals(List.of("charge " + paymentId, "find " + paymentId), f.provider.calls);
        assertTrue(f.store.payments.isEmpty());
        assertEquals(0, f.provider.refundsSent());
    }

    @Test
    void redelivery_forAClosedStep_whosePaymentStillAwaitsTheCustomer_cancelsItAtTheProvider_andRecordsItCancelled() {
        Order order = chargeFailedThenWindowExpired("pm_card_authenticationRequired", p -> p.loseNextAnswers(1));

        var outcome = f.requestCharge.charge(delivery(order, "t1", 2));

        assertEquals(RequestCharge.Outcome.STEP_CLOSED, outcome);
        PaymentId paymentId = PaymentId.of(order.orderId(), 1);
        String reference = f.provider.paymentsByKey.get(paymentId.value()).reference();
        assertEquals(PaymentProvider.Status.CANCELED, f.provider.paymentsByKey.get(paymentId.value()).status());
        assertEquals(List.of("charge " + paymentId, "find " + paymentId, "cancel " + reference), f.provider.calls);
        var payment = f.store.payments.get(paymentId);
        assertEquals(PaymentStatus.CANCELLED, payment.status());
        assertEquals(reference, payment.providerReference());
        assertEquals(0, f.provider.refundsSent());
    }

    @Test
    void redelivery_forAClosedStep_whosePendingPaymentTheCustomerPaidBeforeTheCancel_recordsTheCapture_andRefundsIt() {
        Order order = chargeFailedThenWindowExpired("pm_card_authenticationRequired", p -> p.loseNextAnswers(1));
        PaymentId paymentId = PaymentId.of(order.orderId(), 1);
        f.provider.duringLookup = () -> f.provider.settlePayment(f.provider.paymentsByKey.get(paymentId.value()).reference(),
                PaymentProvider.Status.SUCCEEDED);

        var outcome = f.requestCharge.charge(delivery(order, "t1", 2));

        assertEquals(RequestCharge.Outcome.LATE_CAPTURE_REFUNDED, outcome);
        assertEquals(PaymentStatus.SUCCEEDED, f.store.payments.get(paymentId).status());
        assertEquals(1, f.provider.refundsSent());
        assertEquals(order.total(), f.store.order(order.orderId()).refundCommitted());
    }

    @Test
    void redelivery_forAClosedStep_whenTheLookupFindsTheProviderUnavailable_isThrownForRedelivery_andWritesNothing() {
        Order order = chargeFailedThenWindowExpired("pm_card_visa", p -> p.loseNextAnswers(1));
        f.provider.failNext(1);

        assertThrows(PaymentProviderUnavailableException.class, () -> f.requestCharge.charge(delivery(order, "t1", 2)));

        assertTrue(f.store.payments.isEmpty());
        assertEquals(0, f.provider.refundsSent());
        assertEquals(order.captured(), f.store.order(order.orderId()).captured());
    }

    /**
     * An order whose first charge delivery failed as unavailable ({@code fault} set the provider up for that), then
     * whose payment window closed: the workflow stopped waiting (task token t1) and cancelled the order.
     */
    private Order chargeFailedThenWindowExpired(String paymentMethod, Consumer<ScriptedPaymentProvider> fault) {
        Order order = f.placeOrder(paymentMethod);
        fault.accept(f.provider);
        assertThrows(PaymentProviderUnavailableException.class, () -> f.requestCharge.charge(f.charge(order.orderId(), "t1")));
        f.workflow.closeStep("t1");
        f.store.orders.put(order.orderId(), f.store.order(order.orderId()).cancel("PAYMENT_WINDOW_EXPIRED", PaymentsFixture.NOW));
        return order;
    }

    /** The charge message for {@code order}'s first attempt, delivered for the {@code receiveCount}th time. */
    private static RequestCharge.Command delivery(Order order, String token, int receiveCount) {
        return new RequestCharge.Command(order.orderId(), 1, token, order.total(), order.paymentMethod().orElseThrow(), receiveCount, 5);
    }

    @Test
    void command_withoutAnAmount_isRefused() {
        Order order = f.placeOrder("pm_card_visa");

        assertThrows(ValidationException.class, () -> new RequestCharge.Command(order.orderId(), 1, "t1", null, "pm_card_visa", 1, 5));
    }

    @Test
    void charge_succeedingWhileTheOrderIsCancelled_recordsTheCapture_andRefundsIt() {
        Order order = f.placeOrder("pm_card_visa");
        f.provider.duringCharge = () -> {
            f.store.orders.put(order.orderId(), f.store.order(order.orderId()).cancel("customer", PaymentsFixture.NOW));
            f.workflow.closeStep("t1");
        };

        f.requestCharge.charge(f.charge(order.orderId(), "t1"));

        Order cancelled = f.store.order(order.orderId());
        assertEquals(order.total(), cancelled.captured());
        assertEquals(order.total(), cancelled.refundCommitted());
        var refunds = f.store.refundsOf(order.orderId());
        assertEquals(1, refunds.size());
        assertEquals(order.total(), refunds.get(0).amount());
        assertEquals(1, f.provider.refundsSent());
    }
}
