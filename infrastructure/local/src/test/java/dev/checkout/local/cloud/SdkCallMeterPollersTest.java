package dev.checkout.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The call meter tells the local cloud's own polling apart from work: an idle cloud's event sources go on receiving
 * from the functions' queues and reading the table's stream, and those calls are the pollers' alone.
 */
@Tag("end-to-end")
class SdkCallMeterPollersTest extends LocalCloudEndToEnd {

    @Test
    void anIdleCloud_makesPollerCallsOnly() {
        // Given: the cloud done with its start (the demo catalog's stream records counted): a round of polling with no other call.
        Awaitility.await("a round of polling with no other call").atMost(Duration.ofSeconds(120)).until(() -> {
            Map<String, Long> others = SdkCallMeter.callsExceptPollers();
            awaitPollingRound();
            return others.equals(SdkCallMeter.callsExceptPollers());
        });
        Map<String, Long> others = SdkCallMeter.callsExceptPollers();
        Map<String, Long> pollers = SdkCallMeter.pollerCalls();

        // When: the pollers poll again.
        Map<String, Long> pollersAfter = awaitPollingRound();

        // Then: their calls grew, and nothing else called.
        assertTrue(count(pollersAfter, "ReceiveMessage") > count(pollers, "ReceiveMessage"), pollersAfter::toString);
        assertTrue(count(pollersAfter, "GetRecords") > count(pollers, "GetRecords"), pollersAfter::toString);
        assertEquals(others, SdkCallMeter.callsExceptPollers());
    }

    @Test
    void allCalls_arePollerCallsAndTheOthers() {
        Map<String, Long> pollers = awaitPollingRound();
        Map<String, Long> others = SdkCallMeter.callsExceptPollers();
        Map<String, Long> all = SdkCallMeter.calls();

        var sum = new TreeMap<>(others);
        pollers.forEach((operation, count) -> sum.merge(operation, count, Long::sum));
        // Calls made between the snapshots only add to the later one.
        sum.forEach((operation, count) -> assertTrue(all.getOrDefault(operation, 0L) >= count, operation + ": " + all + " < " + sum));
        // (Functions and tests sharing this JVM receive too, e.g. the operations console reading a dead-letter queue:
        // a receive among the others is theirs, so the split is checked on an idle cloud above, not here.)
    }

    /** Waits until the queues' pollers and the stream's have each polled again; the pollers' calls then. */
    private static Map<String, Long> awaitPollingRound() {
        Map<String, Long> before = SdkCallMeter.pollerCalls();
        return Awaitility.await("the pollers polling again").atMost(Duration.ofSeconds(30))
                .until(SdkCallMeter::pollerCalls, now -> count(now, "ReceiveMessage") > count(before, "ReceiveMessage")
                        && count(now, "GetRecords") > count(before, "GetRecords"));
    }

    /** The calls of {@code operation} in {@code calls}, whichever service's. */
    private static long count(Map<String, Long> calls, String operation) {
        return calls.entrySet().stream().filter(e -> e.getKey().endsWith("." + operation)).mapToLong(Map.Entry::getValue).sum();
    }
}
