package dev.checkout.aws.dynamodb;

import static dev.checkout.aws.dynamodb.ItemAttributes.s;

import dev.checkout.domain.OrderId;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentStatus;
import dev.checkout.domain.StateConflictException;
import dev.checkout.port.PaymentRepository;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Payments under their order's partition; by provider reference through GSI2. */
public final class DynamoDbPaymentRepository implements PaymentRepository {
    private final DynamoDbClient client;
    private final String table;

    public DynamoDbPaymentRepository(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    @Override
    public boolean create(Payment payment) {
        try {
            client.putItem(r -> r.tableName(table).item(PaymentItems.toItem(payment)).conditionExpression("attribute_not_exists(PK)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
    }

    @Override
    public Optional<Payment> find(PaymentId paymentId) {
        try {
            var response = client.getItem(r -> r.tableName(table).key(TableKeys.payment(paymentId)).consistentRead(true));
            return response.hasItem() && !response.item().isEmpty()
                    ? Optional.of(PaymentItems.paymentFromItem(response.item()))
                    : Optional.empty();
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
    }

    @Override
    public List<Payment> findByOrder(OrderId orderId) {
        try {
            return client.queryPaginator(r -> r.tableName(table)
                            .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                            .expressionAttributeValues(Map.of(":pk", s(TableKeys.orderPk(orderId)), ":prefix", s(TableKeys.PAYMENT_PREFIX)))
                            .consistentRead(true))
                    .items().stream().map(PaymentItems::paymentFromItem).toList();
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
    }

    @Override
    public Optional<Payment> findByProviderReference(String provider, String providerReference) {
        try {
            return client.query(r -> r.tableName(table)
                            .indexName(TableKeys.GSI2)
                            .keyConditionExpression("GSI2PK = :ref")
                            .expressionAttributeValues(Map.of(":ref", s(TableKeys.paymentReference(provider, providerReference)))))
                    .items().stream().findFirst().map(PaymentItems::paymentFromItem);
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
    }

    @Override
    public void update(Payment payment, PaymentStatus expectedStatus) {
        try {
            client.putItem(r -> r.tableName(table)
                    .item(PaymentItems.toItem(payment))
                    .conditionExpression("#status = :expected")
                    .expressionAttributeNames(Map.of("#status", PaymentItems.STATUS))
                    .expressionAttributeValues(Map.of(":expected", s(expectedStatus.name()))));
        } catch (ConditionalCheckFailedException e) {
            throw new StateConflictException("payment " + payment.paymentId() + " is no longer " + expectedStatus);
        } catch (SdkException e) {
            throw DynamoDbErrors.translate(e);
        }
    }
}
