package dev.checkout.aws.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.aws.lambda.Json;
import dev.checkout.domain.Money;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentStatus;
import dev.checkout.domain.Sku;
import dev.checkout.domain.StockLine;
import dev.checkout.domain.ValidationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the checkout execution carries between its steps, so that they need not read the order again:
 * the input {@code {"orderId", "lines": [{"sku", "quantity"}], "total": {"amount", "currency"},
 * "paymentMethod"}}, and the payment step's result {@code {"paymentId", "status", "provider",
 * "providerReference", "amount": {"amount", "currency"}, "paymentMethod"}}. The task token never goes
 * into the state.
 */
public final class CheckoutState {
    private CheckoutState() {
    }

    /** The execution input for {@code order}. */
    public static ObjectNode input(Order order) {
        ObjectNode input = Json.object();
        input.put("orderId", order.orderId().value());
        ArrayNode lines = input.putArray("lines");
        for (StockLine line : order.stockLines()) {
            lines.addObject().put("sku", line.sku().value()).put("quantity", line.quantity());
        }
        input.set("total", moneyNode(order.total()));
        order.paymentMethod().ifPresent(pm -> input.put("paymentMethod", pm));
        return input;
    }

    /** The payment step's result for a succeeded payment. */
    public static ObjectNode paymentResult(Payment payment) {
        ObjectNode result = Json.object();
        result.put("paymentId", payment.paymentId().value());
        result.put("status", payment.status().name());
        result.put("provider", payment.provider());
        if (payment.providerReference() != null) {
            result.put("providerReference", payment.providerReference());
        }
        result.set("amount", moneyNode(payment.amount()));
        if (payment.paymentMethod() != null) {
            result.put("paymentMethod", payment.paymentMethod());
        }
        return result;
    }

    /** The lines a step was given, or null when the step's input has none (an execution started by an earlier version). */
    public static List<StockLine> lines(JsonNode lines) {
        if (lines == null || lines.isMissingNode() || lines.isNull()) {
            return null;
        }
        if (!lines.isArray() || lines.isEmpty()) {
            throw new ValidationException("lines must be a non-empty array");
        }
        var parsed = new ArrayList<StockLine>();
        for (JsonNode line : lines) {
            JsonNode quantity = line.path("quantity");
            if (!line.path("sku").isTextual() || !quantity.canConvertToInt() || !quantity.isIntegralNumber()) {
                throw new ValidationException("each line needs a sku and a whole quantity");
            }
            parsed.add(new StockLine(Sku.of(line.path("sku").asText()), quantity.asInt()));
        }
        return parsed;
    }

    /** A money object, or null when absent. */
    public static Money money(JsonNode money) {
        if (money == null || money.isMissingNode() || money.isNull()) {
            return null;
        }
        if (!money.path("amount").canConvertToLong() || !money.path("amount").isIntegralNumber() || !money.path("currency").isTextual()) {
            throw new ValidationException("an amount needs a whole amount and a currency");
        }
        return Money.of(money.path("amount").asLong(), money.path("currency").asText());
    }

    /**
     * The succeeded payment a step was given ({@link #paymentResult}'s shape), or null when the step's
     * input has none (an execution started by an earlier version). {@code now} stamps the record.
     */
    public static Payment payment(JsonNode result, OrderId orderId, Instant now) {
        if (result == null || result.isMissingNode() || result.isNull() || !result.has("amount")) {
            return null;
        }
        PaymentId paymentId = PaymentId.of(result.path("paymentId").asText(""));
        if (!paymentId.orderId().equals(orderId)) {
            throw new ValidationException("payment " + paymentId + " does not belong to order " + orderId);
        }
        if (!PaymentStatus.SUCCEEDED.name().equals(result.path("status").asText())) {
            throw new ValidationException("the payment step's result must be a succeeded payment");
        }
        String provider = result.path("provider").asText("");
        if (provider.isBlank()) {
            throw new ValidationException("the payment's provider is required");
        }
        Payment pending = Payment.pending(paymentId, provider, money(result.path("amount")), text(result, "paymentMethod"), null, now);
        String reference = text(result, "providerReference");
        return (reference == null ? pending : pending.withProviderReference(reference, now)).succeed(now);
    }

    /** {@code money} as the workflow's states carry it: {@code {"amount", "currency"}}. */
    public static ObjectNode moneyNode(Money money) {
        ObjectNode node = Json.object();
        node.put("amount", money.amount());
        node.put("currency", money.currency());
        return node;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText();
    }
}
