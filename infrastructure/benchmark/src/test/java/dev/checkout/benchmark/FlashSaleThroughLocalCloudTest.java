package dev.checkout.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.checkout.local.cloud.LocalCloud;
import dev.checkout.local.cloud.LocalCloudConfig;
import dev.checkout.local.services.ItemLimits;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue #19's sale for real, scaled to what the build's machine drives: buyers rush one sharded SKU through the HTTP
 * API while DynamoDB Local throttles each item past a fiftieth of AWS's per-item throughput, and every order ends PAID
 * or REJECTED with the stock's invariants intact.
 */
@Tag("end-to-end")
class FlashSaleThroughLocalCloudTest {

    @Test
    void buyersRushingAShardedSku_pastOneItemsThroughput_getEveryUnit_andNoneTooMany() {
        var scenario = new LocalFlashSale.Scenario(240, 60, 8, 8, new ItemLimits(20, 60));
        LocalFlashSale.Result result;
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forLoad(LocalCloud.projectRoot()))) {
            result = LocalFlashSale.run(cloud, new ShopClient(cloud.apiEndpoint()), scenario);
        }
        var printed = new ByteArrayOutputStream();
        Benchmark.reportFlashSale(List.of(result), new ObjectMapper().createObjectNode(), new PrintStream(printed, true, StandardCharsets.UTF_8));
        System.out.println(printed.toString(StandardCharsets.UTF_8));

        assertEquals(scenario.buyers(), result.placed(), "every buyer's order was taken: " + result);
        assertEquals(60, result.paid(), "every unit sold: " + result);
        assertEquals(scenario.buyers() - 60, result.rejected(), "every other buyer told no: " + result);
        assertEquals(0, result.oversell(), result.toString());
        assertTrue(result.conserved(), "available + reserved + sold = units, and sold = PAID: " + result);
        assertEquals(0, result.undersell(), result.toString());
        assertEquals(0, result.available(), result.toString());
        assertTrue(result.throttles().values().stream().mapToLong(Long::longValue).sum() > 0,
                "the sale ran into DynamoDB's item limits: " + result.throttles());
    }
}
