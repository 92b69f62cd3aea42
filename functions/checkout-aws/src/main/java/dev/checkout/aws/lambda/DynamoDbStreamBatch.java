package dev.checkout.aws.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.aws.logging.LogContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A DynamoDB Streams event source batch ({@code {"Records": [{eventID, eventName, dynamodb: {Keys, NewImage,
 * OldImage, SequenceNumber, ...}, eventSourceARN}]}}), handled record by record in stream order. The first record
 * that fails ends the batch: the answer names its sequence number ({@code ReportBatchItemFailures}), so that
 * Lambda retries from that record on and the records of an item stay in order; the records before it are done.
 *
 * <p>This is the one place a stream consumer catches everything: turning a record's failure into a batch item
 * failure is its job.
 */
public final class DynamoDbStreamBatch {
    private DynamoDbStreamBatch() {
    }

    /** One stream record: {@code eventID}, {@code eventName} (INSERT, MODIFY, REMOVE) and its {@code dynamodb} part. */
    public record StreamRecord(String eventId, String eventName, String sequenceNumber, JsonNode keys, JsonNode oldImage, JsonNode newImage) {
    }

    @FunctionalInterface
    public interface RecordHandler {
        void handle(StreamRecord record);
    }

    /** Reads the event from {@code input}, handles its records in order, writes the batch response to {@code output}. */
    public static void process(InputStream input, OutputStream output, Context context, RecordHandler handler) throws IOException {
        LogContext.during(context, () -> Json.write(output, process(Json.read(input), handler)));
    }

    static ObjectNode process(JsonNode event, RecordHandler handler) {
        ObjectNode response = Json.object();
        var failures = response.putArray("batchItemFailures");
        for (JsonNode json : event.path("Records")) {
            JsonNode dynamodb = json.path("dynamodb");
            var record = new StreamRecord(json.path("eventID").asText(), json.path("eventName").asText(),
                    dynamodb.path("SequenceNumber").asText(), dynamodb.path("Keys"), dynamodb.path("OldImage"), dynamodb.path("NewImage"));
            var invocation = LogContext.fields();
            LogContext.put(LogContext.EVENT_ID, record.eventId());
            try {
                handler.handle(record);
            } catch (RuntimeException e) {
                System.getLogger(DynamoDbStreamBatch.class.getName()).log(System.Logger.Level.WARNING, "stream record " + record.eventId()
                        + " (sequence " + record.sequenceNumber() + ") failed: " + e.getClass().getName() + ": " + e.getMessage());
                failures.addObject().put("itemIdentifier", record.sequenceNumber());
                break;
            } finally {
                LogContext.restore(invocation);
            }
        }
        return response;
    }
}
