package dev.checkout.aws.dynamodb;

import static dev.checkout.aws.dynamodb.ItemAttributes.s;

import dev.checkout.domain.IdempotencyKeyTakenException;
import dev.checkout.domain.IdempotencyRecord;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.Refund;
import dev.checkout.domain.RefundId;
import dev.checkout.domain.RefundStatus;
import dev.checkout.domain.StateConflictException;
import dev.checkout.domain.VersionConflictException;
import dev.checkout.port.RefundRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Refunds under their order's partition. Creating and settling a refund write the order in the same
 * transaction, conditional on its version: the order's refund totals are what keep the sum of
 * refunds at or below what was captured.
 */
public final class DynamoDbRefundRepository implements RefundRepository {
    private final DynamoDbClient client;
    private final String table;
    private final Transactions transactions;

    public DynamoDbRefundRepository(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
        this.transactions = new Transactions(client);
    }

    @Override
    public void create(Refund refund, Order orderWithHold, IdempotencyRecord idempotency) {
        var items = new ArrayList<TransactWriteItem>();
        items.add(TransactWriteItem.builder().put(Put.builder()
                .tableName(table)
                .item(RefundItems.toItem(refund))
                .conditionExpression("attribute_not_exists(PK)")
                .build()).build());
        items.add(OrderItems.transactPut(table, orderWithHold));
        if (idempotency != null) {
            items.add(IdempotencyItems.transactPut(table, idempotency));
        }
        var reasons = transactions.write(items);
        if (reasons.isEmpty()) {
            return;
        }
        if (idempotency != null && DynamoDbErrors.failedCondition(reasons, 2)) {
            throw new IdempotencyKeyTakenException(idempotency.key());
        }
        throw new VersionConflictException("order " + orderWithHold.orderId() + " changed while refund " + refund.refundId() + " was created");
    }

    @Override
    public Optional<Refund> find(OrderId orderId, RefundId refundId) {
        try {
            var response = client.getItem(r -> r.tableName(table).key(TableKeys.refund(orderId, refundId)).consistentRead(true));
            return response.hasItem() && !response.item().isEmpty()
                    ? Optional.of(RefundItems.fromItem(response.item()))
                    : Optional.empty();
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
    }

    @Override
    public List<Refund> findByOrder(OrderId orderId) {
        try {
            return client.queryPaginator(r -> r.tableName(table)
                            .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                            .expressionAttributeValues(Map.of(":pk", s(TableKeys.orderPk(orderId)), ":prefix", s(TableKeys.REFUND_PREFIX)))
                            .consistentRead(true))
                    .items().stream().map(RefundItems::fromItem).toList();
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
    }

    @Override
    public Optional<Refund> findByProviderReference(String providerName, String providerReference) {
        try {
            return client.query(r -> r.tableName(table)
                            .indexName(TableKeys.GSI2)
                            .keyConditionExpression("GSI2PK = :ref")
                            .expressionAttributeValues(Map.of(":ref", s(TableKeys.refundReference(providerName, providerReference)))))
                    .items().stream().findFirst().map(RefundItems::fromItem);
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
    }

    @Override
    public List<Refund> findUnsentCreatedBefore(Instant cutoff, int limit) {
        try {
            return SparseIndexParts.createdBefore(client, table, TableKeys.UNSENT_REFUNDS, cutoff, limit).map(RefundItems::fromItem).toList();
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
    }

    @Override
    public List<Refund> findSentUnsettledBefore(Instant cutoff, int limit) {
        try {
            return SparseIndexParts.before(client, table, TableKeys.GSI1, TableKeys.UNSETTLED_REFUNDS, cutoff, limit).map(RefundItems::fromItem).toList();
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
    }

    @Override
    public void update(Refund refund) {
        try {
            client.putItem(r -> r.tableName(table)
                    .item(RefundItems.toItem(refund))
                    .conditionExpression("attribute_exists(PK) AND #status = :status")
                    .expressionAttributeNames(Map.of("#status", RefundItems.STATUS))
                    .expressionAttributeValues(Map.of(":status", s(refund.status().name()))));
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
            throw new StateConflictException("refund " + refund.refundId() + " changed status concurrently");
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
    }

    @Override
    public void settle(Refund settled, Order orderUpdate) {
        var reasons = transactions.write(List.of(
                TransactWriteItem.builder().put(Put.builder()
                        .tableName(table)
                        .item(RefundItems.toItem(settled))
                        .conditionExpression("#status = :pending")
                        .expressionAttributeNames(Map.of("#status", RefundItems.STATUS))
                        .expressionAttributeValues(Map.of(":pending", s(RefundStatus.PENDING.name())))
                        .build()).build(),
                OrderItems.transactPut(table, orderUpdate)));
        if (DynamoDbErrors.failedCondition(reasons, 0)) {
            throw new StateConflictException("refund " + settled.refundId() + " was already settled");
        }
        if (!reasons.isEmpty()) {
            throw new VersionConflictException("order " + orderUpdate.orderId() + " changed while refund " + settled.refundId() + " was settled");
        }
    }
}
