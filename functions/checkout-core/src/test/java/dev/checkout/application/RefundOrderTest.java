package dev.checkout.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.domain.IdempotencyKeyReusedException;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.PaymentEvent.Kind;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentProviderUnavailableException;
import dev.checkout.domain.Refund;
import dev.checkout.domain.RefundExceedsCapturedException;
import dev.checkout.domain.RefundStatus;
import dev.checkout.domain.StateConflictException;
import dev.checkout.domain.ValidationException;
import dev.checkout.port.PaymentProvider.Status;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Unit tier: refunds, their idempotency and the compensation of payments. */
@Tag("unit")
class RefundOrderTest {
    private final PaymentsFixture f = new PaymentsFixture();

    @Test
    void partialThenTheRest_refundsEverything_afterTheEvents() {
        Order paid = f.paidOrder();

        Refund first = f.refundOrder.refund(new RefundOrder.Command(paid.orderId(), 1000L, "damaged", "k1"));
        Refund rest = f.refundOrder.refund(new RefundOrder.Command(paid.orderId(), null, "returned", "k2"));
        f.applyEvent.apply(f.refundEvent(Kind.REFUND_SUCCEEDED, first));
        f.applyEvent.apply(f.refundEvent(Kind.REFUND_SUCCEEDED, rest));

        assertEquals(4000, rest.amount().amount());
        assertEquals(RefundStatus.PENDING, first.status());
        Order order = f.store.order(paid.orderId());
        assertEquals(OrderStatus.REFUNDED, order.status());
        assertEquals(paid.total(), order.refunded());
    }

    @Test
    void overRefund_isRefused_andHoldsNothing() {
        Order paid = f.paidOrder();

        assertThrows(RefundExceedsCapturedException.class,
                () -> f.refundOrder.refund(new RefundOrder.Command(paid.orderId(), 5001L, "too much", "k1")));

        assertEquals(0, f.store.order(paid.orderId()).refundCommitted().amount());
        assertEquals(0, f.provider.refundsSent());
    }

    @Test
    void sameKeySameBody_returnsTheSameRefund_andRefundsOnceAtTheProvider() {
        Order paid = f.paidOrder();
        var command = new RefundOrder.Command(paid.orderId(), 1000L, "damaged", "k1");

        Refund first = f.refundOrder.refund(command);
        Refund again = f.refundOrder.refund(command);

        assertEquals(first.refundId(), again.refundId());
        assertEquals(1, f.provider.refundsSent());
        assertEquals(1000, f.store.order(paid.orderId()).refundCommitted().amount());
    }

    @Test
    void sameKeyOtherBody_isRefused() {
        Order paid = f.paidOrder();
        f.refundOrder.refund(new RefundOrder.Command(paid.orderId(), 1000L, "damaged", "k1"));

        assertThrows(IdempotencyKeyReusedException.class,
                () -> f.refundOrder.refund(new RefundOrder.Command(paid.orderId(), 2000L, "damaged", "k1")));
    }

    @Test
    void providerDownAfterTheRefundWasStored_isSentByTheRetryWithTheSameKey() {
        Order paid = f.paidOrder();
        var command = new RefundOrder.Command(paid.orderId(), 1000L, "damaged", "k1");
        f.provider.failNext(1);

        assertThrows(PaymentProviderUnavailableException.class, () -> f.refundOrder.refund(command));
        Refund retried = f.refundOrder.refund(command);

        assertTrue(retried.providerReference() != null);
        assertEquals(1, f.provider.refundsSent());
        assertEquals(1, f.store.refunds.size());
    }

    @Test
    void refundNobodyRetried_isSentByTheSweepThroughTheChargeFunction_once() {
        Order paid = f.paidOrder();
        f.provider.failNext(1);
        assertThrows(PaymentProviderUnavailableException.class,
                () -> f.refundOrder.refund(new RefundOrder.Command(paid.orderId(), 1000L, "damaged", "k1")));
        var queued = new java.util.ArrayList<Refund>();
        var sweep = new ResendUnsentRefunds(f.store.refundRepository, (orderId, refundId) -> queued.add(f.sendRefund.resend(orderId, refundId)),
                () -> PaymentsFixture.NOW.plus(java.time.Duration.ofMinutes(10)), java.time.Duration.ofMinutes(5));

        assertEquals(1, sweep.resend(100));
        long refundCalls = f.provider.calls.stream().filter(c -> c.startsWith("refund ")).count();
        // Sent now, still pending at the provider: the next run asks the provider for it, and sends nothing.
        assertEquals(1, sweep.resend(100));

        assertTrue(queued.get(0).providerReference() != null);
        assertEquals(RefundStatus.PENDING, queued.get(1).status());
        assertEquals(1, f.provider.refundsSent());
        assertEquals(refundCalls, f.provider.calls.stream().filter(c -> c.startsWith("refund ")).count());
    }

