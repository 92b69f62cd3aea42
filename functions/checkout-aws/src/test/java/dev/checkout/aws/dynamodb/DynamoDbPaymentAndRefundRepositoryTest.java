package dev.checkout.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.domain.IdempotencyRecord;
import dev.checkout.domain.Money;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentStatus;
import dev.checkout.domain.Refund;
import dev.checkout.domain.RefundStatus;
import dev.checkout.domain.StateConflictException;
import dev.checkout.domain.VersionConflictException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Integration tier: against DynamoDB Local with the template's table. */
@Tag("integration")
class DynamoDbPaymentAndRefundRepositoryTest {
    private final DynamoDbOrderRepository orders = new DynamoDbOrderRepository(CheckoutTable.client(), CheckoutTable.name(), CheckoutTable.pageTokens());
    private final DynamoDbPaymentRepository payments = new DynamoDbPaymentRepository(CheckoutTable.client(), CheckoutTable.name());
    private final DynamoDbRefundRepository refunds = new DynamoDbRefundRepository(CheckoutTable.client(), CheckoutTable.name());
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private Order paidOrder() {
        Order order = CheckoutTable.newOrder(CheckoutTable.newUser(), now, CheckoutTable.newSku(), 3);
        orders.create(order, new IdempotencyRecord("k#" + order.orderId(), "h", order.orderId().value(), now, now.plusSeconds(60)));
        Order paid = order.markPaid(now);
        orders.update(paid);
        return paid;
    }

    @Test
    void payment_isCreatedOnce_andFoundByIdOrderAndProviderReference() {
        Order order = paidOrder();
        PaymentId id = PaymentId.of(order.orderId(), 1);
        Payment pending = Payment.pending(id, "stripe", order.total(), "pm_card_visa", "token-1", now);

        assertTrue(payments.create(pending));
        assertFalse(payments.create(pending));
        Payment referenced = pending.withProviderReference("pi_" + id.value(), now);
        payments.update(referenced, PaymentStatus.PENDING);

        assertEquals(referenced, payments.find(id).orElseThrow());
        assertEquals(1, payments.findByOrder(order.orderId()).size());
        assertEquals(id, payments.findByProviderReference("stripe", "pi_" + id.value()).orElseThrow().paymentId());
    }

    @Test
    void payment_update_isGuardedByTheStatusRead() {
        Order order = paidOrder();
        Payment pending = Payment.pending(PaymentId.of(order.orderId(), 1), "stripe", order.total(), "pm_card_visa", null, now);
        payments.create(pending);
        payments.update(pending.succeed(now), PaymentStatus.PENDING);

        assertThrows(StateConflictException.class, () -> payments.update(pending.fail("card_declined", now), PaymentStatus.PENDING));
        assertEquals(PaymentStatus.SUCCEEDED, payments.find(pending.paymentId()).orElseThrow().status());
    }

    @Test
    void refund_holdsItsAmountOnTheOrder_andSettlesOnce() {
        Order paid = paidOrder();
        Refund refund = Refund.pending(CheckoutTable.IDS.newRefundId(now), paid.orderId(), PaymentId.of(paid.orderId(), 1), "stripe", Money.of(1000, "USD"), "damaged", now);
        Order held = paid.reserveRefund(refund.amount(), now);

        refunds.create(refund, held, null);
        Order settledOrder = held.settleRefund(refund.amount(), true, now);
        refunds.settle(refund.settle(true, now), settledOrder);

        assertThrows(StateConflictException.class, () -> refunds.settle(refund.settle(false, now), settledOrder.settleRefund(refund.amount(), false, now)));
        assertEquals(RefundStatus.SUCCEEDED, refunds.find(paid.orderId(), refund.refundId()).orElseThrow().status());
        assertEquals(OrderStatus.PARTIALLY_REFUNDED, orders.find(paid.orderId()).orElseThrow().status());
    }

