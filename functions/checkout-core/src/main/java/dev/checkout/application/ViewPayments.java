package dev.checkout.application;

import dev.checkout.domain.Actor;
import dev.checkout.domain.NotFoundException;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentId;
import dev.checkout.port.OrderRepository;
import dev.checkout.port.PaymentRepository;
import java.util.List;

/** An order's payment records, for its owner or an admin; anyone else learns nothing (not found). */
public final class ViewPayments {
    private final OrderRepository orders;
    private final PaymentRepository payments;

    public ViewPayments(OrderRepository orders, PaymentRepository payments) {
        this.orders = orders;
        this.payments = payments;
    }

    public List<Payment> ofOrder(Actor actor, OrderId orderId) {
        visibleOrder(actor, orderId);
        return payments.findByOrder(orderId);
    }

    public Payment payment(Actor actor, PaymentId paymentId) {
        visibleOrder(actor, paymentId.orderId());
        return payments.find(paymentId).orElseThrow(() -> new NotFoundException("no payment " + paymentId));
    }

    private Order visibleOrder(Actor actor, OrderId orderId) {
        return orders.find(orderId)
                .filter(order -> actor.mayAccess(order.userId()))
                .orElseThrow(() -> new NotFoundException("no order " + orderId));
    }
}
