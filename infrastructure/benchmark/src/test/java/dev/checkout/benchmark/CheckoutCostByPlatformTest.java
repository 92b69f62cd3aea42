package dev.checkout.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.cloud.LocalCloud;
import dev.checkout.local.cloud.LocalCloudConfig;
import dev.checkout.local.services.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's per-checkout cost, measured for a checkout on each platform (a Stripe card, Alipay's QR code, WeChat
 * Pay Native, the wallet customer paying through the simulator) on a local cloud with the platforms' real delays, as the
 * benchmark runs it; printed side by side. Lambda duration is priced at the default 10 ms a warm invocation here (the
 * full benchmark prices each function's measured warm p50).
 */
@Tag("end-to-end")
class CheckoutCostByPlatformTest {
    private static final int CHECKOUTS = 5;

    @Test
    void everyPlatformsCheckout_isMeteredAndPriced_sideBySide() {
        Path root = LocalCloud.projectRoot();
        var byWay = new LinkedHashMap<CheckoutCost.Way, CheckoutCost.Result>();
        try (LocalCloud cloud = LocalCloud.start(new LocalCloudConfig("127.0.0.1", 0, 0, 0, 0, 0, false, false, true, root, null, Map.of()))) {
            ShopClient api = new ShopClient(cloud.apiEndpoint());
            String admin = cloud.token("admin");
            for (CheckoutCost.Way way : CheckoutCost.Way.values()) {
                String sku = "COST-" + way.currency() + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
                api.putProduct(admin, sku, way.currency().equals("CNY") ? 8800 : 1500, way.currency(), 1_000_000L);
                // One unmetered checkout first, so the figures are not those of the first (cold) invocations.
                CheckoutCost.measure(cloud, api, cloud.token("alice"), sku, 1, way);
                byWay.put(way, CheckoutCost.measure(cloud, api, cloud.token("alice"), sku, CHECKOUTS, way));
            }
        }
        var printed = new ByteArrayOutputStream();
        ObjectNode figures = new ObjectMapper().createObjectNode();
        Benchmark.reportCostByPlatform(byWay, Benchmark.functions(SamTemplate.load(root.resolve("infrastructure/template.yaml"))), Map.of(),
                figures, new PrintStream(printed, true, StandardCharsets.UTF_8));
        System.out.println(printed.toString(StandardCharsets.UTF_8));

        JsonNode rows = figures.path("perCheckoutByPlatform");
        assertEquals(3, rows.size(), rows.toString());
        rows.forEach(row -> {
            assertEquals(CHECKOUTS, row.path("checkouts").asInt(), row.toString());
            assertTrue(row.path("dynamoDbCallTotal").asDouble() > 0, row.toString());
            assertTrue(row.path("writeRequestUnits").asDouble() > 0, row.toString());
            assertTrue(row.path("stateTransitions").asDouble() > 0, row.toString());
            assertTrue(row.path("sqsBilledRequests").asDouble() > 0, row.toString());
            assertTrue(row.path("webhookDeliveries").asDouble() >= 1, "every payment is confirmed by a notification: " + row);
            assertTrue(row.path("costPerMillionCheckoutsUsd").asDouble() > 0, row.toString());
        });
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("AWS $ per 1M checkouts"));
    }
}
