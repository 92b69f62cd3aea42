package dev.checkout.local.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * DynamoDB's per-item throughput in front of DynamoDB Local, which has none: each item key gets
 * {@link ItemLimits} of write and read units a second, and a request past them is refused the way DynamoDB
 * refuses it, so the SDK and the code above it see what they would see on AWS.
 *
 * <ul>
 *   <li><b>Units.</b> A write costs 1 unit a KB of the item (a put's item as sent; an update or delete the
 *       item's size as last put, 1 KB when unknown), a read 1 unit a 4 KB strongly consistent and half that
 *       eventually consistent; inside a transaction every item costs twice. A query costs its partition key
 *       one read of one item (the project queries small item collections). Each key holds at most
 *       {@link ItemLimits#BURST_SECONDS} of its units; refused requests cost nothing.</li>
 *   <li><b>A plain request</b> (GetItem, PutItem, UpdateItem, DeleteItem, Query) is answered HTTP 400
 *       {@code ProvisionedThroughputExceededException} with {@code ThrottlingReasons}
 *       ({@code TableWriteKeyRangeThroughputExceeded}, {@code TableReadKeyRangeThroughputExceeded},
 *       {@code IndexReadKeyRangeThroughputExceeded}), which the SDK retries with its throttling backoff.</li>
 *   <li><b>A transaction</b> (TransactWriteItems, TransactGetItems) is cancelled:
 *       {@code TransactionCanceledException} with {@code ThrottlingError} for each refused item and
 *       {@code None} for the others; the SDK does not retry it.</li>
 *   <li><b>A batch</b> (BatchGetItem, BatchWriteItem) is served for the keys that have units and hands the
 *       rest back in {@code UnprocessedKeys} / {@code UnprocessedItems}; only when no key has units is it
 *       refused with {@code ProvisionedThroughputExceededException}.</li>
 * </ul>
 *
 * Tables' key attributes are learnt from the {@code CreateTable} requests that pass through. Limits are off
 * until {@link #limits(ItemLimits)} sets them, and then cost each request a parse of its body; scans, table
 * operations and streams are never limited. Indexes' write limits are not modelled. The same rules meter the
 * units consumed ({@link #meter(boolean)}), with or without limits: a query is counted as one item's read.
 */
public final class ItemThroughputLimiter extends Handler.Wrapper {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "000000000000";
    private static final String THROUGHPUT_MESSAGE = "Throughput exceeds the current capacity of your table or index. DynamoDB is "
            + "automatically scaling your table or index so please try again shortly. If exceptions persist, check if you have a "
            + "hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html";
    private static final Set<String> LIMITED = Set.of("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query",
            "BatchGetItem", "BatchWriteItem", "TransactWriteItems", "TransactGetItems");
    private static final int MAX_BUCKETS = 200_000;
    /** Items up to 1 KB cost the least units of any operation, so only larger ones are remembered. */
    private static final int SMALL_ITEM_BYTES = 1024;

    private final Map<String, TableKeys> tables = new ConcurrentHashMap<>();
    private final Map<String, ThroughputBucket> buckets = new HashMap<>();
    private final Map<String, Integer> largeItemSizes = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> throttles = new ConcurrentHashMap<>();
    private volatile ItemLimits limits;
    private volatile boolean metering;
    private double readUnits;
    private double writeUnits;

    public ItemThroughputLimiter(Handler dynamoDbLocal) {
        super(dynamoDbLocal);
    }

    /** Enforces {@code limits} from now on; {@code null} turns them off. Every item starts with a full burst. */
    public synchronized void limits(ItemLimits limits) {
        this.limits = limits;
        buckets.clear();
    }

    public ItemLimits limits() {
        return limits;
    }

    /**
     * Counts the units each request consumes by AWS's rules (those above), whether or not limits are set:
     * DynamoDB Local's own {@code ConsumedCapacity} says 4 write units for any transaction, whatever its items.
     * Starts from zero.
     */
    public synchronized void meter(boolean on) {
        metering = on;
        readUnits = 0;
        writeUnits = 0;
    }

    /** Read units consumed since {@link #meter(boolean)} was switched on (0 when off). */
    public synchronized double consumedReadUnits() {
        return readUnits;
    }

    /** Write units consumed since {@link #meter(boolean)} was switched on (0 when off). */
    public synchronized double consumedWriteUnits() {
        return writeUnits;
    }

    /** Refusals so far, by operation and reason: {@code "TransactWriteItems ThrottlingError" -> 12}. */
    public Map<String, Long> throttles() {
        var snapshot = new TreeMap<String, Long>();
        throttles.forEach((k, v) -> snapshot.put(k, v.get()));
        return snapshot;
    }

    public long throttled() {
        return throttles.values().stream().mapToLong(AtomicLong::get).sum();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String target = request.getHeaders().get("X-Amz-Target");
        String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
        boolean createTable = operation.equals("CreateTable");
        ItemLimits current = limits;
        if (!createTable && ((current == null && !metering) || !LIMITED.contains(operation))) {
            return super.handle(request, response, callback);
        }
        byte[] body = bytes(Content.Source.asByteBuffer(request));
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (java.io.IOException e) {
            return super.handle(replay(request, body), response, callback); // DynamoDB Local answers the malformed request
        }
        if (createTable) {
            learn(json);
            return super.handle(replay(request, body), response, callback);
        }
        Decision decision = decide(operation, json, current);
        if (decision instanceof Decision.Throttle throttle) {
            return refuse(operation, throttle, response, callback);
        } else if (decision instanceof Decision.Cancel cancel) {
            return cancel(operation, cancel, response, callback);
        } else if (decision instanceof Decision.Partial partial) {
            return partial(operation, partial, request, response, callback);
        }
        return super.handle(replay(request, body), response, callback);
    }

    /** What to do with one request, decided and its units taken under one lock so that a transaction takes all or none. */
    private synchronized Decision decide(String operation, JsonNode json, ItemLimits current) {
        if (current != limits) {
            return new Decision.Pass(); // the limits changed since the request came in: it goes through unmetered
        }
        long now = System.nanoTime();
        return switch (operation) {
            case "GetItem" -> single(read(json.path("TableName").asText(), json.path("Key"), json.path("ConsistentRead").asBoolean(), 1), current, now);
            case "PutItem" -> single(write(json.path("TableName").asText(), json.path("Item"), 1), current, now);
            case "UpdateItem", "DeleteItem" -> single(writeByKey(json.path("TableName").asText(), json.path("Key"), 1), current, now);
            case "Query" -> query(json, current, now);
            case "TransactWriteItems" -> transaction(json, current, now, true);
            case "TransactGetItems" -> transaction(json, current, now, false);
            case "BatchGetItem" -> batchGet(json, current, now);
            case "BatchWriteItem" -> batchWrite(json, current, now);
            default -> new Decision.Pass();
        };
    }

    private Decision single(Charge charge, ItemLimits current, long now) {
        if (charge == null) {
            return new Decision.Pass();
        }
        if (!has(charge, current, now)) {
            return new Decision.Throttle(charge.reason(), charge.resource());
        }
        take(charge, current, now);
        return new Decision.Pass();
    }

    private Decision query(JsonNode json, ItemLimits current, long now) {
        String table = json.path("TableName").asText();
        String index = json.path("IndexName").asText(null);
        TableKeys keys = tables.get(table);
        String hashKey = keys == null ? null : index == null ? keys.hashKey : keys.indexHashKeys.get(index);
        String value = hashKey == null ? null : partitionValue(json, hashKey);
        if (value == null) {
            return new Decision.Pass();
        }
        double units = json.path("ConsistentRead").asBoolean() ? 1 : 0.5;
        String resource = tableArn(table) + (index == null ? "" : "/index/" + index);
        String reason = index == null ? "TableReadKeyRangeThroughputExceeded" : "IndexReadKeyRangeThroughputExceeded";
        return single(new Charge(resource + " partition " + value, units, false, reason, resource), current, now);
    }

    private Decision transaction(JsonNode json, ItemLimits current, long now, boolean writes) {
        var charges = new ArrayList<Charge>();
        for (JsonNode item : json.path("TransactItems")) {
            Charge charge = null;
            if (!writes) {
                JsonNode get = item.path("Get");
                charge = read(get.path("TableName").asText(), get.path("Key"), true, 2);
            } else if (item.has("Put")) {
                charge = write(item.path("Put").path("TableName").asText(), item.path("Put").path("Item"), 2);
            } else {
                for (String kind : List.of("Update", "Delete", "ConditionCheck")) {
                    if (item.has(kind)) {
                        charge = writeByKey(item.path(kind).path("TableName").asText(), item.path(kind).path("Key"), 2);
                    }
                }
            }
            charges.add(charge);
        }
        var codes = new ArrayList<String>();
        boolean refused = false;
        for (Charge charge : charges) {
            boolean has = charge == null || has(charge, current, now);
            refused |= !has;
            codes.add(has ? "None" : "ThrottlingError");
        }
        if (refused) {
            return new Decision.Cancel(codes);
        }
        for (Charge charge : charges) {
            if (charge != null) {
                take(charge, current, now);
            }
        }
        return new Decision.Pass();
    }

    private Decision batchGet(JsonNode json, ItemLimits current, long now) {
        return batch(json, current, now, "UnprocessedKeys", "TableReadKeyRangeThroughputExceeded",
                tableValue -> tableValue.path("Keys"),
                (tableValue, keys) -> ((ObjectNode) tableValue.deepCopy()).set("Keys", keys),
                (table, tableValue, key) -> read(table, key, tableValue.path("ConsistentRead").asBoolean(), 1));
    }

    private Decision batchWrite(JsonNode json, ItemLimits current, long now) {
        return batch(json, current, now, "UnprocessedItems", "TableWriteKeyRangeThroughputExceeded",
                tableValue -> tableValue,
                (tableValue, writes) -> writes,
                (table, tableValue, write) -> write.has("PutRequest")
                        ? write(table, write.path("PutRequest").path("Item"), 1)
                        : writeByKey(table, write.path("DeleteRequest").path("Key"), 1));
    }

    /**
     * A batch served for the elements (keys, writes) whose items have units; the others handed back under
     * {@code unprocessedField}, or the whole batch refused when none has units.
     */
    private Decision batch(JsonNode json, ItemLimits current, long now, String unprocessedField, String reason,
                           Function<JsonNode, JsonNode> elementsOf, BiFunction<JsonNode, ArrayNode, JsonNode> withElements,
                           ElementCharge chargeOf) {
        ObjectNode served = JsonNodeFactory.instance.objectNode();
        ObjectNode unprocessed = JsonNodeFactory.instance.objectNode();
        json.path("RequestItems").fields().forEachRemaining(table -> {
            ArrayNode keep = JsonNodeFactory.instance.arrayNode();
            ArrayNode left = JsonNodeFactory.instance.arrayNode();
            for (JsonNode element : elementsOf.apply(table.getValue())) {
                Charge charge = chargeOf.charge(table.getKey(), table.getValue(), element);
                if (charge == null || has(charge, current, now)) {
                    if (charge != null) {
                        take(charge, current, now);
                    }
                    keep.add(element);
                } else {
                    left.add(element);
                }
            }
            if (!keep.isEmpty()) {
                served.set(table.getKey(), withElements.apply(table.getValue(), keep));
            }
            if (!left.isEmpty()) {
                unprocessed.set(table.getKey(), withElements.apply(table.getValue(), left));
            }
        });
        if (unprocessed.isEmpty()) {
            return new Decision.Pass();
        }
        if (served.isEmpty()) {
            return new Decision.Throttle(reason, tableArn(unprocessed.fieldNames().next()));
        }
        ObjectNode request = json.deepCopy();
        request.set("RequestItems", served);
        return new Decision.Partial(request, unprocessedField, unprocessed);
    }

    /** The units one element of a batch asks of its item. */
    private interface ElementCharge {
        Charge charge(String table, JsonNode tableValue, JsonNode element);
    }

    private Charge read(String table, JsonNode key, boolean consistent, double factor) {
        if (!key.isObject()) {
            return null;
        }
        String id = itemKey(table, key);
        double units = Math.max(1, Math.ceil(largeItemSizes.getOrDefault(id, 0) / 4096.0)) * (consistent ? 1 : 0.5) * factor;
        return new Charge(id, units, false, "TableReadKeyRangeThroughputExceeded", tableArn(table));
    }

    private Charge write(String table, JsonNode item, double factor) {
        TableKeys keys = tables.get(table);
        if (keys == null || !item.isObject()) {
            return null;
        }
        var key = JsonNodeFactory.instance.objectNode();
        for (String name : keys.attributes) {
            key.set(name, item.path(name));
        }
        String id = itemKey(table, key);
        int size = ItemSize.of(item);
        if (size > SMALL_ITEM_BYTES) {
            largeItemSizes.put(id, size);
        } else {
            largeItemSizes.remove(id);
        }
        return new Charge(id, Math.max(1, Math.ceil(size / 1024.0)) * factor, true, "TableWriteKeyRangeThroughputExceeded", tableArn(table));
    }

    private Charge writeByKey(String table, JsonNode key, double factor) {
        if (!key.isObject()) {
            return null;
        }
        String id = itemKey(table, key);
        double units = Math.max(1, Math.ceil(largeItemSizes.getOrDefault(id, 0) / 1024.0)) * factor;
        return new Charge(id, units, true, "TableWriteKeyRangeThroughputExceeded", tableArn(table));
    }

    /** Whether the charge's key has its units; with no limits set (metering only), always. */
    private boolean has(Charge charge, ItemLimits current, long now) {
        return current == null || bucket(charge, current, now).has(charge.units, now);
    }

    private void take(Charge charge, ItemLimits current, long now) {
        if (current != null) {
            bucket(charge, current, now).take(charge.units, now);
        }
        if (metering) {
            if (charge.write) {
                writeUnits += charge.units;
            } else {
                readUnits += charge.units;
            }
        }
    }

    private ThroughputBucket bucket(Charge charge, ItemLimits current, long now) {
        if (buckets.size() > MAX_BUCKETS) {
            // A bucket idle for longer than its burst is full again: forgetting it changes nothing.
            long idle = (long) (ItemLimits.BURST_SECONDS * 1e9);
            buckets.values().removeIf(b -> now - b.lastUsed() > idle);
        }
        String key = (charge.write ? "w " : "r ") + charge.key;
        double rate = charge.write ? current.writeUnitsPerSecond() : current.readUnitsPerSecond();
        return buckets.computeIfAbsent(key, k -> new ThroughputBucket(rate, now));
    }

    private void learn(JsonNode createTable) {
        String hash = null;
        var attributes = new ArrayList<String>();
        for (JsonNode element : createTable.path("KeySchema")) {
            attributes.add(element.path("AttributeName").asText());
            if ("HASH".equals(element.path("KeyType").asText())) {
                hash = element.path("AttributeName").asText();
            }
        }
        var indexHashKeys = new HashMap<String, String>();
        for (String kind : List.of("GlobalSecondaryIndexes", "LocalSecondaryIndexes")) {
            for (JsonNode index : createTable.path(kind)) {
                for (JsonNode element : index.path("KeySchema")) {
                    if ("HASH".equals(element.path("KeyType").asText())) {
                        indexHashKeys.put(index.path("IndexName").asText(), element.path("AttributeName").asText());
                    }
                }
            }
        }
        tables.put(createTable.path("TableName").asText(), new TableKeys(List.copyOf(attributes), hash, Map.copyOf(indexHashKeys)));
    }

    /** The value a query's key condition binds to the partition key, as its attribute value's JSON. */
    private static String partitionValue(JsonNode query, String hashKey) {
        String condition = query.path("KeyConditionExpression").asText("");
        var names = new ArrayList<String>();
        names.add(Pattern.quote(hashKey));
        query.path("ExpressionAttributeNames").fields().forEachRemaining(alias -> {
            if (hashKey.equals(alias.getValue().asText())) {
                names.add(Pattern.quote(alias.getKey()));
            }
        });
        Matcher matcher = Pattern.compile("(?:^|[\\s(])(?:" + String.join("|", names) + ")\\s*=\\s*(:[A-Za-z0-9_]+)").matcher(condition);
        if (!matcher.find()) {
            return null;
        }
        JsonNode value = query.path("ExpressionAttributeValues").path(matcher.group(1));
        return value.isMissingNode() ? null : value.toString();
    }

    private static String itemKey(String table, JsonNode key) {
        var sorted = new TreeMap<String, String>();
        key.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().toString()));
        return table + " " + sorted;
    }

    private static String tableArn(String table) {
        return "arn:aws:dynamodb:" + LocalServices.REGION.id() + ":" + ACCOUNT + ":table/" + table;
    }

    private boolean refuse(String operation, Decision.Throttle throttle, Response response, Callback callback) {
        count(operation + " " + throttle.reason());
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("__type", "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException");
        body.put("message", THROUGHPUT_MESSAGE);
        ObjectNode reason = body.putArray("ThrottlingReasons").addObject();
        reason.put("reason", throttle.reason());
        reason.put("resource", throttle.resource());
        return answer(400, body, response, callback);
    }

    private boolean cancel(String operation, Decision.Cancel cancel, Response response, Callback callback) {
        count(operation + " ThrottlingError");
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("__type", "com.amazonaws.dynamodb.v20120810#TransactionCanceledException");
        body.put("Message", "Transaction cancelled, please refer cancellation reasons for specific reasons " + cancel.codes());
        ArrayNode reasons = body.putArray("CancellationReasons");
        for (String code : cancel.codes()) {
            ObjectNode reason = reasons.addObject().put("Code", code);
            if (!"None".equals(code)) {
                reason.put("Message", THROUGHPUT_MESSAGE);
            }
        }
        return answer(400, body, response, callback);
    }

    private boolean partial(String operation, Decision.Partial partial, Request request, Response response, Callback callback)
            throws Exception {
        count(operation + " " + partial.field());
        byte[] served = JSON.writeValueAsBytes(partial.request());
        var merging = new Response.Wrapper(request, response) {
            private final ByteArrayOutputStream answer = new ByteArrayOutputStream();

            @Override
            public void write(boolean last, ByteBuffer content, Callback written) {
                if (content != null) {
                    answer.writeBytes(bytes(content));
                }
                if (!last) {
                    written.succeeded();
                    return;
                }
                byte[] merged = answer.toByteArray();
                if (getStatus() == 200) {
                    try {
                        ObjectNode body = (ObjectNode) JSON.readTree(merged);
                        ObjectNode left = body.has(partial.field()) ? (ObjectNode) body.get(partial.field()) : body.putObject(partial.field());
                        partial.unprocessed().fields().forEachRemaining(e -> left.set(e.getKey(), e.getValue()));
                        merged = JSON.writeValueAsBytes(body);
                    } catch (java.io.IOException e) {
                        written.failed(e);
                        return;
                    }
                }
                getWrapped().getHeaders().put(HttpHeader.CONTENT_LENGTH, merged.length);
                getWrapped().getHeaders().put("x-amz-crc32", crc32(merged));
                getWrapped().write(true, ByteBuffer.wrap(merged), written);
            }
        };
        return super.handle(replay(request, served), merging, callback);
    }

    private boolean answer(int status, JsonNode json, Response response, Callback callback) {
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/x-amz-json-1.0");
        response.getHeaders().put("x-amzn-RequestId", UUID.randomUUID().toString());
        response.getHeaders().put("x-amz-crc32", crc32(body));
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private void count(String what) {
        throttles.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    private static String crc32(byte[] body) {
        var crc = new CRC32();
        crc.update(body);
        return Long.toString(crc.getValue());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** The request with its body, already read here, to be read again by DynamoDB Local. */
    private static Request replay(Request request, byte[] body) {
        return new Request.Wrapper(request) {
            private boolean read;

            @Override
            public Content.Chunk read() {
                if (read) {
                    return Content.Chunk.EOF;
                }
                read = true;
                return Content.Chunk.from(ByteBuffer.wrap(body), true);
            }

            @Override
            public void demand(Runnable demandCallback) {
                demandCallback.run();
            }

            @Override
            public long getLength() {
                return body.length;
            }
        };
    }

    /** The key attributes of a table and the partition key of the table and of each index. */
    private record TableKeys(List<String> attributes, String hashKey, Map<String, String> indexHashKeys) {
    }

    /** Units one request asks of one item key (or, for a query, of one partition key). */
    private record Charge(String key, double units, boolean write, String reason, String resource) {
    }

    private sealed interface Decision {
        record Pass() implements Decision {
        }

        record Throttle(String reason, String resource) implements Decision {
        }

        record Cancel(List<String> codes) implements Decision {
        }

        record Partial(JsonNode request, String field, JsonNode unprocessed) implements Decision {
        }
    }
}
