package dev.checkout.local.cloud;

import static dev.checkout.local.cloud.ApiClient.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.local.cloud.ApiClient.Response;
import dev.checkout.local.payments.DeliveryOutcome;
import dev.checkout.local.payments.FaultPhase;
import dev.checkout.local.payments.SimulatedPaymentIntent;
import dev.checkout.local.payments.SimulatedRefund;
import dev.checkout.local.stepfunctions.clock.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A card capture whose answer never reached the checkout (every call to create it timed out after Stripe processed
 * it) and whose notification was lost: once the payment window closed, the charge queue's redelivery asks Stripe for
 * the payment made under the payment id, records the capture and refunds it.
 */
@Tag("end-to-end")
class LostChargeAnswerEndToEndTest extends LocalCloudEndToEnd {

    @AfterEach
    void switchFaultsOff() {
        cloud.paymentSimulator().faults().clear();
    }

    @Test
    void captureWhoseAnswerAndNotificationWereLost_isFoundAtStripe_andRefunded_afterThePaymentWindowClosed() {
        String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, api.putProduct(admin, sku, 1250, 5).status());
        // Every create call (the client's own retry and the adapter's repeat under the same key) is held past the read timeout.
        cloud.paymentSimulator().faults().timeouts(10, FaultPhase.AFTER_PROCESSING, "POST /v1/payment_intents")
                .loseEvents(1, "payment_intent.succeeded");
        Response created = api.order(alice, sku, 1, "pm_card_visa");
        assertEquals(201, created.status(), created.body().toString());
        String orderId = created.body().path("orderId").asText();
        SimulatedPaymentIntent captured = Awaitility.await("the capture at Stripe").atMost(Duration.ofSeconds(30))
                .until(() -> intentOf(orderId), intent -> intent != null && intent.status().equals("succeeded"));

        ((ManualClock) cloud.clock()).advance(Duration.ofSeconds(901));
        JsonNode expired = api.awaitOrder(alice, orderId, status("CANCELLED"));
        // Stored, then sent to Stripe, then settled by Stripe's event: the refund is awaited until it settled.
        JsonNode refunded = Awaitility.await("the redelivered charge finding the capture, and its refund settled").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/orders/" + orderId, alice).body(),
                        order -> order.path("refunds").size() == 1 && order.path("refunds").get(0).path("status").asText().equals("SUCCEEDED"));

        assertEquals("PAYMENT_WINDOW_EXPIRED", expired.path("statusReason").asText());
        assertEquals("CANCELLED", refunded.path("status").asText(), refunded.toString());
        assertEquals("SUCCEEDED", refunded.path("payments").get(0).path("status").asText(), refunded.toString());
        assertEquals(captured.id(), refunded.path("payments").get(0).path("providerReference").asText(), refunded.toString());
        List<SimulatedRefund> refunds = cloud.paymentSimulator().refunds().stream().filter(r -> r.paymentIntent().equals(captured.id())).toList();
        assertEquals(1, refunds.size());
        assertEquals(captured.amount(), refunds.get(0).amount());
        assertTrue(cloud.paymentSimulator().deliveries().stream().filter(d -> d.eventType().equals("payment_intent.succeeded"))
                .allMatch(d -> d.outcome() == DeliveryOutcome.LOST), "the capture's notification was lost");
    }

    private static SimulatedPaymentIntent intentOf(String orderId) {
        return cloud.paymentSimulator().paymentIntents().stream().filter(i -> orderId.equals(i.metadata().get("orderId"))).findFirst().orElse(null);
    }
}
