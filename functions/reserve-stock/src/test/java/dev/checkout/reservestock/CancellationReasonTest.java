package dev.checkout.reservestock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.aws.lambda.Json;
import dev.checkout.local.services.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Unit: the reason a released order keeps, from the reason code or the error name the workflow passes. */
@Tag("unit")
class CancellationReasonTest {

    private static String reasonFor(String passed) {
        return ReserveStockHandler.reason(Json.object().put("reason", passed));
    }

    @Test
    void aCodeTheWorkflowPasses_isKeptAsItIs() {
        assertEquals("OUT_OF_STOCK", reasonFor("OUT_OF_STOCK"));
        assertEquals("CONFIRMATION_FAILED", reasonFor("CONFIRMATION_FAILED"));
    }

    @Test
    void eachErrorTheWorkflowNames_becomesItsCode() {
        assertEquals("PAYMENT_DECLINED", reasonFor("dev.checkout.domain.PaymentDeclinedException"));
        assertEquals("PAYMENT_PROVIDER_UNAVAILABLE", reasonFor("dev.checkout.domain.PaymentProviderUnavailableException"));
        assertEquals("PAYMENT_WINDOW_EXPIRED", reasonFor("States.HeartbeatTimeout"));
        assertEquals("PAYMENT_WINDOW_EXPIRED", reasonFor("States.Timeout"));
        assertEquals("STORAGE_UNAVAILABLE", reasonFor("dev.checkout.domain.StorageUnavailableException"));
        assertEquals("STATE_CONFLICT", reasonFor("dev.checkout.domain.StateConflictException"));
        assertEquals("VERSION_CONFLICT", reasonFor("dev.checkout.domain.VersionConflictException"));
    }

    /** Each error a step of statemachine/checkout.asl.json catches by name on its way to ReleaseAndCancel has a code of its own. */
    @Test
    void everyErrorTheWorkflowCatchesByName_beforeCancelling_hasItsCode() throws IOException {
        // The substitutions only fill in ARNs, URLs and the payment window: any value makes the definition JSON.
        JsonNode states = Json.parse(Files.readString(ProjectFiles.locate("statemachine/checkout.asl.json")).replaceAll("\\$\\{\\w+}", "0"))
                .path("States");
        int named = 0;
        for (JsonNode state : states) {
            for (JsonNode rule : state.path("Catch")) {
                if (!rule.path("Next").asText().equals("ReleaseAndCancel")) {
                    continue;
                }
                for (JsonNode error : rule.path("ErrorEquals")) {
                    if (!error.asText().equals("States.ALL")) {
                        named++;
                        assertNotEquals(ReserveStockHandler.UNNAMED_FAILURE, reasonFor(error.asText()), error.asText());
                    }
                }
            }
        }
        assertNotEquals(0, named);
    }

    @Test
    void anErrorNoStepNames_isCheckoutFailed_neverItsClassName() {
        for (String error : new String[] {"Lambda.Unknown", "Lambda.TooManyRequestsException", "SQS.SdkClientException", "States.TaskFailed",
                "software.amazon.awssdk.services.dynamodb.model.DynamoDbException", "java.lang.NullPointerException"}) {
            assertEquals(ReserveStockHandler.UNNAMED_FAILURE, reasonFor(error), error);
        }
    }

    @Test
    void noReason_isNone() {
        assertNull(ReserveStockHandler.reason(Json.object()));
    }
}
