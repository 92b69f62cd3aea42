package dev.checkout.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.domain.Money;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentEvent;
import dev.checkout.domain.PaymentEvent.Kind;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentStatus;
import dev.checkout.domain.Refund;
import dev.checkout.domain.RefundStatus;
import dev.checkout.domain.StateConflictException;
import dev.checkout.port.CheckoutWorkflow;
import dev.checkout.port.PaymentProvider;
import dev.checkout.port.WebhookInbox;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Unit tier: provider events as guarded transitions. */
@Tag("unit")
class ApplyPaymentEventTest {
    private final PaymentsFixture f = new PaymentsFixture();

    private PaymentId awaitingCustomer(String token) {
        Order order = f.placeOrder("pm_card_authenticationRequired");
        f.requestCharge.charge(f.charge(order.orderId(), token));
        return PaymentId.of(order.orderId(), 1);
    }

    /**
     * An order whose payment the provider took and the checkout was resumed with (step token "t1"), then closed for
     * {@code reason} before the confirming step recorded the payment.
     */
    private Order takenThenClosed(String reason) {
        Order order = f.placeOrder("pm_card_visa");
        f.requestCharge.charge(f.charge(order.orderId(), "t1"));
        f.store.orders.put(order.orderId(), f.store.order(order.orderId()).cancel(reason, PaymentsFixture.NOW));
        return order;
    }

    @Test
    void succeeded_movesThePayment_andResumesTheStep() {
        PaymentId id = awaitingCustomer("t1");

        var outcome = f.applyEvent.apply(f.paymentEvent(Kind.PAYMENT_SUCCEEDED, id, null));

        assertEquals(ApplyPaymentEvent.Outcome.APPLIED, outcome);
        assertEquals(PaymentStatus.SUCCEEDED, f.store.payments.get(id).status());
        assertEquals(1, f.workflow.successesFor("t1"));
    }

    @Test
    void successTheCheckoutAlreadyConfirmed_isMarkedApplied_andChangesNothing() {
        Order paid = f.paidOrder();
        PaymentId id = PaymentId.of(paid.orderId(), 1);
        var before = f.store.payments.get(id);
        int workflowCalls = f.workflow.calls().size();
        PaymentEvent event = f.paymentEvent(Kind.PAYMENT_SUCCEEDED, id, null);

        assertEquals(ApplyPaymentEvent.Outcome.STALE, f.applyEvent.apply(event));
        assertEquals(ApplyPaymentEvent.Outcome.DUPLICATE, f.applyEvent.apply(event));

        assertEquals(before, f.store.payments.get(id));
        assertEquals(workflowCalls, f.workflow.calls().size());
        assertEquals(WebhookInbox.State.APPLIED, f.store.inbox.get("stripe#" + event.eventId()).state());
    }

    @Test
    void successOvertakingTheCheckout_forAnOrderStillAwaitingPayment_isRetriedLater() {
        Order order = f.placeOrder("pm_card_visa");
        f.requestCharge.charge(f.charge(order.orderId(), "t1")); // resumed; the confirming step has not run yet
        PaymentEvent event = f.unrecordedSuccess(f.workflow.resumedWith("t1"));

        assertThrows(StateConflictException.class, () -> f.applyEvent.apply(event));

        assertTrue(f.store.payments.isEmpty());
        assertNotEquals(WebhookInbox.State.APPLIED, f.store.inbox.getOrDefault("stripe#" + event.eventId(),
                new WebhookInbox.Entry("stripe", event.eventId(), null, null, WebhookInbox.State.RECEIVED, false)).state());
    }

    @Test
    void successForAPaymentNeverRecorded_ofACancelledOrder_isRecorded_andRefunded() {
        // The customer cancelled before the confirming step could record the payment.
        Order order = takenThenClosed("CUSTOMER");
        PaymentEvent event = f.unrecordedSuccess(f.workflow.resumedWith("t1"));

        assertEquals(ApplyPaymentEvent.Outcome.LATE_CAPTURE_REFUNDED, f.applyEvent.apply(event));
        assertEquals(ApplyPaymentEvent.Outcome.DUPLICATE, f.applyEvent.apply(event));

        assertEquals(PaymentStatus.SUCCEEDED, f.store.payments.get(PaymentId.of(order.orderId(), 1)).status());
        assertEquals(1, f.provider.refundsSent());
        assertEquals(order.total(), f.store.order(order.orderId()).captured());
        assertEquals(order.total(), f.store.order(order.orderId()).refundCommitted());
    }