    @Test
    void refundTheProviderSettled_whoseWordNeverCame_isSettledByTheSweep_fromWhatTheProviderSays_once() {
        Order paid = f.paidOrder();
        Refund sent = f.refundOrder.refund(new RefundOrder.Command(paid.orderId(), 1000L, "damaged", "k1"));
        f.provider.settleRefund(sent.providerReference(), Status.SUCCEEDED);
        var sweep = sweepAt(java.time.Duration.ofMinutes(10));

        assertEquals(1, sweep.resend(100));
        assertEquals(0, sweep.resend(100));

        assertEquals(RefundStatus.SUCCEEDED, f.store.refunds.get(sent.refundId()).status());
        Order order = f.store.order(paid.orderId());
        assertEquals(OrderStatus.PARTIALLY_REFUNDED, order.status());
        assertEquals(1000, order.refunded().amount());
        assertEquals(1, f.provider.refundsSent());
    }

    @Test
    void refundTheProviderRefused_whoseWordNeverCame_freesTheOrdersHold_throughTheSweep() {
        Order paid = f.paidOrder();
        Refund sent = f.refundOrder.refund(new RefundOrder.Command(paid.orderId(), 1000L, "damaged", "k1"));
        f.provider.settleRefund(sent.providerReference(), Status.FAILED);

        assertEquals(1, sweepAt(java.time.Duration.ofMinutes(10)).resend(100));

        assertEquals(RefundStatus.FAILED, f.store.refunds.get(sent.refundId()).status());
        assertEquals(0, f.store.order(paid.orderId()).refundCommitted().amount());
    }

    @Test
    void sentRefund_stillPendingAtTheProvider_orTheProviderUnreachable_staysPending_andIsNeverSentAgain() {
        Order paid = f.paidOrder();
        var command = new RefundOrder.Command(paid.orderId(), 1000L, "damaged", "k1");
        Refund sent = f.refundOrder.refund(command);
        var sweep = sweepAt(java.time.Duration.ofMinutes(10));

        assertEquals(1, sweep.resend(100));
        f.provider.failNext(1);
        Refund replayed = f.refundOrder.refund(command);

        assertEquals(RefundStatus.PENDING, replayed.status());
        assertEquals(RefundStatus.PENDING, f.store.refunds.get(sent.refundId()).status());
        assertEquals(1, f.provider.refundsSent());
        assertEquals(1, f.provider.calls.stream().filter(c -> c.startsWith("refund ")).count());
    }

    @Test
    void sentRefund_youngerThanTheSweepsDelay_isLeftToTheProvidersEvent() {
        Order paid = f.paidOrder();
        f.refundOrder.refund(new RefundOrder.Command(paid.orderId(), 1000L, "damaged", "k1"));

        assertEquals(0, sweepAt(java.time.Duration.ofMinutes(2)).resend(100));
        assertTrue(f.provider.calls.stream().noneMatch(c -> c.startsWith("find refund ")));
    }

    @Test
    void replayedRefund_theProviderSettledMeanwhile_isAnsweredSettled() {
        Order paid = f.paidOrder();
        var command = new RefundOrder.Command(paid.orderId(), 1000L, "damaged", "k1");
        Refund sent = f.refundOrder.refund(command);
        f.provider.settleRefund(sent.providerReference(), Status.SUCCEEDED);

        Refund replayed = f.refundOrder.refund(command);

        assertEquals(RefundStatus.SUCCEEDED, replayed.status());
        assertEquals(1000, f.store.order(paid.orderId()).refunded().amount());
        assertEquals(1, f.provider.refundsSent());
    }

    private ResendUnsentRefunds sweepAt(java.time.Duration afterNow) {
        return new ResendUnsentRefunds(f.store.refundRepository, (orderId, refundId) -> f.sendRefund.resend(orderId, refundId),
                () -> PaymentsFixture.NOW.plus(afterNow), java.time.Duration.ofMinutes(5));
    }

