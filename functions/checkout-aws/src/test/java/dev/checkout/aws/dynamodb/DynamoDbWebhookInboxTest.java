package dev.checkout.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.domain.IdempotencyRecord;
import dev.checkout.domain.Order;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.StockLine;
import dev.checkout.port.Clock;
import dev.checkout.port.WebhookInbox.SettledOutcome;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Integration tier: the inbox's one-write path for a success the checkout already has, against DynamoDB Local. */
@Tag("integration")
class DynamoDbWebhookInboxTest {
    private final DynamoDbOrderRepository orders = new DynamoDbOrderRepository(CheckoutTable.client(), CheckoutTable.name(), CheckoutTable.pageTokens());
    private final DynamoDbPaymentRepository payments = new DynamoDbPaymentRepository(CheckoutTable.client(), CheckoutTable.name());
    private final DynamoDbStockReservations reservations = new DynamoDbStockReservations(CheckoutTable.client(), CheckoutTable.name());
    private final DynamoDbOrderConfirmation confirmation = new DynamoDbOrderConfirmation(CheckoutTable.client(), CheckoutTable.name());
    private final DynamoDbWebhookInbox inbox = new DynamoDbWebhookInbox(CheckoutTable.client(), CheckoutTable.name(), Clock.system());
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private Order placedOrder(StockLine line) {
        Order order = CheckoutTable.newOrder(CheckoutTable.newUser(), now, line.sku(), line.quantity());
        orders.create(order, new IdempotencyRecord("k#" + order.orderId(), "h", order.orderId().value(), now, now.plusSeconds(60)));
        return order;
    }

    private Payment succeeded(Order order) {
        return Payment.pending(PaymentId.of(order.orderId(), 1), "stripe", order.total(), "pm_card_visa", "token-1", now)
                .withProviderReference("pi_" + order.orderId().value(), now)
                .succeed(now);
    }

    private SettledOutcome deliver(String eventId, Payment payment) {
        inbox.record("stripe", eventId, "payment_intent.succeeded", "{}", Optional.of(payment.orderId()));
        return inbox.markAppliedIfSettled("stripe", eventId, payment.paymentId(), payment.amount(), payment.providerReference()).outcome();
    }

    @Test
    void successTheOrderTook_isMarkedApplied_inOneWrite_andOnceOnly() {
        StockLine line = new StockLine(CheckoutTable.stockedSku(5), 2);
        Order order = placedOrder(line);
        reservations.reserve(order.orderId(), List.of(line));
        Payment payment = succeeded(order);
        assertTrue(confirmation.confirmPaid(List.of(line), Order.paidBy(payment, now), payment));
        String eventId = "evt_" + order.orderId().value();

        assertEquals(SettledOutcome.APPLIED, deliver(eventId, payment));
        assertEquals(SettledOutcome.DUPLICATE, deliver(eventId, payment));
    }

    @Test
    void successRecordedOnAClosedOrder_isNotSettledByTheOneWritePath_soItsRefundIsFinishedByTheFullPath() {
        Order order = placedOrder(new StockLine(CheckoutTable.newSku(), 1));
        orders.update(order.cancel("PAYMENT_WINDOW_EXPIRED", now));
        Payment lateCapture = succeeded(order).handedOver();
        assertTrue(payments.create(lateCapture));

        var check = inbox.markAppliedIfSettled("stripe", "evt_late_" + order.orderId().value(), lateCapture.paymentId(),
                lateCapture.amount(), lateCapture.providerReference());

        assertEquals(SettledOutcome.NOT_SETTLED, check.outcome());
        assertEquals(lateCapture, check.payment().orElseThrow());
    }
}
