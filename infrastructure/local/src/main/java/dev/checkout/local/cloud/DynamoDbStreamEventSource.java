package dev.checkout.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.stepfunctions.task.DynamoDbIntegration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A DynamoDB event source mapping: reads a table's stream shard by shard (DynamoDB Local's Streams API:
 * DescribeStream, GetShardIterator, GetRecords) and hands each shard's records, in order, to a function as
 * Lambda's DynamoDB event ({@code Records[].eventID, eventName, dynamodb.{Keys, NewImage, OldImage,
 * SequenceNumber, ...}, eventSourceARN}), at most {@code BatchSize} at a time, less the records its
 * {@code FilterCriteria} leave out ({@link EventFilters}). With a {@code MaximumBatchingWindowInSeconds}, a batch
 * that is not full yet waits for more records up to that long after its first record was read, so that under load
 * one invocation takes many records. As on AWS, a shard waits while its
 * batch is retried: with {@code ReportBatchItemFailures} from the record the function names on, otherwise (or
 * when it names none of the batch) the whole batch; after a function error a batch of more than one record is
 * split in two first when {@code BisectBatchOnFunctionError} is set (a split is not a retry). After
 * {@code MaximumRetryAttempts} retries (-1: until the records expire, which they do not here) the batch is given
 * up: its description (shard, first and last sequence numbers) goes to the {@code OnFailure} destination, and
 * the shard goes on. {@code StartingPosition} LATEST applies to the shards open when polling starts; shards found
 * later are read from their start (TRIM_HORIZON), as Lambda reads a child shard.
 */
final class DynamoDbStreamEventSource extends PollingEventSource {
    private static final System.Logger LOG = System.getLogger(DynamoDbStreamEventSource.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a batch is consumed: batch size, partial failures, retries, bisection, where failures go, how long a batch may gather. */
    record Settings(int batchSize, boolean reportsItemFailures, int maximumRetryAttempts, boolean bisectOnError,
                    boolean startAtLatest, EventFilters filters, Consumer<String> onFailure, Duration batchingWindow) {
    }

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final LocalFunction function;
    private final Settings settings;
    private final Map<String, String> iterators = new LinkedHashMap<>();
    private final Set<String> finished = new HashSet<>();
    private boolean discovered;

    DynamoDbStreamEventSource(DynamoDbStreamsClient streams, String streamArn, LocalFunction function, Settings settings) {
        super(streamArn, function);
        this.streams = streams;
        this.streamArn = streamArn;
        this.function = function;
        this.settings = settings;
    }

    @Override
    void poll() {
        discoverShards();
        boolean delivered = false;
        for (String shardId : List.copyOf(iterators.keySet())) {
            delivered |= poll(shardId);
        }
        if (!delivered) {
            pause(250);
        }
    }

    private void discoverShards() {
        String start = null;
        do {
            String exclusiveStart = start;
            DescribeStreamResponse response = streams.describeStream(r -> r.streamArn(streamArn).exclusiveStartShardId(exclusiveStart));
            for (Shard shard : response.streamDescription().shards()) {
                String id = shard.shardId();
                if (iterators.containsKey(id) || finished.contains(id)) {
                    continue;
                }
                boolean open = shard.sequenceNumberRange() == null || shard.sequenceNumberRange().endingSequenceNumber() == null;
                if (!discovered && settings.startAtLatest() && !open) {
                    finished.add(id);
                    continue;
                }
                ShardIteratorType type = !discovered && settings.startAtLatest() ? ShardIteratorType.LATEST : ShardIteratorType.TRIM_HORIZON;
                iterators.put(id, streams.getShardIterator(r -> r.streamArn(streamArn).shardId(id).shardIteratorType(type)).shardIterator());
            }
            start = response.streamDescription().lastEvaluatedShardId();
        } while (start != null);
        discovered = true;
    }

    /**
     * Reads one batch of the shard (filling it for up to the batching window after its first wanted record) and
     * delivers it; true when there were records.
     */
    private boolean poll(String shardId) {
        String iterator = iterators.get(shardId);
        if (iterator == null) {
            iterators.remove(shardId);
            finished.add(shardId);
            return false;
        }
        var wanted = new ArrayList<Record>();
        boolean read = false;
        long deadline = 0;
        String next = iterator;
        while (true) {
            String current = next;
            int limit = settings.batchSize() - wanted.size();
            GetRecordsResponse response = streams.getRecords(r -> r.shardIterator(current).limit(limit));
            next = response.nextShardIterator();
            read |= !response.records().isEmpty();
            boolean wasEmpty = wanted.isEmpty();
            // Records the filters leave out are passed over, as Lambda drops them before a batch is made.
            response.records().stream().filter(r -> settings.filters().matches(record(r))).forEach(wanted::add);
            if (wasEmpty && !wanted.isEmpty()) {
                deadline = System.nanoTime() + settings.batchingWindow().toNanos();
            }
            if (next == null || wanted.isEmpty() || wanted.size() >= settings.batchSize() || !running() || System.nanoTime() >= deadline) {
                break;
            }
            if (response.records().isEmpty()) {
                pause(Math.max(1, Math.min(50, (deadline - System.nanoTime()) / 1_000_000)));
            }
        }
        if (!wanted.isEmpty()) {
            deliver(shardId, wanted);
        }
        if (next == null) {
            iterators.remove(shardId);
            finished.add(shardId);
        } else {
            iterators.put(shardId, next);
        }
        return read;
    }

    /** Delivers {@code batch} until it succeeds, is bisected, or is given up after its retries. */
    private void deliver(String shardId, List<Record> batch) {
        List<Record> remaining = batch;
        int retries = 0;
        while (running() && !remaining.isEmpty()) {
            Integer failedFrom = invoke(remaining);
            if (failedFrom == null) {
                return;
            }
            boolean functionError = failedFrom < 0;
            if (functionError && settings.bisectOnError() && remaining.size() > 1) {
                int half = remaining.size() / 2;
                deliver(shardId, remaining.subList(0, half));
                deliver(shardId, remaining.subList(half, remaining.size()));
                return;
            }
            remaining = remaining.subList(Math.max(failedFrom, 0), remaining.size());
            retries++;
            if (settings.maximumRetryAttempts() >= 0 && retries > settings.maximumRetryAttempts()) {
                giveUp(shardId, remaining, retries);
                return;
            }
            pause(Math.min(2_000, 100L << Math.min(retries, 5)));
        }
    }

    /**
     * Invokes the function with {@code records}: null when it succeeded, the index of the first record to retry
     * when it reported item failures, -1 when it failed as a whole.
     */
    private Integer invoke(List<Record> records) {
        byte[] response;
        try {
            response = function.invoke(event(records).getBytes(StandardCharsets.UTF_8));
        } catch (LocalFunction.FunctionError e) {
            LOG.log(System.Logger.Level.WARNING, function.logicalId() + " failed a stream batch of " + records.size() + ": " + e.getMessage());
            return -1;
        }
        if (!settings.reportsItemFailures() || response.length == 0) {
            return null;
        }
        JsonNode failures;
        try {
            failures = JSON.readTree(response).path("batchItemFailures");
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, function.logicalId() + " answered a stream batch with invalid JSON: " + e.getMessage());
            return -1;
        }
        if (failures.isEmpty()) {
            return null;
        }
        // Lambda retries from the lowest sequence number named; one that is not in the batch fails it whole.
        int lowest = Integer.MAX_VALUE;
        for (JsonNode failure : failures) {
            String sequence = failure.path("itemIdentifier").asText("");
            int index = -1;
            for (int i = 0; i < records.size(); i++) {
                if (records.get(i).dynamodb().sequenceNumber().equals(sequence)) {
                    index = i;
                }
            }
            if (index < 0) {
                return 0;
            }
            lowest = Math.min(lowest, index);
        }
        return lowest;
    }