    @Test
    void successForAPaymentNeverRecorded_ofACancelledOrder_isRefundedOnRedelivery_whenTheFirstDeliveryFailedAfterRecordingIt() {
        Order order = takenThenClosed("PAYMENT_WINDOW_EXPIRED");
        PaymentEvent event = f.unrecordedSuccess(f.workflow.resumedWith("t1"));
        // The first delivery records the capture, then the table throttles the order's write.
        f.store.beforeOrderWrite = () -> {
            f.store.beforeOrderWrite = () -> { };
            throw new IllegalStateException("simulated throttling");
        };
        assertThrows(IllegalStateException.class, () -> f.applyEvent.apply(event));
        assertEquals(PaymentStatus.SUCCEEDED, f.store.payments.get(PaymentId.of(order.orderId(), 1)).status());
        assertEquals(0, f.provider.refundsSent());

        assertEquals(ApplyPaymentEvent.Outcome.LATE_CAPTURE_REFUNDED, f.applyEvent.apply(event));

        assertEquals(1, f.provider.refundsSent());
        assertEquals(order.total(), f.store.order(order.orderId()).captured());
        assertEquals(order.total(), f.store.order(order.orderId()).refundCommitted());
        assertEquals(WebhookInbox.State.APPLIED, f.store.inbox.get("stripe#" + event.eventId()).state());
    }

    @Test
    void sameEventThreeTimes_andAStaleFailure_changeTheStateOnce() {
        PaymentId id = awaitingCustomer("t1");
        PaymentEvent succeeded = f.paymentEvent(Kind.PAYMENT_SUCCEEDED, id, null);
        PaymentEvent failedLate = f.paymentEvent(Kind.PAYMENT_FAILED, id, "card_declined");

        f.applyEvent.apply(succeeded);
        var second = f.applyEvent.apply(succeeded);
        var stale = f.applyEvent.apply(failedLate);
        var third = f.applyEvent.apply(succeeded);

        assertEquals(ApplyPaymentEvent.Outcome.DUPLICATE, second);
        assertEquals(ApplyPaymentEvent.Outcome.STALE, stale);
        assertEquals(ApplyPaymentEvent.Outcome.DUPLICATE, third);
        assertEquals(PaymentStatus.SUCCEEDED, f.store.payments.get(id).status());
        assertEquals(1, f.workflow.callsFor("t1").size());
    }

    @Test
    void failed_failsThePayment_andTheStepAsDeclined() {
        PaymentId id = awaitingCustomer("t1");

        f.applyEvent.apply(f.paymentEvent(Kind.PAYMENT_FAILED, id, "authentication_required"));

        assertEquals(PaymentStatus.FAILED, f.store.payments.get(id).status());
        var failure = f.workflow.failuresFor("t1").get(0);
        assertEquals(CheckoutWorkflow.PAYMENT_DECLINED, failure.paymentIdOrError());
        assertEquals("authentication_required", failure.cause());
    }

    @Test
    void canceled_cancelsThePayment_andFailsTheStepWithCauseCanceled() {
        PaymentId id = awaitingCustomer("t1");

        f.applyEvent.apply(f.paymentEvent(Kind.PAYMENT_CANCELED, id, null));

        assertEquals(PaymentStatus.CANCELLED, f.store.payments.get(id).status());
        assertEquals("canceled", f.workflow.failuresFor("t1").get(0).cause());
    }

    @Test
    void paymentIsFoundByProviderReference_whenTheEventCarriesNoMetadata() {
        PaymentId id = awaitingCustomer("t1");
        String reference = f.store.payments.get(id).providerReference();
        var event = new PaymentEvent("stripe", "evt_x", Kind.PAYMENT_SUCCEEDED, "payment_intent.succeeded", reference, reference, null, null, null, null,
                f.store.payments.get(id).amount());

        assertEquals(ApplyPaymentEvent.Outcome.APPLIED, f.applyEvent.apply(event));
        assertEquals(PaymentStatus.SUCCEEDED, f.store.payments.get(id).status());
    }

