package dev.checkout.aws.dynamodb;

import static dev.checkout.aws.dynamodb.ItemAttributes.instant;
import static dev.checkout.aws.dynamodb.ItemAttributes.n;
import static dev.checkout.aws.dynamodb.ItemAttributes.number;
import static dev.checkout.aws.dynamodb.ItemAttributes.s;
import static dev.checkout.aws.dynamodb.ItemAttributes.string;
import static dev.checkout.aws.dynamodb.ItemAttributes.stringOrNull;
import static dev.checkout.aws.dynamodb.ItemAttributes.time;

import dev.checkout.domain.Money;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentStatus;
import dev.checkout.domain.Refund;
import dev.checkout.domain.RefundId;
import dev.checkout.domain.RefundStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Payment items ({@code ORDER#id / PAYMENT#id}) and refund items ({@code ORDER#id / REFUND#id}); both
 * are indexed in GSI2 by the provider's reference once it is known.
 */
final class PaymentItems {
    static final String STATUS = "status";
    static final String AMOUNT = "amount";
    static final String CURRENCY = "currency";
    static final String PROVIDER_REFERENCE = "providerReference";
    static final String TASK_TOKEN = "taskToken";

    private PaymentItems() {
    }

    static Map<String, AttributeValue> toItem(Payment payment) {
        var item = new HashMap<String, AttributeValue>(TableKeys.payment(payment.paymentId()));
        item.put("type", s("payment"));
        item.put("paymentId", s(payment.paymentId().value()));
        item.put("orderId", s(payment.orderId().value()));
        item.put("provider", s(payment.provider()));
        item.put(STATUS, s(payment.status().name()));
        item.put(AMOUNT, n(payment.amount().amount()));
        item.put(CURRENCY, s(payment.amount().currency()));
        putIfPresent(item, "paymentMethod", payment.paymentMethod());
        putIfPresent(item, TASK_TOKEN, payment.taskToken());
        putIfPresent(item, "failureCode", payment.failureCode());
        if (payment.providerReference() != null) {
            item.put(PROVIDER_REFERENCE, s(payment.providerReference()));
            item.put(TableKeys.GSI2PK, s(TableKeys.paymentReference(payment.provider(), payment.providerReference())));
            item.put(TableKeys.GSI2SK, s(TableKeys.PAYMENT_PREFIX + payment.paymentId().value()));
        }
        item.put("createdAt", time(payment.createdAt()));
        item.put("updatedAt", time(payment.updatedAt()));
        return item;
    }

    /**
     * A transaction item that stores {@code payment} (SUCCEEDED) as handed over: created if absent,
     * else moved from PENDING or kept SUCCEEDED, its task token dropped. Fails on a FAILED or CANCELLED one.
     */
    static TransactWriteItem handOverSucceeded(String table, Payment payment, Instant now) {
        var item = toItem(payment.handedOver());
        item.remove(TableKeys.PK);
        item.remove(TableKeys.SK);
        item.remove("createdAt");
        item.put("updatedAt", time(now));
        var names = new HashMap<String, String>();
        var values = new HashMap<String, AttributeValue>();
        var set = new StringBuilder("SET createdAt = if_not_exists(createdAt, :createdAt)");
        values.put(":createdAt", time(payment.createdAt()));
        int i = 0;
        for (var attribute : item.entrySet()) {
            names.put("#a" + i, attribute.getKey());
            values.put(":a" + i, attribute.getValue());
            set.append(", #a").append(i).append(" = :a").append(i);
            i++;
        }
        names.put("#status", STATUS);
        values.put(":pending", s(PaymentStatus.PENDING.name()));
        values.put(":succeeded", s(PaymentStatus.SUCCEEDED.name()));
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(TableKeys.payment(payment.paymentId()))
                .updateExpression(set + " REMOVE " + TASK_TOKEN + ", failureCode")
                .conditionExpression("attribute_not_exists(PK) OR #status IN (:pending, :succeeded)")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }

    /**
     * A transaction item that holds only while the payment is settled as the provider reported it: SUCCEEDED,
     * handed over (no workflow step waits on it), of {@code amount}, with the provider reference
     * {@code reference}. When it fails it returns the payment as stored.
     */
    static TransactWriteItem settledCheck(String table, PaymentId paymentId, Money amount, String reference) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                .tableName(table)
                .key(TableKeys.payment(paymentId))
                .conditionExpression("#status = :succeeded AND attribute_not_exists(#token) AND #amount = :amount "
                        + "AND #currency = :currency AND #reference = :reference")
                .expressionAttributeNames(Map.of("#status", STATUS, "#token", TASK_TOKEN, "#amount", AMOUNT, "#currency", CURRENCY,
                        "#reference", PROVIDER_REFERENCE))
                .expressionAttributeValues(Map.of(
                        ":succeeded", s(PaymentStatus.SUCCEEDED.name()),
                        ":amount", n(amount.amount()),
                        ":currency", s(amount.currency()),
                        ":reference", s(reference)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }

    static Payment paymentFromItem(Map<String, AttributeValue> item) {
        return new Payment(
                PaymentId.of(string(item, "paymentId")),
                OrderId.of(string(item, "orderId")),
                string(item, "provider"),
                stringOrNull(item, PROVIDER_REFERENCE),
                PaymentStatus.valueOf(string(item, STATUS)),
                Money.of(number(item, AMOUNT), string(item, CURRENCY)),
                stringOrNull(item, "paymentMethod"),
                stringOrNull(item, TASK_TOKEN),
                stringOrNull(item, "failureCode"),
                instant(item, "createdAt"),
                instant(item, "updatedAt"));
    }

    static Map<String, AttributeValue> toItem(Refund refund, String provider) {
        var item = new HashMap<String, AttributeValue>(TableKeys.refund(refund.orderId(), refund.refundId()));
        item.put("type", s("refund"));
        item.put("refundId", s(refund.refundId().value()));
        item.put("orderId", s(refund.orderId().value()));
        item.put("paymentId", s(refund.paymentId().value()));
        item.put("provider", s(provider));
        item.put(STATUS, s(refund.status().name()));
        item.put(AMOUNT, n(refund.amount().amount()));
        item.put(CURRENCY, s(refund.amount().currency()));
        putIfPresent(item, "reason", refund.reason());
        if (refund.providerReference() != null) {
            item.put(PROVIDER_REFERENCE, s(refund.providerReference()));
            item.put(TableKeys.GSI2PK, s(TableKeys.refundReference(provider, refund.providerReference())));
            item.put(TableKeys.GSI2SK, s(TableKeys.REFUND_PREFIX + refund.refundId().value()));
        } else if (refund.status() == RefundStatus.PENDING) {
            // Sparse: only refunds the provider has not accepted yet, oldest first, for the sweep that resends them.
            item.put(TableKeys.GSI2PK, s(TableKeys.UNSENT_REFUNDS));
            item.put(TableKeys.GSI2SK, s(ItemAttributes.format(refund.createdAt()) + "#" + refund.refundId().value()));
        }
        item.put("createdAt", time(refund.createdAt()));
        item.put("updatedAt", time(refund.updatedAt()));
        return item;
    }

    static Refund refundFromItem(Map<String, AttributeValue> item) {
        return new Refund(
                RefundId.of(string(item, "refundId")),
                OrderId.of(string(item, "orderId")),
                PaymentId.of(string(item, "paymentId")),
                RefundStatus.valueOf(string(item, STATUS)),
                Money.of(number(item, AMOUNT), string(item, CURRENCY)),
                stringOrNull(item, "reason"),
                stringOrNull(item, PROVIDER_REFERENCE),
                instant(item, "createdAt"),
                instant(item, "updatedAt"));
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }
}
