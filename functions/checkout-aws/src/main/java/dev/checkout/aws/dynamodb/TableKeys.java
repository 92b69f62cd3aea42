package dev.checkout.aws.dynamodb;

import dev.checkout.domain.OrderId;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.RefundId;
import dev.checkout.domain.Sku;
import dev.checkout.domain.UserId;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The keys of the single table. See this module's README for the access patterns they serve.
 */
final class TableKeys {
    static final String PK = "PK";
    static final String SK = "SK";
    static final String GSI1 = "GSI1";
    static final String GSI1PK = "GSI1PK";
    static final String GSI1SK = "GSI1SK";
    static final String GSI2 = "GSI2";
    static final String GSI2PK = "GSI2PK";
    static final String GSI2SK = "GSI2SK";
    static final String GSI3 = "GSI3";
    static final String GSI3PK = "GSI3PK";
    static final String GSI3SK = "GSI3SK";
    static final String EXPIRES_AT = "expiresAt";

    static final String ORDER = "ORDER";
    static final String RESERVATION = "RESERVATION";
    static final String PAYMENT_PREFIX = "PAYMENT#";
    static final String REFUND_PREFIX = "REFUND#";
    static final String PRODUCT = "PRODUCT";
    static final String STOCK = "STOCK";
    static final String CATALOG = "CATALOG";

    private TableKeys() {
    }

    static String orderPk(OrderId id) {
        return "ORDER#" + id.value();
    }

    static Map<String, AttributeValue> order(OrderId id) {
        return key(orderPk(id), ORDER);
    }

    static Map<String, AttributeValue> reservation(OrderId id) {
        return key(orderPk(id), RESERVATION);
    }

    static Map<String, AttributeValue> payment(PaymentId id) {
        return key(orderPk(id.orderId()), PAYMENT_PREFIX + id.value());
    }

    static Map<String, AttributeValue> refund(OrderId orderId, RefundId id) {
        return key(orderPk(orderId), REFUND_PREFIX + id.value());
    }

    static String productPk(Sku sku) {
        return "PRODUCT#" + sku.value();
    }

    static Map<String, AttributeValue> product(Sku sku) {
        return key(productPk(sku), PRODUCT);
    }

    static Map<String, AttributeValue> stock(Sku sku) {
        return key(productPk(sku), STOCK);
    }

    /** The list of sharded products: one item per sharded SKU, in one partition, read once a minute by each instance. */
    static final String SHARDED_STOCK = "SHARDED_STOCK";

    static Map<String, AttributeValue> shardedStock(Sku sku) {
        return key(SHARDED_STOCK, sku.value());
    }

    /** A sharded product's stock shard {@code n} ({@link StockShards}). */
    static Map<String, AttributeValue> stockShard(Sku sku, int n) {
        return key(productPk(sku), STOCK + "#" + n);
    }

    static Map<String, AttributeValue> idempotency(String scopedKey) {
        return key("IDEMPOTENCY#" + scopedKey, "IDEMPOTENCY");
    }

    static Map<String, AttributeValue> webhook(String provider, String eventId) {
        return key("WEBHOOK#" + provider + "#" + eventId, "WEBHOOK");
    }

    static String userOrdersPk(UserId user) {
        return "USER#" + user.value();
    }

    static String paymentReference(String provider, String reference) {
        return "PAYREF#" + provider + "#" + reference;
    }

    /** Shards of the pending-orders index: an order's shard is fixed by its id. */
    static final int PENDING_SHARDS = 8;

    static String pendingOrdersShard(OrderId id) {
        return pendingOrdersShard(Math.floorMod(id.value().hashCode(), PENDING_SHARDS));
    }

    static String pendingOrdersShard(int shard) {
        return "PENDING#" + shard;
    }

    /**
     * The unsent-refunds part of GSI2: a refund is in it from when it is stored until the provider gives
     * it a reference or it settles. One partition: such refunds are few and short-lived.
     */
    static final String UNSENT_REFUNDS = "UNSENT_REFUNDS";

    /**
     * The sent-but-unsettled refunds part of GSI1 ({@code GSI1SK = <updatedAt>#<refundId>}): a refund is in it
     * while it has the provider's reference and is still pending. One partition, for the same reason.
     */
    static final String UNSETTLED_REFUNDS = "UNSETTLED_REFUNDS";

    /** The GSI2 partition of an order's webhook notifications ({@code GSI2SK = <receivedAt>#<provider>#<eventId>}). */
    static String orderWebhooks(OrderId id) {
        return "WEBHOOKS#" + id.value();
    }

    /**
     * Shards of GSI3, every user's orders by creation time: a day's orders are spread over this many
     * partitions by their id, so that a flash sale's order writes (about two per order: placed, paid)
     * stay under a partition's 1,000 writes a second up to 32,000 orders a second. Raising it is safe:
     * the readers query shards 0 to N-1, of which the orders written before hold the first ones.
     */
    static final int ORDER_LIST_SHARDS = 64;

    static String orderListShard(LocalDate day, int shard) {
        return "ORDERS#" + day + "#" + shard;
    }

    /** The GSI3 partition of an order: the UTC day it was placed and the shard its id falls in. */
    static String orderListShard(OrderId id, Instant createdAt) {
        return orderListShard(LocalDate.ofInstant(createdAt, ZoneOffset.UTC), Math.floorMod(id.value().hashCode(), ORDER_LIST_SHARDS));
    }

    static String refundReference(String provider, String reference) {
        return "REFREF#" + provider + "#" + reference;
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, AttributeValue.fromS(pk), SK, AttributeValue.fromS(sk));
    }
}
