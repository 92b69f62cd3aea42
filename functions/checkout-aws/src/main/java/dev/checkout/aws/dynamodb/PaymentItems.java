package dev.checkout.aws.dynamodb;

import static dev.checkout.aws.dynamodb.ItemAttributes.instant;
import static dev.checkout.aws.dynamodb.ItemAttributes.n;
import static dev.checkout.aws.dynamodb.ItemAttributes.number;
import static dev.checkout.aws.dynamodb.ItemAttributes.putIfPresent;
import static dev.checkout.aws.dynamodb.ItemAttributes.s;
import static dev.checkout.aws.dynamodb.ItemAttributes.string;
import static dev.checkout.aws.dynamodb.ItemAttributes.stringOrNull;
import static dev.checkout.aws.dynamodb.ItemAttributes.time;

import dev.checkout.domain.Money;
import dev.checkout.domain.NextAction;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Payment items ({@code ORDER#id / PAYMENT#id}), indexed in GSI2 by the provider's reference once it is
 * known, and their conditional writes. Each attribute's name is spelled here once. Refunds: {@link RefundItems}.
 */
final class PaymentItems {
    static final String TYPE = "type";
    static final String PAYMENT_ID = "paymentId";
    static final String ORDER_ID = "orderId";
    static final String PROVIDER = "provider";
    static final String STATUS = "status";
    static final String AMOUNT = "amount";
    static final String CURRENCY = "currency";
    static final String PAYMENT_METHOD = "paymentMethod";
    static final String PROVIDER_REFERENCE = "providerReference";
    static final String TASK_TOKEN = "taskToken";
    static final String FAILURE_CODE = "failureCode";
    static final String NEXT_ACTION = "nextAction";
    static final String NEXT_ACTION_URL = "nextActionUrl";
    static final String NEXT_ACTION_QR_CODE = "nextActionQrCode";
    static final String CLIENT_SECRET = "clientSecret";
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";
    /** When the order took the payment (confirmed PAID with it); absent on a payment no order took. */
    static final String CONFIRMED_AT = "confirmedAt";

    private PaymentItems() {
    }

    static Map<String, AttributeValue> toItem(Payment payment) {
        var item = new HashMap<String, AttributeValue>(TableKeys.payment(payment.paymentId()));
        item.put(TYPE, s("payment"));
        item.put(PAYMENT_ID, s(payment.paymentId().value()));
        item.put(ORDER_ID, s(payment.orderId().value()));
        item.put(PROVIDER, s(payment.provider()));
        item.put(STATUS, s(payment.status().name()));
        item.put(AMOUNT, n(payment.amount().amount()));
        item.put(CURRENCY, s(payment.amount().currency()));
        putIfPresent(item, PAYMENT_METHOD, payment.paymentMethod());
        putIfPresent(item, TASK_TOKEN, payment.taskToken());
        putIfPresent(item, FAILURE_CODE, payment.failureCode());
        if (payment.nextAction() != null) {
            item.put(NEXT_ACTION, s(payment.nextAction().type().name()));
            putIfPresent(item, NEXT_ACTION_URL, payment.nextAction().url());
            putIfPresent(item, NEXT_ACTION_QR_CODE, payment.nextAction().qrCode());
            putIfPresent(item, CLIENT_SECRET, payment.nextAction().clientSecret());
        }
        if (payment.providerReference() != null) {
            item.put(PROVIDER_REFERENCE, s(payment.providerReference()));
            item.put(TableKeys.GSI2PK, s(TableKeys.paymentReference(payment.provider(), payment.providerReference())));
            item.put(TableKeys.GSI2SK, s(TableKeys.PAYMENT_PREFIX + payment.paymentId().value()));
        }
        item.put(CREATED_AT, time(payment.createdAt()));
        item.put(UPDATED_AT, time(payment.updatedAt()));
        return item;
    }

    /**
     * A transaction item that stores {@code payment} (SUCCEEDED) as handed over to its order: created if
     * absent, else moved from PENDING or kept SUCCEEDED, its task token dropped, {@link #CONFIRMED_AT} set.
     * Fails on a FAILED or CANCELLED one.
     */
    static TransactWriteItem handOverSucceeded(String table, Payment payment, Instant now) {
        var item = toItem(payment.handedOver());
        item.remove(TableKeys.PK);
        item.remove(TableKeys.SK);
        item.remove(CREATED_AT);
        item.put(UPDATED_AT, time(now));
        item.put(CONFIRMED_AT, time(now));
        var names = new HashMap<String, String>();
        var values = new HashMap<String, AttributeValue>();
        var set = new StringBuilder("SET " + CREATED_AT + " = if_not_exists(" + CREATED_AT + ", :createdAt)");
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
                .updateExpression(set + " REMOVE " + String.join(", ", TASK_TOKEN, FAILURE_CODE, NEXT_ACTION, NEXT_ACTION_URL, NEXT_ACTION_QR_CODE, CLIENT_SECRET))
                .conditionExpression("attribute_not_exists(PK) OR #status IN (:pending, :succeeded)")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }

    /**
     * A transaction item that holds only while the payment is settled as the provider reported it: SUCCEEDED,
     * taken by its order ({@link #CONFIRMED_AT}, written with the order's PAID), of {@code amount}, with the
     * provider reference {@code reference}. A success recorded on a closed order carries no
     * {@link #CONFIRMED_AT}: its compensation may not have finished, so the check fails and the caller
     * applies the event in full. When it fails it returns the payment as stored.
     */
    static TransactWriteItem settledCheck(String table, PaymentId paymentId, Money amount, String reference) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                .tableName(table)
                .key(TableKeys.payment(paymentId))
                .conditionExpression("#status = :succeeded AND attribute_exists(#confirmed) AND #amount = :amount "
                        + "AND #currency = :currency AND #reference = :reference")
                .expressionAttributeNames(Map.of("#status", STATUS, "#confirmed", CONFIRMED_AT, "#amount", AMOUNT, "#currency", CURRENCY,
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
                PaymentId.of(string(item, PAYMENT_ID)),
                OrderId.of(string(item, ORDER_ID)),
                string(item, PROVIDER),
                stringOrNull(item, PROVIDER_REFERENCE),
                PaymentStatus.valueOf(string(item, STATUS)),
                Money.of(number(item, AMOUNT), string(item, CURRENCY)),
                stringOrNull(item, PAYMENT_METHOD),
                stringOrNull(item, TASK_TOKEN),
                stringOrNull(item, FAILURE_CODE),
                nextAction(item),
                instant(item, CREATED_AT),
                instant(item, UPDATED_AT));
    }

    private static NextAction nextAction(Map<String, AttributeValue> item) {
        String type = stringOrNull(item, NEXT_ACTION);
        return type == null ? null : new NextAction(NextAction.Type.valueOf(type),
                stringOrNull(item, NEXT_ACTION_URL), stringOrNull(item, NEXT_ACTION_QR_CODE), stringOrNull(item, CLIENT_SECRET));
    }
}
