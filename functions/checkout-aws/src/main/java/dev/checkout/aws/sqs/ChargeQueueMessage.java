package dev.checkout.aws.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.aws.lambda.Json;
import dev.checkout.aws.stepfunctions.CheckoutState;
import dev.checkout.domain.Money;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.RefundId;
import dev.checkout.domain.ValidationException;
import java.io.UncheckedIOException;

/**
 * A message on the charge queue, the one shape its producers write and the charge function reads. Three
 * kinds:
 * <ul>
 *   <li>{@link Charge}, sent by the workflow's RequestPayment step ({@code statemachine/checkout.asl.json},
 *       {@code sqs:sendMessage.waitForTaskToken}): {@code {"orderId", "attempt", "taskToken", "amount": {"amount",
 *       "currency"}, "paymentMethod"}};</li>
 *   <li>{@link CancelPayments}, sent by the cancel API: {@code {"type": "cancel-payments", "orderId"}};</li>
 *   <li>{@link SendRefund}, sent by the sweep of unsent refunds: {@code {"type": "send-refund", "orderId", "refundId"}}.</li>
 * </ul>
 * A message without {@code type} is a charge: the workflow writes it and the state language has no reason
 * to name it.
 */
public sealed interface ChargeQueueMessage {
    String CANCEL_PAYMENTS = "cancel-payments";
    String SEND_REFUND = "send-refund";

    OrderId orderId();

    /** The message's body. */
    String toJson();

    /** Charge an order for the payment step waiting on {@code taskToken}. */
    record Charge(OrderId orderId, int attempt, String taskToken, Money amount, String paymentMethod) implements ChargeQueueMessage {
        @Override
        public String toJson() {
            ObjectNode body = Json.object();
            body.put("orderId", orderId.value());
            body.put("attempt", attempt);
            body.put("taskToken", taskToken);
            body.set("amount", CheckoutState.moneyNode(amount));
            body.put("paymentMethod", paymentMethod);
            return Json.write(body);
        }
    }

    /** Cancel what is pending of an order's payments and refund what succeeded. */
    record CancelPayments(OrderId orderId) implements ChargeQueueMessage {
        @Override
        public String toJson() {
            ObjectNode body = Json.object();
            body.put("type", CANCEL_PAYMENTS);
            body.put("orderId", orderId.value());
            return Json.write(body);
        }
    }

    /** Send a stored refund the provider never accepted. */
    record SendRefund(OrderId orderId, RefundId refundId) implements ChargeQueueMessage {
        @Override
        public String toJson() {
            ObjectNode body = Json.object();
            body.put("type", SEND_REFUND);
            body.put("orderId", orderId.value());
            body.put("refundId", refundId.value());
            return Json.write(body);
        }
    }

    /**
     * Reads a message body.
     *
     * @throws ValidationException when it is not one of the three shapes
     */
    static ChargeQueueMessage parse(String text) {
        JsonNode body;
        try {
            body = Json.parse(text);
        } catch (UncheckedIOException e) {
            throw new ValidationException("a charge queue message must be JSON");
        }
        OrderId orderId = OrderId.of(body.path("orderId").asText(null));
        String type = body.path("type").asText("");
        switch (type) {
            case CANCEL_PAYMENTS -> {
                return new CancelPayments(orderId);
            }
            case SEND_REFUND -> {
                return new SendRefund(orderId, RefundId.of(body.path("refundId").asText(null)));
            }
            case "" -> {
                JsonNode attempt = body.path("attempt");
                if (!attempt.canConvertToInt()) {
                    throw new ValidationException("attempt must be a whole number");
                }
                JsonNode paymentMethod = body.get("paymentMethod");
                if (paymentMethod != null && !paymentMethod.isNull() && !paymentMethod.isTextual()) {
                    throw new ValidationException("paymentMethod must be a string");
                }
                return new Charge(orderId, attempt.asInt(), body.path("taskToken").asText(null), CheckoutState.money(body.get("amount")),
                        paymentMethod == null || paymentMethod.isNull() ? null : paymentMethod.asText());
            }
            default -> throw new ValidationException("unknown charge queue message type '" + type + "'");
        }
    }
}
