package dev.checkout.statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.checkout.aws.testing.ApiEvent;
import dev.checkout.aws.testing.ApiEvent.ApiResult;
import dev.checkout.aws.testing.LocalEnvironment;
import dev.checkout.aws.testing.OpenApiContract;
import dev.checkout.aws.testing.OpenApiContract.Exchange;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Integration tier: GET /statistics on DynamoDB Local, driven by events/get-statistics.json; answers checked against openapi.yaml. */
@Tag("integration")
class StatisticsQueryHandlerTest {
    private final StatisticsQueryHandler handler = new StatisticsQueryHandler(LocalEnvironment.of(Map.of()));
    private final OpenApiContract contract = OpenApiContract.load();

    private ApiResult invoke(ApiEvent event) {
        ApiResult result = event.invoke(handler);
        contract.assertResponseConforms(Exchange.of(event, result));
        return result;
    }

    @Test
    void anAdmin_getsEveryDayOfTheRange_withThePlatformsAndTheStatusTotals() {
        ApiResult result = invoke(ApiEvent.from("get-statistics.json"));

        assertEquals(200, result.status(), result.text());
        assertEquals(7, result.body().path("days").size());
        assertEquals("2026-11-28", result.body().path("days").get(6).path("date").asText());
        assertEquals(3, result.body().path("totals").path("platforms").size());
        assertEquals(8, result.body().path("byStatus").size());
    }

    @Test
    void aCustomer_isForbidden() {
        ApiResult result = invoke(ApiEvent.from("get-statistics.json").caller("alice", false));

        assertEquals(403, result.status());
        assertEquals("FORBIDDEN", result.errorCode());
    }

    @Test
    void missingMalformedBackwardsAndTooLongRanges_are400() {
        for (var range : new String[][] {{"", "2026-11-28"}, {"2026-11-22", "28/11/2026"}, {"2026-11-31", "2026-12-01"},
                {"2026-11-28", "2026-11-22"}, {"2026-01-01", "2026-04-03"}}) {
            ApiEvent event = ApiEvent.from("get-statistics.json").query("from", range[0]).query("to", range[1]);

            ApiResult result = invoke(event);

            assertEquals(400, result.status(), range[0] + ".." + range[1] + ": " + result.text());
            assertEquals("VALIDATION_FAILED", result.errorCode());
        }
    }

    @Test
    void withoutVerifiedClaims_is401() {
        assertEquals(401, invoke(ApiEvent.from("get-statistics.json").anonymous()).status());
    }
}
