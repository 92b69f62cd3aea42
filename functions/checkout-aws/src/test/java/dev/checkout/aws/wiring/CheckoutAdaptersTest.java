package dev.checkout.aws.wiring;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.domain.OrderId;
import dev.checkout.port.CheckoutWorkflow;
import dev.checkout.port.PaymentProvider;
import dev.checkout.port.PendingPaymentCancellation;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Adapters whose clients only some invocations need are handed out without their client, which the
 * first call builds; their configuration is still checked when they are handed out. The environment
 * below has no region, so building any SDK client fails: that is how these tests see whether one was
 * built.
 */
@Tag("unit")
class CheckoutAdaptersTest {
    private static final OrderId ORDER = OrderId.of("ord_00000000000000000000000000");

    private static CheckoutAdapters adaptersWithoutRegion(Map<String, String> variables) {
        return new CheckoutAdapters(FunctionEnvironment.of(variables));
    }

    @Test
    void workflow_buildsItsStepFunctionsClient_onItsFirstCall() {
        CheckoutWorkflow workflow = adaptersWithoutRegion(Map.of("CHECKOUT_STATE_MACHINE_ARN", "arn:aws:states:us-east-1:000000000000:stateMachine:x"))
                .workflow();

        var e = assertThrows(IllegalStateException.class, () -> workflow.isWaiting("task-token"));
        assertTrue(e.getMessage().contains("AWS_DEFAULT_REGION"), e.getMessage());
    }

    @Test
    void workflow_withoutItsStateMachine_failsWhenHandedOut() {
        var e = assertThrows(IllegalStateException.class, () -> adaptersWithoutRegion(Map.of()).workflow());
        assertTrue(e.getMessage().contains("CHECKOUT_STATE_MACHINE_ARN"), e.getMessage());
    }

    @Test
    void pendingPaymentCancellation_buildsItsSqsClient_onItsFirstCall() {
        PendingPaymentCancellation cancellation = adaptersWithoutRegion(Map.of("CHARGE_QUEUE_URL", "http://127.0.0.1:1/000000000000/ChargeQueue"))
                .pendingPaymentCancellation();

        assertThrows(IllegalStateException.class, () -> cancellation.cancelPendingPayments(ORDER));
    }

    @Test
    void provider_namesItselfWithoutBuildingItsClient_andBuildsItOnTheFirstCallThatNeedsIt() {
        PaymentAdapters payments = new PaymentAdapters(adaptersWithoutRegion(Map.of("STRIPE_API_KEY_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:k")));

        PaymentProvider provider = payments.providers().named("stripe");

        assertEquals("stripe", provider.name());
        var e = assertThrows(IllegalStateException.class, () -> provider.findPayment("pi_1"));
        assertTrue(e.getMessage().contains("AWS_DEFAULT_REGION"), "the key's secret is read on the first call: " + e.getMessage());
    }

    @Test
    void provider_withoutAnyApiKey_failsWhenHandedOut() {
        PaymentAdapters payments = new PaymentAdapters(adaptersWithoutRegion(Map.of()));

        var e = assertThrows(IllegalStateException.class, payments::providers);
        assertTrue(e.getMessage().contains("STRIPE_API_KEY_SECRET_ARN"), e.getMessage());
    }

    @Test
    void servingPagedRoutes_withoutAPageTokenKey_failsAtStart_namingWhereToPutIt() {
        var e = assertThrows(IllegalStateException.class, () -> CheckoutAdapters.servingPagedRoutes(FunctionEnvironment.of(Map.of())));

        assertTrue(e.getMessage().contains("PAGE_TOKEN_KEY_SECRET_ARN") && e.getMessage().contains("PAGE_TOKEN_KEY"), e.getMessage());
    }

    @Test
    void servingPagedRoutes_withTheKeysSecret_readsNothingAtStart() {
        assertDoesNotThrow(() -> CheckoutAdapters.servingPagedRoutes(FunctionEnvironment.of(Map.of(
                "PAGE_TOKEN_KEY_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:PageTokenKeySecret"))));
    }

    @Test
    void onFirstUse_makesItsValueOnce() {
        AtomicInteger made = new AtomicInteger();
        OnFirstUse<String> value = new OnFirstUse<>(() -> "made " + made.incrementAndGet());

        assertEquals(0, made.get());
        assertEquals("made 1", value.get());
        assertEquals("made 1", value.get());
        assertDoesNotThrow(value::get);
        assertEquals(1, made.get());
    }
}