    private void giveUp(String shardId, List<Record> records, int retries) {
        LOG.log(System.Logger.Level.ERROR, function.logicalId() + " gave up " + records.size() + " stream records of " + shardId + " after " + retries + " retries");
        if (settings.onFailure() == null) {
            return;
        }
        ObjectNode message = JSON.createObjectNode();
        ObjectNode request = message.putObject("requestContext");
        request.put("requestId", UUID.randomUUID().toString());
        request.put("functionArn", CloudResources.functionArn(function.logicalId()));
        request.put("condition", "RetryAttemptsExhausted");
        request.put("approximateInvokeCount", retries + 1);
        ObjectNode response = message.putObject("responseContext");
        response.put("statusCode", 200);
        response.put("executedVersion", "$LATEST");
        response.put("functionError", "Unhandled");
        message.put("version", "1.0");
        message.put("timestamp", Instant.now().toString());
        ObjectNode info = message.putObject("DDBStreamBatchInfo");
        info.put("shardId", shardId);
        info.put("startSequenceNumber", records.get(0).dynamodb().sequenceNumber());
        info.put("endSequenceNumber", records.get(records.size() - 1).dynamodb().sequenceNumber());
        info.put("approximateArrivalOfFirstRecord", String.valueOf(records.get(0).dynamodb().approximateCreationDateTime()));
        info.put("approximateArrivalOfLastRecord", String.valueOf(records.get(records.size() - 1).dynamodb().approximateCreationDateTime()));
        info.put("batchSize", records.size());
        info.put("streamArn", streamArn);
        settings.onFailure().accept(message.toString());
    }

    private String event(List<Record> records) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode array = event.putArray("Records");
        records.forEach(record -> array.add(record(record)));
        return event.toString();
    }

    /** One record as Lambda's event carries it. */
    private ObjectNode record(Record record) {
        ObjectNode json = JSON.createObjectNode();
        json.put("eventID", record.eventID());
        json.put("eventName", record.eventNameAsString());
        json.put("eventVersion", record.eventVersion() == null ? "1.1" : record.eventVersion());
        json.put("eventSource", "aws:dynamodb");
        json.put("awsRegion", CloudResources.REGION);
        StreamRecord change = record.dynamodb();
        ObjectNode dynamodb = json.putObject("dynamodb");
        if (change.approximateCreationDateTime() != null) {
            dynamodb.put("ApproximateCreationDateTime", change.approximateCreationDateTime().getEpochSecond());
        }
        dynamodb.set("Keys", DynamoDbIntegration.json(change.keys()));
        if (change.hasNewImage()) {
            dynamodb.set("NewImage", DynamoDbIntegration.json(change.newImage()));
        }
        if (change.hasOldImage()) {
            dynamodb.set("OldImage", DynamoDbIntegration.json(change.oldImage()));
        }
        dynamodb.put("SequenceNumber", change.sequenceNumber());
        if (change.sizeBytes() != null) {
            dynamodb.put("SizeBytes", change.sizeBytes());
        }
        dynamodb.put("StreamViewType", change.streamViewTypeAsString());
        json.put("eventSourceARN", streamArn);
        return json;
    }
}
