package dev.checkout.aws.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.aws.logging.LogContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * A DynamoDB Streams event source batch ({@code {"Records": [{eventID, eventName, dynamodb: {Keys, NewImage,
 * OldImage, SequenceNumber, ...}, eventSourceARN}]}}), read in stream order up to the first record that cannot be
 * read, and the records read handled together, so that a consumer writes the batch in as few writes as it can.
 * The answer names the first record not done ({@code ReportBatchItemFailures}): the one the handler says it failed
 * from ({@link FailedFrom}), or the first it was given when it failed otherwise, or else the record that could not
 * be read. Lambda retries from that record on, so the records of an item stay in order; the records before it are
 * done.
 *
 * <p>This is the one place a stream consumer catches everything: turning a record's failure into a batch item
 * failure is its job.
 */
public final class DynamoDbStreamBatch {
    private static final System.Logger LOG = System.getLogger(DynamoDbStreamBatch.class.getName());

    private DynamoDbStreamBatch() {
    }

    /** One stream record: {@code eventID}, {@code eventName} (INSERT, MODIFY, REMOVE) and its {@code dynamodb} part. */
    public record StreamRecord(String eventId, String eventName, String sequenceNumber, JsonNode keys, JsonNode oldImage, JsonNode newImage) {
    }

    /** Reads one record into what a batch handler takes; empty for a record it passes over. */
    @FunctionalInterface
    public interface RecordReader<T> {
        Optional<T> read(StreamRecord record);
    }

    /** Handles the records read, in order, together; throws {@link FailedFrom} when it finished only those before one. */
    @FunctionalInterface
    public interface BatchHandler<T> {
        void handle(List<T> records);
    }

    /** A batch handler finished the records before the one with {@code eventId}, and not that one or any after it. */
    public static final class FailedFrom extends RuntimeException {
        private final String eventId;

        public FailedFrom(String eventId, Throwable cause) {
            super("stream records failed from " + eventId + " on", cause);
            this.eventId = eventId;
        }

        public String eventId() {
            return eventId;
        }
    }

    /**
     * Reads the event from {@code input}, reads its records in order ({@code reader}) and hands those read to
     * {@code handler} at once; writes the batch response to {@code output}.
     */
    public static <T> void processAll(InputStream input, OutputStream output, Context context, RecordReader<T> reader, BatchHandler<T> handler) throws IOException {
        LogContext.during(context, () -> Json.write(output, processAll(Json.read(input), reader, handler)));
    }

    static <T> ObjectNode processAll(JsonNode event, RecordReader<T> reader, BatchHandler<T> handler) {
        ObjectNode response = Json.object();
        var failures = response.putArray("batchItemFailures");
        var read = new ArrayList<T>();
        var sequenceNumbers = new LinkedHashMap<String, String>();
        String unreadable = null;
        for (JsonNode json : event.path("Records")) {
            StreamRecord record = record(json);
            try {
                reader.read(record).ifPresent(read::add);
                sequenceNumbers.put(record.eventId(), record.sequenceNumber());
            } catch (RuntimeException e) {
                warn(record, e);
                unreadable = record.sequenceNumber();
                break;
            }
        }
        String failed = unreadable;
        if (!read.isEmpty()) {
            try {
                handler.handle(read);
            } catch (FailedFrom e) {
                LOG.log(System.Logger.Level.WARNING, "stream records failed from " + e.eventId() + " on: " + describe(e.getCause()));
                failed = sequenceNumbers.getOrDefault(e.eventId(), sequenceNumbers.values().iterator().next());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "stream batch failed: " + describe(e));
                failed = sequenceNumbers.values().iterator().next();
            }
        }
        if (failed != null) {
            failures.addObject().put("itemIdentifier", failed);
        }
        return response;
    }

    private static StreamRecord record(JsonNode json) {
        JsonNode dynamodb = json.path("dynamodb");
        return new StreamRecord(json.path("eventID").asText(), json.path("eventName").asText(),
                dynamodb.path("SequenceNumber").asText(), dynamodb.path("Keys"), dynamodb.path("OldImage"), dynamodb.path("NewImage"));
    }

    private static void warn(StreamRecord record, RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "stream record " + record.eventId() + " (sequence " + record.sequenceNumber() + ") failed: " + describe(e));
    }

    private static String describe(Throwable e) {
        return e == null ? "" : e.getClass().getName() + ": " + e.getMessage();
    }
}
