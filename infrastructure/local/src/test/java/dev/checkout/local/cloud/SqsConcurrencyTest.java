package dev.checkout.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Unit: how many pollers (batches in flight at once) the local cloud gives an SQS event source of the template. */
@Tag("unit")
class SqsConcurrencyTest {

    @Test
    void anSqsEventSource_isGivenFivePollers_asLambdaStartsFiveBatches() {
        assertEquals(5, TemplateWiring.concurrentBatches(Map.of("Queue", "arn", "BatchSize", 10)));
    }

    @Test
    void anSqsEventSource_isGivenFewerPollers_whenTheTemplateCapsItsConcurrency() {
        assertEquals(2, TemplateWiring.concurrentBatches(Map.of("ScalingConfig", Map.of("MaximumConcurrency", 2))));
        assertEquals(5, TemplateWiring.concurrentBatches(Map.of("ScalingConfig", Map.of("MaximumConcurrency", 50))));
    }
}
