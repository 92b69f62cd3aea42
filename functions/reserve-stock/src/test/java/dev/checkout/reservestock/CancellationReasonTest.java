package dev.checkout.reservestock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.checkout.aws.lambda.Json;
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
