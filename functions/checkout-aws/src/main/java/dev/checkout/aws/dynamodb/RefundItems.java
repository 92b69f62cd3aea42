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
import dev.checkout.domain.OrderId;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.Refund;
import dev.checkout.domain.RefundId;
import dev.checkout.domain.RefundStatus;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Refund items ({@code ORDER#id / REFUND#id}), indexed in GSI2 by the provider's reference once it is
 * known, and until then in the sparse list of unsent refunds. Each attribute's name is spelled here once.
 */
final class RefundItems {
    static final String TYPE = "type";
    static final String REFUND_ID = "refundId";
    static final String ORDER_ID = "orderId";
    static final String PAYMENT_ID = "paymentId";
    static final String PROVIDER = "provider";
    static final String STATUS = "status";
    static final String AMOUNT = "amount";
    static final String CURRENCY = "currency";
    static final String REASON = "reason";
    static final String PROVIDER_REFERENCE = "providerReference";
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";

    private RefundItems() {
    }

    static Map<String, AttributeValue> toItem(Refund refund) {
        var item = new HashMap<String, AttributeValue>(TableKeys.refund(refund.orderId(), refund.refundId()));
        item.put(TYPE, s("refund"));
        item.put(REFUND_ID, s(refund.refundId().value()));
        item.put(ORDER_ID, s(refund.orderId().value()));
        item.put(PAYMENT_ID, s(refund.paymentId().value()));
        item.put(PROVIDER, s(refund.provider()));
        item.put(STATUS, s(refund.status().name()));
        item.put(AMOUNT, n(refund.amount().amount()));
        item.put(CURRENCY, s(refund.amount().currency()));
        putIfPresent(item, REASON, refund.reason());
        if (refund.providerReference() != null) {
            item.put(PROVIDER_REFERENCE, s(refund.providerReference()));
            item.put(TableKeys.GSI2PK, s(TableKeys.refundReference(refund.provider(), refund.providerReference())));
            item.put(TableKeys.GSI2SK, s(TableKeys.REFUND_PREFIX + refund.refundId().value()));
            if (refund.status() == RefundStatus.PENDING) {
                // Sparse: accepted by the provider, not settled yet, for the sweep that asks the provider.
                item.put(TableKeys.GSI1PK, s(TableKeys.UNSETTLED_REFUNDS));
                item.put(TableKeys.GSI1SK, s(ItemAttributes.format(refund.updatedAt()) + "#" + refund.refundId().value()));
            }
        } else if (refund.status() == RefundStatus.PENDING) {
            // Sparse: only refunds the provider has not accepted yet, oldest first, for the sweep that resends them.
            item.put(TableKeys.GSI2PK, s(TableKeys.UNSENT_REFUNDS));
            item.put(TableKeys.GSI2SK, s(ItemAttributes.format(refund.createdAt()) + "#" + refund.refundId().value()));
        }
        item.put(CREATED_AT, time(refund.createdAt()));
        item.put(UPDATED_AT, time(refund.updatedAt()));
        return item;
    }

    static Refund fromItem(Map<String, AttributeValue> item) {
        return new Refund(
                RefundId.of(string(item, REFUND_ID)),
                OrderId.of(string(item, ORDER_ID)),
                PaymentId.of(string(item, PAYMENT_ID)),
                string(item, PROVIDER),
                RefundStatus.valueOf(string(item, STATUS)),
                Money.of(number(item, AMOUNT), string(item, CURRENCY)),
                stringOrNull(item, REASON),
                stringOrNull(item, PROVIDER_REFERENCE),
                instant(item, CREATED_AT),
                instant(item, UPDATED_AT));
    }
}