    @Test
    void succeededAfterTheOrderWasCancelled_recordsTheLateCapture_andRefundsItOnce() {
        PaymentId id = awaitingCustomer("t1");
        f.store.orders.put(id.orderId(), f.store.order(id.orderId()).cancel("PAYMENT_WINDOW_EXPIRED", PaymentsFixture.NOW));
        f.workflow.closeStep("t1");

        var outcome = f.applyEvent.apply(f.paymentEvent(Kind.PAYMENT_SUCCEEDED, id, null));
        f.applyEvent.apply(f.paymentEvent(Kind.PAYMENT_SUCCEEDED, id, null));

        assertEquals(ApplyPaymentEvent.Outcome.LATE_CAPTURE_REFUNDED, outcome);
        Order order = f.store.order(id.orderId());
        assertEquals(OrderStatus.CANCELLED, order.status());
        assertEquals(order.total(), order.captured());
        assertEquals(1, f.provider.refundsSent());
        assertEquals(order.total(), f.store.refundsOf(id.orderId()).get(0).amount());
    }

    @Test
    void succeededAfterTheStepClosed_whileTheOrderIsStillOpen_isRetriedLater() {
        PaymentId id = awaitingCustomer("t1");
        f.workflow.closeStep("t1");
        PaymentEvent event = f.paymentEvent(Kind.PAYMENT_SUCCEEDED, id, null);

        assertThrows(StateConflictException.class, () -> f.applyEvent.apply(event));
        f.store.orders.put(id.orderId(), f.store.order(id.orderId()).cancel("PAYMENT_WINDOW_EXPIRED", PaymentsFixture.NOW));

        assertEquals(ApplyPaymentEvent.Outcome.LATE_CAPTURE_REFUNDED, f.applyEvent.apply(event));
        assertEquals(1, f.provider.refundsSent());
    }

    @Test
    void refundEvents_settleOnce_inAnyOrder() {
        Order paid = f.paidOrder();
        Refund refund = f.refundOrder.refund(new RefundOrder.Command(paid.orderId(), 1000L, "damaged", "k1"));
        PaymentEvent succeeded = f.refundEvent(Kind.REFUND_SUCCEEDED, refund);
        PaymentEvent failedLate = f.refundEvent(Kind.REFUND_FAILED, refund);

        f.applyEvent.apply(succeeded);
        var stale = f.applyEvent.apply(failedLate);
        f.applyEvent.apply(succeeded);

        assertEquals(ApplyPaymentEvent.Outcome.STALE, stale);
        assertEquals(RefundStatus.SUCCEEDED, f.store.refunds.get(refund.refundId()).status());
        Order order = f.store.order(paid.orderId());
        assertEquals(OrderStatus.PARTIALLY_REFUNDED, order.status());
        assertEquals(1000, order.refunded().amount());
    }

    @Test
    void refundFailure_freesTheHold() {
        Order paid = f.paidOrder();
        Refund refund = f.refundOrder.refund(new RefundOrder.Command(paid.orderId(), 1000L, "damaged", "k1"));

        f.applyEvent.apply(f.refundEvent(Kind.REFUND_FAILED, refund));

        Order order = f.store.order(paid.orderId());
        assertEquals(OrderStatus.PAID, order.status());
        assertEquals(0, order.refundCommitted().amount());
        assertEquals(RefundStatus.FAILED, f.store.refunds.get(refund.refundId()).status());
    }

    @Test
    void unknownObjects_andOtherEventTypes_areAcknowledged() {
        var unknown = new PaymentEvent("stripe", "evt_1", Kind.PAYMENT_SUCCEEDED, "payment_intent.succeeded", "pi_elsewhere", "pi_elsewhere", null, null, null, null);
        var other = new PaymentEvent("stripe", "evt_2", Kind.IGNORED, "customer.created", "cus_1", null, null, null, null, null);

        assertEquals(ApplyPaymentEvent.Outcome.IGNORED, f.applyEvent.apply(unknown));
        assertEquals(ApplyPaymentEvent.Outcome.IGNORED, f.applyEvent.apply(other));
    }

