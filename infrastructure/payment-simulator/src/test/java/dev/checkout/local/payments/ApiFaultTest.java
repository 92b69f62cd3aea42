package dev.checkout.local.payments;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.model.PaymentIntent;
import com.stripe.net.ApiResource;
import com.stripe.net.RawRequestOptions;
import com.stripe.net.RequestOptions;
import com.stripe.net.StripeResponse;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 5xx, timeouts and latency on API calls, before or after the simulator acted, and what stripe-java's network
 * retries (same request, same Idempotency-Key) make of them.
 */
@Tag("unit")
class ApiFaultTest {
    private PaymentSimulator sim;

    @BeforeEach
    void start() {
        sim = PaymentSimulator.start(PaymentSimulatorConfig.forTests());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private StripeClient client(int maxNetworkRetries, int readTimeoutMillis) {
        return StripeClient.builder().setApiKey("sk_test_simulator").setApiBase(sim.baseUrl())
                .setMaxNetworkRetries(maxNetworkRetries).setReadTimeout(readTimeoutMillis).build();
    }

    private static PaymentIntent pay(StripeClient stripe, String key) throws Exception {
        return stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                        .setAmount(1999L).setCurrency("usd").setPaymentMethod("pm_card_visa").setConfirm(true).build(),
                RequestOptions.builder().setIdempotencyKey(key).build());
    }

    @Test
    void serverErrorBeforeProcessing_withoutRetries_isApiException_andChargesNothing() {
        sim.faults().serverErrors(1, FaultPhase.BEFORE_PROCESSING);

        ApiException e = assertThrows(ApiException.class, () -> pay(client(0, 5_000), "k-500b"));

        assertEquals(500, e.getStatusCode());
        assertEquals(0, sim.chargeCount("k-500b").charges());
        assertTrue(sim.paymentIntents().isEmpty());
    }

    @Test
    void serverErrorAfterProcessing_withoutRetries_isApiException_butTheChargeHappened() {
        sim.faults().serverErrors(1, FaultPhase.AFTER_PROCESSING);

        assertThrows(ApiException.class, () -> pay(client(0, 5_000), "k-500a"));

        assertEquals(1, sim.chargeCount("k-500a").succeeded());
    }

    @Test
    void serverErrorBeforeProcessing_thenRetry_chargesOnce() throws Exception {
        sim.faults().serverErrors(1, FaultPhase.BEFORE_PROCESSING);

        PaymentIntent intent = pay(client(2, 5_000), "k-retry-b");

        assertEquals("succeeded", intent.getStatus());
        assertEquals(new ChargeCount("k-retry-b", 1, 1, 1), sim.chargeCount("k-retry-b"));
    }

    @Test
    void serverErrorAfterProcessing_thenRetryWithTheSameKey_replaysTheCharge() throws Exception {
        sim.faults().serverErrors(1, FaultPhase.AFTER_PROCESSING);

        PaymentIntent intent = pay(client(2, 5_000), "k-retry-a");

        assertEquals("succeeded", intent.getStatus());
        assertEquals("true", intent.getLastResponse().headers().firstValue("Idempotent-Replayed").orElse(null));
        assertEquals(new ChargeCount("k-retry-a", 1, 1, 1), sim.chargeCount("k-retry-a"));
    }

    @Test
    void serverErrorAfterProcessing_thenRetryByTheCaller_replaysTheCharge() throws Exception {
        sim.faults().serverErrors(1, FaultPhase.AFTER_PROCESSING);
        StripeClient stripe = client(0, 5_000);
        assertThrows(ApiException.class, () -> pay(stripe, "order-o-5"));

        PaymentIntent intent = pay(stripe, "order-o-5");

        assertEquals("succeeded", intent.getStatus());
        assertEquals(1, sim.chargeCount("order-o-5").succeeded());
    }

    @Test
    void timeoutAfterProcessing_thenRetry_replaysTheCharge() throws Exception {
        sim.faults().timeouts(1, FaultPhase.AFTER_PROCESSING);

        PaymentIntent intent = pay(client(2, 1_500), "k-timeout-a");

        assertEquals("succeeded", intent.getStatus());
        assertEquals("true", intent.getLastResponse().headers().firstValue("Idempotent-Replayed").orElse(null));
        assertEquals(new ChargeCount("k-timeout-a", 1, 1, 1), sim.chargeCount("k-timeout-a"));
    }

    @Test
    void timeoutBeforeProcessing_withoutRetries_isApiConnectionException_andChargesNothing() {
        sim.faults().timeouts(1, FaultPhase.BEFORE_PROCESSING);

        assertThrows(ApiConnectionException.class, () -> pay(client(0, 300), "k-timeout-b"));

        assertEquals(0, sim.chargeCount("k-timeout-b").charges());
    }

