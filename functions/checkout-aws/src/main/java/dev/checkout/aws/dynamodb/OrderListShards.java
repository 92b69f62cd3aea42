package dev.checkout.aws.dynamodb;

import dev.checkout.domain.Order;
import dev.checkout.domain.OrderStatus;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Reads one day of GSI3 (every user's orders, {@code ORDERS#<day>#<shard>}) newest first, as one list:
 * a merge of the day's {@link TableKeys#ORDER_LIST_SHARDS} shards. Every order has its own sort key
 * ({@code <createdAt>#<orderId>}), so the merged order is total, and where a page stops is one sort key:
 * the next page reads every shard below it. A shard is read again only when its next order could come
 * before every order already read from the others, so an order is listed only once it is certain that
 * none newer remains. SDK errors are the caller's to translate.
 */
final class OrderListShards {
    /** With a status filter a Query evaluates this many orders at least, since few may match. */
    private static final int FILTERED_READ = 100;

    /**
     * How many orders a Query of one shard reads without a filter when {@code want} more are to be listed:
     * about twice the shard's share of them, so that a page reads a few times the orders it lists rather
     * than {@code want} from each shard, and few shards are read twice.
     */
    static int unfilteredRead(int want) {
        return Math.min(want, Math.max(2, (2 * want + TableKeys.ORDER_LIST_SHARDS - 1) / TableKeys.ORDER_LIST_SHARDS));
    }

    private final DynamoDbClient client;
    private final String table;

    OrderListShards(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    /**
     * What a day's read gave: the orders, and {@code resumeAt} (the sort key to go on from, itself
     * listed or not matching) when the day has more that the read did not reach; null when the day is done.
     */
    record DayPage(List<Order> orders, String resumeAt, int queries) {
    }

    /**
     * Up to {@code want} orders of {@code day} with {@code lower <= GSI3SK < below} (the order at
     * {@code below} itself is skipped: a page listed it or it did not match), of {@code status} when set,
     * in at most {@code maxQueries} Query requests (at least the shard count).
     */
    DayPage read(LocalDate day, String lower, String below, OrderStatus status, int want, int maxQueries) {
        var shards = new ArrayList<Shard>();
        for (int shard = 0; shard < TableKeys.ORDER_LIST_SHARDS; shard++) {
            shards.add(new Shard(TableKeys.orderListShard(day, shard), below));
        }
        var listed = new ArrayList<Order>();
        int queries = 0;
        String last = null;
        while (listed.size() < want) {
            Shard newest = shards.stream().filter(s -> !s.buffered.isEmpty())
                    .max(Comparator.comparing(Shard::head)).orElse(null);
            Shard unread = shards.stream().filter(s -> !s.done && s.buffered.isEmpty())
                    .max(Comparator.comparing(s -> s.readDownTo)).orElse(null);
            if (unread != null && (newest == null || unread.readDownTo.compareTo(newest.head()) > 0)) {
                // That shard may still hold an order newer than any read: read it before listing.
                if (queries == maxQueries) {
                    return new DayPage(listed, unread.readDownTo, queries);
                }
                unread.read(lower, status, want - listed.size());
                queries++;
                continue;
            }
            if (newest == null) {
                return new DayPage(listed, null, queries);
            }
            Map<String, AttributeValue> item = newest.buffered.removeFirst();
            last = ItemAttributes.string(item, TableKeys.GSI3SK);
            listed.add(OrderItems.fromItem(item));
        }
        boolean more = shards.stream().anyMatch(s -> !s.done || !s.buffered.isEmpty());
        return new DayPage(listed, more ? last : null, queries);
    }

    /** One shard's reading: the orders read but not yet listed, and how far down it has been read. */
    private final class Shard {
        private final String partition;
        private final Deque<Map<String, AttributeValue>> buffered = new ArrayDeque<>();
        private String readDownTo;
        private Map<String, AttributeValue> startKey;
        private boolean done;

        Shard(String partition, String below) {
            this.partition = partition;
            this.readDownTo = below;
        }

        String head() {
            return ItemAttributes.string(buffered.getFirst(), TableKeys.GSI3SK);
        }

        void read(String lower, OrderStatus status, int want) {
            var names = new HashMap<String, String>(Map.of("#pk", TableKeys.GSI3PK, "#sk", TableKeys.GSI3SK));
            var values = new HashMap<String, AttributeValue>(Map.of(
                    ":pk", ItemAttributes.s(partition), ":lower", ItemAttributes.s(lower), ":upper", ItemAttributes.s(readDownTo)));
            String filter = null;
            if (status != null) {
                filter = "#status = :status";
                names.put("#status", OrderItems.STATUS);
                values.put(":status", ItemAttributes.s(status.name()));
            }
            QueryResponse response = client.query(QueryRequest.builder()
                    .tableName(table)
                    .indexName(TableKeys.GSI3)
                    .keyConditionExpression("#pk = :pk AND #sk BETWEEN :lower AND :upper")
                    .filterExpression(filter)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .scanIndexForward(false)
                    .limit(status == null ? unfilteredRead(want) : Math.max(want, FILTERED_READ))
                    .exclusiveStartKey(startKey)
                    .build());
            String skipped = startKey == null ? readDownTo : null;
            for (var item : response.items()) {
                if (!ItemAttributes.string(item, TableKeys.GSI3SK).equals(skipped)) {
                    buffered.addLast(item);
                }
            }
            startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
            if (startKey == null) {
                done = true;
            } else {
                readDownTo = ItemAttributes.string(startKey, TableKeys.GSI3SK);
            }
        }
    }
}
