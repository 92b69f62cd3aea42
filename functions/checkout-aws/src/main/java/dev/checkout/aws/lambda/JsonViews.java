package dev.checkout.aws.lambda;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.domain.Money;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderLine;
import dev.checkout.domain.NextAction;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentMethod;
import dev.checkout.domain.Product;
import dev.checkout.domain.Refund;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The API's JSON shapes of the domain (the contract in infrastructure/openapi.yaml). */
public final class JsonViews {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private JsonViews() {
    }

    public static ObjectNode money(Money money) {
        ObjectNode node = Json.object();
        node.put("amount", money.amount());
        node.put("currency", money.currency());
        return node;
    }

    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    public static ObjectNode product(Product product) {
        ObjectNode node = Json.object();
        node.put("sku", product.sku().value());
        node.put("name", product.name());
        node.set("price", money(product.price()));
        node.put("available", product.available());
        node.put("reserved", product.reserved());
        node.put("sold", product.sold());
        return node;
    }

    /** The order without its payments and refunds (as in a list). */
    public static ObjectNode orderSummary(Order order) {
        ObjectNode node = Json.object();
        node.put("orderId", order.orderId().value());
        node.put("userId", order.userId().value());
        node.put("status", order.status().name());
        order.statusReason().ifPresent(reason -> node.put("statusReason", reason));
        ArrayNode items = node.putArray("items");
        for (OrderLine line : order.lines()) {
            ObjectNode item = items.addObject();
            item.put("sku", line.sku().value());
            item.put("quantity", line.quantity());
            item.set("unitPrice", money(line.unitPrice()));
            item.set("lineTotal", money(line.lineTotal()));
        }
        node.set("total", money(order.total()));
        order.paymentMethod().map(PaymentMethod::parse).ifPresent(method ->
                node.putObject("paymentMethod").put("platform", method.platform()).put("type", method.type()));
        node.set("captured", money(order.captured()));
        node.set("refunded", money(order.refunded()));
        node.put("createdAt", timestamp(order.createdAt()));
        node.put("updatedAt", timestamp(order.updatedAt()));
        return node;
    }

    public static ObjectNode order(Order order, List<Payment> payments, List<Refund> refunds) {
        ObjectNode node = orderSummary(order);
        ArrayNode paymentNodes = node.putArray("payments");
        payments.forEach(p -> paymentNodes.add(payment(p)));
        ArrayNode refundNodes = node.putArray("refunds");
        refunds.forEach(r -> refundNodes.add(refund(r)));
        return node;
    }

    /**
     * What the customer does next: {@code {"type": "redirect", "url", "clientSecret"?}}, {@code {"type": "qr_code", "qrCode"}}
     * or {@code {"type": "client_sdk", "clientSecret"}}.
     */
    static ObjectNode nextAction(NextAction action) {
        ObjectNode node = Json.object();
        node.put("type", switch (action.type()) {
            case REDIRECT -> "redirect";
            case QR_CODE -> "qr_code";
            case CLIENT_SDK -> "client_sdk";
        });
        if (action.url() != null) {
            node.put("url", action.url());
        }
        if (action.qrCode() != null) {
            node.put("qrCode", action.qrCode());
        }
        if (action.clientSecret() != null) {
            node.put("clientSecret", action.clientSecret());
        }
        return node;
    }

    /** A payment as clients see it; the workflow's task token never leaves the service. */
    public static ObjectNode payment(Payment payment) {
        ObjectNode node = Json.object();
        node.put("paymentId", payment.paymentId().value());
        node.put("orderId", payment.orderId().value());
        node.put("provider", payment.provider());
        if (payment.providerReference() != null) {
            node.put("providerReference", payment.providerReference());
        } else {
            node.putNull("providerReference");
        }
        node.put("status", payment.status().name());
        node.set("amount", money(payment.amount()));
        if (payment.failureCode() != null) {
            node.put("failureCode", payment.failureCode());
        }
        if (payment.nextAction() != null) {
            node.set("nextAction", nextAction(payment.nextAction()));
        }
        node.put("createdAt", timestamp(payment.createdAt()));
        node.put("updatedAt", timestamp(payment.updatedAt()));
        return node;
    }

    public static ObjectNode refund(Refund refund) {
        ObjectNode node = Json.object();
        node.put("refundId", refund.refundId().value());
        node.put("orderId", refund.orderId().value());
        node.put("paymentId", refund.paymentId().value());
        node.put("status", refund.status().name());
        node.set("amount", money(refund.amount()));
        if (refund.reason() != null) {
            node.put("reason", refund.reason());
        } else {
            node.putNull("reason");
        }
        node.put("createdAt", timestamp(refund.createdAt()));
        node.put("updatedAt", timestamp(refund.updatedAt()));
        return node;
    }
}