    @Test
    void unsentRefund_youngerThanTheSweepsDelay_isLeftToItsSender() {
        Order paid = f.paidOrder();
        f.provider.failNext(1);
        assertThrows(PaymentProviderUnavailableException.class,
                () -> f.refundOrder.refund(new RefundOrder.Command(paid.orderId(), 1000L, "damaged", "k1")));
        var sweep = new ResendUnsentRefunds(f.store.refundRepository, (orderId, refundId) -> f.sendRefund.resend(orderId, refundId),
                () -> PaymentsFixture.NOW.plus(java.time.Duration.ofMinutes(2)), java.time.Duration.ofMinutes(5));

        assertEquals(0, sweep.resend(100));
        assertEquals(0, f.provider.refundsSent());
    }

    @Test
    void aConcurrentOrderWrite_isRetriedOnTheNewVersion() {
        Order paid = f.paidOrder();
        int[] interference = {1};
        f.store.beforeOrderWrite = () -> {
            if (interference[0]-- > 0) {
                Order current = f.store.order(paid.orderId());
                f.store.orders.put(paid.orderId(), current.ship(PaymentsFixture.NOW));
            }
        };

        Refund refund = f.refundOrder.refund(new RefundOrder.Command(paid.orderId(), 1000L, "damaged", "k1"));

        assertEquals(1000, refund.amount().amount());
        assertEquals(OrderStatus.SHIPPED, f.store.order(paid.orderId()).status());
        assertEquals(1000, f.store.order(paid.orderId()).refundCommitted().amount());
    }

    @Test
    void unpaidOrder_cannotBeRefunded_withOrWithoutAnAmount() {
        Order pending = f.placeOrder("pm_card_visa");
        Order cancelled = f.placeOrder("pm_card_visa").cancel("CUSTOMER", PaymentsFixture.NOW);
        f.store.orders.put(cancelled.orderId(), cancelled);

        for (Order order : new Order[] {pending, cancelled}) {
            assertThrows(StateConflictException.class, () -> f.refundOrder.refund(new RefundOrder.Command(order.orderId(), 10L, "x", "k1")));
            assertThrows(StateConflictException.class, () -> f.refundOrder.refund(new RefundOrder.Command(order.orderId(), null, "x", "k2")));
        }
        assertTrue(f.store.refunds.isEmpty());
    }

    @Test
    void fullyRefundedOrder_refusesTheRest_asExceedingTheCapture() {
        Order paid = f.paidOrder();
        f.refundOrder.refund(new RefundOrder.Command(paid.orderId(), null, "returned", "k1"));

        assertThrows(RefundExceedsCapturedException.class, () -> f.refundOrder.refund(new RefundOrder.Command(paid.orderId(), null, "again", "k2")));
    }

    @Test
    void command_validatesItself() {
        Order order = f.placeOrder("pm_card_visa");
        assertThrows(ValidationException.class, () -> new RefundOrder.Command(order.orderId(), 0L, "x", "k"));
        assertThrows(ValidationException.class, () -> new RefundOrder.Command(order.orderId(), 1L, " ", "k"));
        assertThrows(ValidationException.class, () -> new RefundOrder.Command(order.orderId(), 1L, "x", null));
    }

    @Test
    void compensate_afterConfirmationFailed_refundsThePaymentOnce() {
        Order order = f.placeOrder("pm_card_visa");
        f.requestCharge.charge(f.charge(order.orderId(), "t1"));
        // ConfirmOrder failed; the workflow's CancelAfterPayment closed the order
        f.store.orders.put(order.orderId(), f.store.order(order.orderId()).cancel("CONFIRMATION_FAILED", PaymentsFixture.NOW));
        // The confirmation wrote nothing, so the payment is known from the workflow's state only.
        Payment resumedWith = f.workflow.resumedWith("t1");

        var first = f.compensatePayment.compensate(resumedWith);
        var second = f.compensatePayment.compensate(resumedWith);

        assertEquals(order.total(), first.orElseThrow().amount());
        assertEquals(first.get().refundId(), second.orElseThrow().refundId());
        assertEquals(1, f.provider.refundsSent());
        assertEquals(order.total(), f.store.order(order.orderId()).captured());
    }

    @Test
    void compensate_whenNothingWasCaptured_doesNothing() {
        Order order = f.placeOrder("pm_card_chargeDeclined");
        f.requestCharge.charge(f.charge(order.orderId(), "t1"));
        f.store.orders.put(order.orderId(), f.store.order(order.orderId()).cancel("declined", PaymentsFixture.NOW));

        assertTrue(f.compensatePayment.compensate(order.orderId(), PaymentId.of(order.orderId(), 1)).isEmpty());
        assertTrue(f.compensatePayment.compensate(order.orderId(), PaymentId.of(order.orderId(), 2)).isEmpty());
        assertEquals(0, f.provider.refundsSent());
    }
}
