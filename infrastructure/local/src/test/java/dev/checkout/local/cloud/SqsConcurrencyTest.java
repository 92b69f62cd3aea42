package dev.checkout.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SqsConcurrencyTest {

    @Test
    void anSqsEventSource_runsFiveBatchesAtOnce_asLambdaStarts() {
        assertEquals(5, LocalCloud.concurrentBatches(Map.of("Queue", "arn", "BatchSize", 10)));
    }

    @Test
    void anSqsEventSource_runsFewerBatches_whenTheTemplateCapsItsConcurrency() {
        assertEquals(2, LocalCloud.concurrentBatches(Map.of("ScalingConfig", Map.of("MaximumConcurrency", 2))));
        assertEquals(5, LocalCloud.concurrentBatches(Map.of("ScalingConfig", Map.of("MaximumConcurrency", 50))));
    }
}