    static Stream<Arguments> mismatches() {
        return Stream.of(
                Arguments.of("an amount of 1", (Function<Payment, Money>) p -> Money.of(1, p.amount().currency()), (Function<Payment, String>) Payment::providerReference),
                Arguments.of("another currency", (Function<Payment, Money>) p -> Money.of(p.amount().amount(), "EUR"), (Function<Payment, String>) Payment::providerReference),
                Arguments.of("no amount", (Function<Payment, Money>) p -> null, (Function<Payment, String>) Payment::providerReference),
                Arguments.of("another PaymentIntent", (Function<Payment, Money>) Payment::amount, (Function<Payment, String>) p -> "pi_other"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mismatches")
    void signedSuccessNotMatchingThePayment_changesNothing_andIsKeptAsMismatched(String what, Function<Payment, Money> amount, Function<Payment, String> reference) {
        PaymentId id = awaitingCustomer("t1");
        Payment before = f.store.payments.get(id);
        PaymentEvent forged = f.paymentEvent(Kind.PAYMENT_SUCCEEDED, id, null, amount.apply(before), reference.apply(before));

        assertEquals(ApplyPaymentEvent.Outcome.MISMATCHED, f.applyEvent.apply(forged));
        assertEquals(ApplyPaymentEvent.Outcome.DUPLICATE, f.applyEvent.apply(forged));

        assertEquals(before, f.store.payments.get(id));
        assertEquals(OrderStatus.PENDING_PAYMENT, f.store.order(id.orderId()).status());
        assertTrue(f.workflow.callsFor("t1").isEmpty());
        assertEquals(WebhookInbox.State.MISMATCHED, f.store.inbox.get("stripe#" + forged.eventId()).state());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mismatches")
    void signedFailureNotMatchingThePayment_doesNotFailIt(String what, Function<Payment, Money> amount, Function<Payment, String> reference) {
        PaymentId id = awaitingCustomer("t1");
        Payment before = f.store.payments.get(id);

        var outcome = f.applyEvent.apply(f.paymentEvent(Kind.PAYMENT_FAILED, id, "card_declined", amount.apply(before), reference.apply(before)));

        assertEquals(ApplyPaymentEvent.Outcome.MISMATCHED, outcome);
        assertEquals(PaymentStatus.PENDING, f.store.payments.get(id).status());
        assertTrue(f.workflow.failuresFor("t1").isEmpty());
    }

    @Test
    void mismatchedSuccess_isSettledAsTheProviderSeesIt_whenTheProviderReportsTheSuccess() {
        PaymentId id = awaitingCustomer("t1");
        Payment pending = f.store.payments.get(id);
        f.provider.settlePayment(pending.providerReference(), PaymentProvider.Status.SUCCEEDED);

        var outcome = f.applyEvent.apply(f.paymentEvent(Kind.PAYMENT_SUCCEEDED, id, null, Money.of(1, "USD"), pending.providerReference()));

        assertEquals(ApplyPaymentEvent.Outcome.MISMATCHED, outcome);
        Payment settled = f.store.payments.get(id);
        assertEquals(PaymentStatus.SUCCEEDED, settled.status());
        assertEquals(pending.amount(), settled.amount());
        assertEquals(pending.amount(), f.workflow.resumedWith("t1").amount());
    }

    @Test
    void mismatchedSuccess_failsThePayment_whenTheProviderReportsItFailed() {
        PaymentId id = awaitingCustomer("t1");
        Payment pending = f.store.payments.get(id);
        f.provider.settlePayment(pending.providerReference(), PaymentProvider.Status.FAILED);

        f.applyEvent.apply(f.paymentEvent(Kind.PAYMENT_SUCCEEDED, id, null, pending.amount(), "pi_other"));

        assertEquals(PaymentStatus.FAILED, f.store.payments.get(id).status());
        assertEquals(CheckoutWorkflow.PAYMENT_DECLINED, f.workflow.failuresFor("t1").get(0).paymentIdOrError());
    }

    @Test
    void successNamingAnotherPaymentIntent_neverOverwritesTheRecordedReference_ofAConfirmedPayment() {
        Order paid = f.paidOrder();
        PaymentId id = PaymentId.of(paid.orderId(), 1);
        Payment before = f.store.payments.get(id);

        var outcome = f.applyEvent.apply(f.paymentEvent(Kind.PAYMENT_SUCCEEDED, id, null, before.amount(), "pi_other"));

        assertEquals(ApplyPaymentEvent.Outcome.MISMATCHED, outcome);
        assertEquals(before, f.store.payments.get(id));
        assertEquals(paid, f.store.order(paid.orderId()));
    }

    @Test
    void successOfAnotherAmount_forAnUnrecordedPaymentOfACancelledOrder_recordsAndRefundsWhatTheProviderHolds() {
        Order order = takenThenClosed("CUSTOMER");
        Payment taken = f.workflow.resumedWith("t1");

        var outcome = f.applyEvent.apply(f.paymentEvent(Kind.PAYMENT_SUCCEEDED, taken.paymentId(), null, Money.of(1, "USD"), taken.providerReference()));

        assertEquals(ApplyPaymentEvent.Outcome.MISMATCHED, outcome);
        assertEquals(order.total(), f.store.payments.get(taken.paymentId()).amount());
        assertEquals(order.total(), f.store.order(order.orderId()).captured());
        assertEquals(order.total(), f.store.refundsOf(order.orderId()).get(0).amount());
    }

    @Test
    void successOfAnotherAmount_forAnAttemptNeverMade_ofAPaidOrder_isKeptAsMismatched_andChangesNothing() {
        Order paid = f.paidOrder();
        PaymentId neverMade = PaymentId.of(paid.orderId(), 9);
        int workflowCalls = f.workflow.calls().size();
        PaymentEvent forged = f.paymentEvent(Kind.PAYMENT_SUCCEEDED, neverMade, null, Money.of(1, paid.currency()), "pi_forged");

        assertEquals(ApplyPaymentEvent.Outcome.MISMATCHED, f.applyEvent.apply(forged));

        assertEquals(WebhookInbox.State.MISMATCHED, f.store.inbox.get("stripe#" + forged.eventId()).state());
        assertFalse(f.store.payments.containsKey(neverMade));
        assertEquals(paid, f.store.order(paid.orderId()));
        assertEquals(workflowCalls, f.workflow.calls().size());
        assertEquals(0, f.provider.refundsSent());
    }

    @Test
    void successForAnUnrecordedPaymentOfACancelledOrder_isNotRecorded_whenTheProviderDoesNotKnowIt() {
        Order order = f.placeOrder("pm_card_visa");
        f.store.orders.put(order.orderId(), order.cancel("CUSTOMER", PaymentsFixture.NOW));

        var outcome = f.applyEvent.apply(f.paymentEvent(Kind.PAYMENT_SUCCEEDED, PaymentId.of(order.orderId(), 1), null, order.total(), "pi_forged"));

        assertEquals(ApplyPaymentEvent.Outcome.STALE, outcome);
        assertTrue(f.store.payments.isEmpty());
        assertEquals(0, f.provider.refundsSent());
        assertEquals(0, f.store.order(order.orderId()).captured().amount());
    }

    @Test
    void refundEventNotMatchingTheRefund_settlesNothing_untilTheProviderSaysSo() {
        Order paid = f.paidOrder();
        Refund refund = f.refundOrder.refund(new RefundOrder.Command(paid.orderId(), 1000L, "damaged", "k1"));

        var wrongAmount = f.applyEvent.apply(f.refundEvent(Kind.REFUND_SUCCEEDED, refund, Money.of(2000, "USD"), refund.providerReference()));
        var wrongRefund = f.applyEvent.apply(f.refundEvent(Kind.REFUND_FAILED, refund, refund.amount(), "re_other"));

        assertEquals(ApplyPaymentEvent.Outcome.MISMATCHED, wrongAmount);
        assertEquals(ApplyPaymentEvent.Outcome.MISMATCHED, wrongRefund);
        assertEquals(RefundStatus.PENDING, f.store.refunds.get(refund.refundId()).status());
        assertEquals(1000, f.store.order(paid.orderId()).refundCommitted().amount());

        f.provider.settleRefund(refund.providerReference(), PaymentProvider.Status.SUCCEEDED);
        f.applyEvent.apply(f.refundEvent(Kind.REFUND_FAILED, refund, Money.of(1, "USD"), refund.providerReference()));

        assertEquals(RefundStatus.SUCCEEDED, f.store.refunds.get(refund.refundId()).status());
        assertEquals(1000, f.store.order(paid.orderId()).refunded().amount());
    }
}