    @Test
    void timeoutBeforeProcessing_thenRetry_chargesOnce() throws Exception {
        sim.faults().timeouts(1, FaultPhase.BEFORE_PROCESSING);

        PaymentIntent intent = pay(client(2, 1_500), "k-timeout-retry");

        assertEquals("succeeded", intent.getStatus());
        assertEquals(1, sim.chargeCount("k-timeout-retry").succeeded());
    }

    @Test
    void faults_countDown_andThenCallsSucceedAgain() throws Exception {
        sim.faults().serverErrors(2, FaultPhase.BEFORE_PROCESSING);
        StripeClient stripe = client(0, 5_000);

        assertThrows(ApiException.class, () -> pay(stripe, "k-a"));
        assertThrows(ApiException.class, () -> pay(stripe, "k-a"));
        PaymentIntent intent = pay(stripe, "k-a");

        assertEquals("succeeded", intent.getStatus());
        assertTrue(sim.faults().settings().requestFaults().isEmpty());
    }

    @Test
    void scopedFault_hitsOnlyTheMatchingCalls() throws Exception {
        sim.faults().serverErrors(1, FaultPhase.BEFORE_PROCESSING, "POST /v1/refunds");
        StripeClient stripe = client(0, 5_000);

        PaymentIntent intent = pay(stripe, "k-scoped");
        ApiException e = assertThrows(ApiException.class, () -> stripe.v1().refunds().create(
                RefundCreateParams.builder().setPaymentIntent(intent.getId()).build()));

        assertEquals(500, e.getStatusCode());
        assertTrue(sim.refunds().isEmpty());
    }

    @Test
    void latencyLongerThanTheReadTimeout_makesTheCallTimeOut() {
        sim.faults().latency(Duration.ofMillis(1_500));

        assertThrows(ApiConnectionException.class, () -> pay(client(0, 200), "k-slow"));
    }

    @Test
    void latency_delaysButDoesNotFailTheCall() throws Exception {
        sim.faults().latency(Duration.ofMillis(200));
        long started = System.nanoTime();

        assertEquals("succeeded", pay(client(0, 5_000), "k-latency").getStatus());
        // A lower bound only: the call waited at least the latency switched on.
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 200);
    }

    @Test
    void perRequestFaultHeader_failsThatRequestOnly() throws Exception {
        StripeClient stripe = client(0, 5_000);
        RawRequestOptions faulty = RawRequestOptions.builder()
                .setAdditionalHeaders(Map.of(StripeApiHandler.FAULT_HEADER, "error:after"))
                .setIdempotencyKey("k-header").build();
        String body = "amount=1999&currency=usd&payment_method=pm_card_visa&confirm=true";

        ApiException e = assertThrows(ApiException.class,
                () -> stripe.rawRequest(ApiResource.RequestMethod.POST, "/v1/payment_intents", body, faulty));
        StripeResponse retried = stripe.rawRequest(ApiResource.RequestMethod.POST, "/v1/payment_intents", body,
                RawRequestOptions.builder().setIdempotencyKey("k-header").build());

        assertEquals(500, e.getStatusCode());
        assertEquals(200, retried.code());
        assertEquals("true", retried.headers().firstValue("Idempotent-Replayed").orElse(null));
        assertEquals(1, sim.chargeCount("k-header").succeeded());
    }

    @Test
    void unknownFaultHeader_isABadRequest() {
        StripeClient stripe = client(0, 5_000);
        RawRequestOptions faulty = RawRequestOptions.builder()
                .setAdditionalHeaders(Map.of(StripeApiHandler.FAULT_HEADER, "explode")).build();

        assertThrows(com.stripe.exception.InvalidRequestException.class,
                () -> stripe.rawRequest(ApiResource.RequestMethod.GET, "/v1/payment_intents/pi_x", "", faulty));
    }

    @Test
    void clear_switchesEveryFaultOff() throws Exception {
        sim.faults().serverErrors(5, FaultPhase.BEFORE_PROCESSING).latency(Duration.ofMillis(10))
                .duplicateEvents(3).outOfOrderEvents(true).dropDeliveryAttempts(2).loseEvents(4);

        sim.faults().clear();

        assertEquals(new FaultSettings(0, java.util.List.of(), 1, false, 0, 0, null), sim.faults().settings());
        assertEquals("succeeded", pay(client(0, 5_000), "k-clear").getStatus());
    }
}