    @Test
    void sentRefunds_areListedOldestFirst_whileThePendingRefundWaitsForItsWord_untilItSettles() {
        // Long ago, so that no other test's refund comes first in the one partition.
        Instant sentAt = Instant.parse("1999-02-03T04:05:06.789Z");
        Order paid = paidOrder();
        Refund refund = Refund.pending(CheckoutTable.IDS.newRefundId(sentAt), paid.orderId(), PaymentId.of(paid.orderId(), 1), "alipay", Money.of(100, "USD"),
                "a", sentAt.minusSeconds(1));
        Order held = paid.reserveRefund(refund.amount(), sentAt);
        refunds.create(refund, held, null);
        Refund sent = refund.withProviderReference("pay_x/" + refund.refundId(), sentAt);
        refunds.update(sent);

        assertEquals(java.util.List.of(), sentUnsettledOf(paid, sentAt));
        assertEquals(java.util.List.of(refund.refundId()), sentUnsettledOf(paid, sentAt.plusMillis(1)));
        assertEquals("pay_x/" + refund.refundId(), refunds.findSentUnsettledBefore(sentAt.plusMillis(1), 1).get(0).providerReference());

        refunds.settle(sent.settle(true, now), held.settleRefund(sent.amount(), true, now));
        assertEquals(java.util.List.of(), sentUnsettledOf(paid, now.plusSeconds(1)));
    }

    private java.util.List<dev.checkout.domain.RefundId> sentUnsettledOf(Order order, Instant cutoff) {
        return refunds.findSentUnsettledBefore(cutoff, 50).stream().filter(r -> r.orderId().equals(order.orderId())).map(Refund::refundId).toList();
    }

    @Test
    void unsentRefunds_areListedUntilTheProviderGivesThemAReference_orTheySettle() {
        Instant stored = Instant.parse("2001-02-03T04:05:06.789Z");
        Order paid = paidOrder();
        Refund sent = Refund.pending(CheckoutTable.IDS.newRefundId(stored), paid.orderId(), PaymentId.of(paid.orderId(), 1), "stripe", Money.of(100, "USD"), "a", stored);
        Refund declined = Refund.pending(CheckoutTable.IDS.newRefundId(stored), paid.orderId(), PaymentId.of(paid.orderId(), 1), "stripe", Money.of(200, "USD"), "b", stored);
        Refund unsent = Refund.pending(CheckoutTable.IDS.newRefundId(stored), paid.orderId(), PaymentId.of(paid.orderId(), 1), "stripe", Money.of(300, "USD"), "c", stored);
        Refund later = Refund.pending(CheckoutTable.IDS.newRefundId(stored), paid.orderId(), PaymentId.of(paid.orderId(), 1), "stripe", Money.of(400, "USD"),
                "d", stored.plusSeconds(600));
        Order order = paid;
        for (Refund refund : java.util.List.of(sent, declined, unsent, later)) {
            Order held = order.reserveRefund(refund.amount(), now);
            refunds.create(refund, held, null);
            order = held;
        }

        refunds.update(sent.withProviderReference("re_" + sent.refundId(), now));
        refunds.settle(declined.settle(false, now), order.settleRefund(declined.amount(), false, now));

        var listed = refunds.findUnsentCreatedBefore(stored.plusSeconds(1), 50).stream().filter(r -> r.orderId().equals(paid.orderId())).toList();
        assertEquals(java.util.List.of(unsent.refundId()), listed.stream().map(Refund::refundId).toList());
    }

    @Test
    void twoRefunds_fromTheSameOrderVersion_cannotBothHoldTheirAmount() {
        Order paid = paidOrder();
        Refund first = Refund.pending(CheckoutTable.IDS.newRefundId(now), paid.orderId(), PaymentId.of(paid.orderId(), 1), "stripe", paid.total(), null, now);
        Refund second = Refund.pending(CheckoutTable.IDS.newRefundId(now), paid.orderId(), PaymentId.of(paid.orderId(), 1), "stripe", paid.total(), null, now);

        refunds.create(first, paid.reserveRefund(first.amount(), now), null);

        assertThrows(VersionConflictException.class, () -> refunds.create(second, paid.reserveRefund(second.amount(), now), null));
        assertTrue(refunds.find(paid.orderId(), second.refundId()).isEmpty());
        assertEquals(1, refunds.findByOrder(paid.orderId()).size());
    }
}
