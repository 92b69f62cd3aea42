package dev.checkout.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.local.cloud.LocalCloud;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The reduced fault campaign: every fault kind, a few checkouts each, from concurrent clients, on the three payment
 * platforms (a third each); every invariant holds once the system is quiet. {@code java -jar target/resilience.jar} runs the full one.
 */
@Tag("campaign")
class ReducedFaultCampaignTest {

    @Test
    void everyInvariantHolds_underEveryFaultKind() throws Exception {
        CampaignSettings settings = CampaignSettings.reduced();
        Path root = LocalCloud.projectRoot();
        CampaignReport report;
        try (LocalCloud cloud = LocalCloud.start(ResilienceRun.config(root, settings))) {
            report = new FaultCampaign(cloud, settings).run(System.out::println);
        }
        System.out.println(report.table());
        report.writeJson(root.resolve("infrastructure/resilience/target/resilience-reduced.json"));

        assertEquals(settings.checkouts(), report.checkouts(), report.table());
        assertTrue(report.hitByFaults() * 5 >= report.checkouts(), "at least 20 % of the checkouts meet a fault");
        for (String kind : new String[] {"PROVIDER_LATENCY", "PROVIDER_5XX_BEFORE", "PROVIDER_5XX_AFTER", "PROVIDER_TIMEOUT",
                "WEBHOOK_DUPLICATE", "WEBHOOK_OUT_OF_ORDER", "WEBHOOK_DROPPED", "DYNAMODB_THROTTLING", "CRASH_AFTER_SIDE_EFFECT",
                "WEBHOOK_MISMATCHED", "DYNAMODB_ITEM_LIMITS", "CANCEL_RACE", "REFUND_RACE"}) {
            assertTrue(report.faults().getOrDefault(kind, 0L) > 0, kind + " was injected");
        }
        for (String platform : Platforms.NAMES) {
            assertTrue(report.checkoutsByPlatform().getOrDefault(platform, 0L) * 4 >= report.checkouts(), platform + " has a quarter of the checkouts");
            for (String kind : new String[] {"WEBHOOK_MISMATCHED", "PROVIDER_LATENCY", "PROVIDER_5XX_BEFORE", "PROVIDER_5XX_AFTER"}) {
                assertTrue(report.faultsByPlatform().getOrDefault(kind, Map.of()).getOrDefault(platform, 0L) > 0, kind + " struck " + platform);
            }
        }
        assertTrue(report.invariants().violations().containsKey("calls granted by the template"), report.table());
        assertEquals(0, report.violations(), report.table());
    }
}
