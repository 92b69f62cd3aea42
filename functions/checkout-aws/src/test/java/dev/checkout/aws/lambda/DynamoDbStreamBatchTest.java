package dev.checkout.aws.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class DynamoDbStreamBatchTest {

    /** Records e0..e{n-1}, sequence numbers 100.., each an item whose key is its event id. */
    private static JsonNode event(int records) {
        ObjectNode event = Json.object();
        var array = event.putArray("Records");
        for (int i = 0; i < records; i++) {
            ObjectNode record = array.addObject();
            record.put("eventID", "e" + i);
            record.put("eventName", "MODIFY");
            record.putObject("dynamodb").put("SequenceNumber", String.valueOf(100 + i));
        }
        return event;
    }

    private static List<String> failures(JsonNode response) {
        var failed = new ArrayList<String>();
        response.path("batchItemFailures").forEach(f -> failed.add(f.path("itemIdentifier").asText()));
        return failed;
    }

    @Test
    void processAll_handsEveryRecordReadToOneCall_andReportsNothingWhenItSucceeds() {
        var calls = new ArrayList<List<String>>();

        JsonNode response = DynamoDbStreamBatch.processAll(event(4), r -> r.eventId().equals("e2") ? Optional.empty() : Optional.of(r.eventId()), calls::add);

        assertEquals(List.of(List.of("e0", "e1", "e3")), calls);
        assertEquals(List.of(), failures(response));
    }

    @Test
    void processAll_namesTheRecordTheHandlerFailedFrom() {
        JsonNode response = DynamoDbStreamBatch.processAll(event(4), r -> Optional.of(r.eventId()), records -> {
            throw new DynamoDbStreamBatch.FailedFrom("e2", new IllegalStateException("throttled"));
        });

        assertEquals(List.of("102"), failures(response));
    }

    @Test
    void processAll_namesTheFirstRecord_whenTheHandlerFailsOtherwise() {
        JsonNode response = DynamoDbStreamBatch.processAll(event(3), r -> Optional.of(r.eventId()), records -> {
            throw new IllegalStateException("down");
        });

        assertEquals(List.of("100"), failures(response));
    }

    @Test
    void processAll_handlesTheRecordsBeforeAnUnreadableOne_andNamesIt() {
        var calls = new ArrayList<List<String>>();

        JsonNode response = DynamoDbStreamBatch.processAll(event(4), r -> {
            if (r.eventId().equals("e2")) {
                throw new IllegalArgumentException("no lines");
            }
            return Optional.of(r.eventId());
        }, calls::add);

        assertEquals(List.of(List.of("e0", "e1")), calls);
        assertEquals(List.of("102"), failures(response));
    }
}
