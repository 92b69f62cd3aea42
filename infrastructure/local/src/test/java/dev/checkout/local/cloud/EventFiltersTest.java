package dev.checkout.local.cloud;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class EventFiltersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EventFilters filters(String... patterns) {
        return EventFilters.of(Map.of("Filters", List.of(patterns).stream().map(p -> Map.of("Pattern", p)).toList()));
    }

    private static JsonNode record(String pk, String sk) throws Exception {
        return JSON.readTree("{\"eventName\": \"MODIFY\", \"dynamodb\": {\"Keys\": {\"PK\": {\"S\": \"" + pk + "\"}, \"SK\": {\"S\": \"" + sk + "\"}}}}");
    }

    @Test
    void aRecord_passes_whenEveryFieldOfAPatternMatches() throws Exception {
        EventFilters orders = filters("{\"dynamodb\": {\"Keys\": {\"SK\": {\"S\": [\"ORDER\"]}, \"PK\": {\"S\": [{\"prefix\": \"ORDER#\"}]}}}}");

        assertTrue(orders.matches(record("ORDER#1", "ORDER")));
        assertFalse(orders.matches(record("ORDER#1", "PAYMENT#1")));
        assertFalse(orders.matches(record("STATS#2026-11-22", "ORDER")));
    }

    @Test
    void anyOfSeveralPatterns_letsARecordThrough_andExistsChecksPresence() throws Exception {
        EventFilters filters = filters("{\"eventName\": [\"INSERT\"]}", "{\"dynamodb\": {\"NewImage\": [{\"exists\": false}]}}");

        assertTrue(filters.matches(record("A", "B")));
        assertFalse(filters("{\"eventName\": [\"INSERT\", \"REMOVE\"]}").matches(record("A", "B")));
    }

    @Test
    void noFilterCriteria_passesEverything_andAnUnsupportedOperator_failsAtStart() throws Exception {
        assertTrue(EventFilters.of(null).matches(record("A", "B")));
        assertThrows(IllegalArgumentException.class, () -> filters("{\"dynamodb\": {\"SizeBytes\": [{\"numeric\": [\">\", 0]}]}}"));
    }
}
