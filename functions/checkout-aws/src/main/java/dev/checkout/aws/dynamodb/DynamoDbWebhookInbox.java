package dev.checkout.aws.dynamodb;

import static dev.checkout.aws.dynamodb.ItemAttributes.instant;
import static dev.checkout.aws.dynamodb.ItemAttributes.n;
import static dev.checkout.aws.dynamodb.ItemAttributes.s;
import static dev.checkout.aws.dynamodb.ItemAttributes.stringOrNull;
import static dev.checkout.aws.dynamodb.ItemAttributes.time;

import dev.checkout.domain.Money;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.PaymentId;
import dev.checkout.port.Clock;
import dev.checkout.port.ReceivedNotifications;
import dev.checkout.port.WebhookInbox;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The webhook inbox: {@code PK=WEBHOOK#<provider>#<eventId> SK=WEBHOOK}, kept {@link #RETENTION}
 * (TTL), longer than providers retry a delivery. {@code state} goes RECEIVED, then APPLIED or MISMATCHED
 * (with {@code mismatch}, what differed); each step is a conditional write, so a state never goes back.
 * An entry that names its order carries {@code orderId} and is in GSI2 under {@code WEBHOOKS#<orderId>},
 * sorted by receipt, so that an order's notifications are one Query ({@link #ofOrder}).
 */
public final class DynamoDbWebhookInbox implements WebhookInbox, ReceivedNotifications {
    public static final Duration RETENTION = Duration.ofDays(7);

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;
    private final Transactions transactions;

    public DynamoDbWebhookInbox(DynamoDbClient client, String table, Clock clock) {
        this.client = client;
        this.table = table;
        this.clock = clock;
        this.transactions = new Transactions(client);
    }

    @Override
    public Entry record(String provider, String eventId, String type, String payload, Optional<OrderId> orderId) {
        var item = new HashMap<>(TableKeys.webhook(provider, eventId));
        orderId.ifPresent(id -> {
            item.put("orderId", s(id.value()));
            item.put(TableKeys.GSI2PK, s(TableKeys.orderWebhooks(id)));
            item.put(TableKeys.GSI2SK, s(ItemAttributes.format(clock.now()) + "#" + provider + "#" + eventId));
        });
        item.put("type", s("webhook"));
        item.put("provider", s(provider));
        item.put("eventId", s(eventId));
        item.put("eventType", s(type == null ? "" : type));
        item.put("payload", s(payload));
        item.put("state", s(State.RECEIVED.name()));
        item.put("receivedAt", time(clock.now()));
        item.put(TableKeys.EXPIRES_AT, n(clock.now().plus(RETENTION).getEpochSecond()));
        try {
            client.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)"));
            return new Entry(provider, eventId, type, payload, State.RECEIVED, true);
        } catch (ConditionalCheckFailedException duplicate) {
            return find(provider, eventId).orElseThrow(() -> new IllegalStateException("inbox entry vanished: " + provider + "#" + eventId));
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
    }

    @Override
    public Optional<Entry> find(String provider, String eventId) {
        try {
            var response = client.getItem(r -> r.tableName(table).key(TableKeys.webhook(provider, eventId)).consistentRead(true));
            if (!response.hasItem() || response.item().isEmpty()) {
                return Optional.empty();
            }
            Map<String, AttributeValue> item = response.item();
            return Optional.of(new Entry(provider, eventId, stringOrNull(item, "eventType"), stringOrNull(item, "payload"),
                    State.valueOf(stringOrNull(item, "state")), false));
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
    }

    @Override
    public List<Notification> ofOrder(OrderId orderId) {
        try {
            return client.queryPaginator(r -> r.tableName(table)
                            .indexName(TableKeys.GSI2)
                            .keyConditionExpression("GSI2PK = :pk")
                            .expressionAttributeValues(Map.of(":pk", s(TableKeys.orderWebhooks(orderId)))))
                    .items().stream()
                    .map(item -> new Notification(stringOrNull(item, "provider"), stringOrNull(item, "eventId"), stringOrNull(item, "eventType"),
                            State.valueOf(stringOrNull(item, "state")), stringOrNull(item, "mismatch"), instant(item, "receivedAt"),
                            item.containsKey("appliedAt") ? instant(item, "appliedAt") : null))
                    .toList();
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
    }

    @Override
    public boolean markApplied(String provider, String eventId) {
        return mark(handledUpdate(provider, eventId, State.APPLIED, null));
    }

    @Override
    public boolean markMismatched(String provider, String eventId, String reason) {
        return mark(handledUpdate(provider, eventId, State.MISMATCHED, reason));
    }

    private boolean mark(Update handled) {
        try {
            client.updateItem(r -> r.tableName(table)
                    .key(handled.key())
                    .updateExpression(handled.updateExpression())
                    .conditionExpression(handled.conditionExpression())
                    .expressionAttributeNames(handled.expressionAttributeNames())
                    .expressionAttributeValues(handled.expressionAttributeValues()));
            return true;
        } catch (ConditionalCheckFailedException alreadyHandled) {
            return false;
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
    }

    /**
     * Moves the entry to {@code state} (APPLIED or MISMATCHED, with {@code mismatch} saying why) unless it is
     * in one of them; creates it if it expired or was never stored (an event enqueued by other means).
     */
    private Update handledUpdate(String provider, String eventId, State state, String mismatch) {
        var values = new HashMap<String, AttributeValue>(Map.of(
                ":state", s(state.name()),
                ":applied", s(State.APPLIED.name()),
                ":mismatched", s(State.MISMATCHED.name()),
                ":now", time(clock.now()),
                ":expires", n(clock.now().plus(RETENTION).getEpochSecond())));
        String set = "SET #state = :state, appliedAt = :now, #expires = if_not_exists(#expires, :expires)";
        if (mismatch != null) {
            values.put(":mismatch", s(mismatch));
            set += ", mismatch = :mismatch";
        }
        return Update.builder()
                .tableName(table)
                .key(TableKeys.webhook(provider, eventId))
                .updateExpression(set)
                .conditionExpression("attribute_not_exists(PK) OR NOT (#state IN (:applied, :mismatched))")
                .expressionAttributeNames(Map.of("#state", "state", "#expires", TableKeys.EXPIRES_AT))
                .expressionAttributeValues(values)
                .build();
    }

    @Override
    public SettledCheck markAppliedIfSettled(String provider, String eventId, PaymentId paymentId, Money amount, String reference) {
        var items = List.of(
                TransactWriteItem.builder().update(handledUpdate(provider, eventId, State.APPLIED, null)).build(),
                PaymentItems.settledCheck(table, paymentId, amount, reference));
        List<CancellationReason> reasons = transactions.write(items);
        if (reasons.isEmpty()) {
            return new SettledCheck(SettledOutcome.APPLIED, Optional.empty());
        }
        if (DynamoDbErrors.failedCondition(reasons, 0)) {
            return new SettledCheck(SettledOutcome.DUPLICATE, Optional.empty());
        }
        CancellationReason payment = reasons.get(1);
        return new SettledCheck(SettledOutcome.NOT_SETTLED, payment.hasItem() && !payment.item().isEmpty()
                ? Optional.of(PaymentItems.paymentFromItem(payment.item()))
                : Optional.empty());
    }
}
