package dev.checkout.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.aws.lambda.Json;
import dev.checkout.aws.testing.ApiEvent;
import dev.checkout.aws.testing.ApiEvent.ApiResult;
import dev.checkout.aws.testing.LocalPayments;
import dev.checkout.aws.wiring.FunctionEnvironment;
import dev.checkout.aws.wiring.PaymentAdapters;
import dev.checkout.aws.wiring.CheckoutAdapters;
import dev.checkout.port.WebhookInbox;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Integration tier: the webhook receiver over DynamoDB Local and ElasticMQ, driven by
 * {@code events/stripe-webhook-payment-succeeded.json}. Its signature was made with the test-only secret
 * below; tests sign again with a current timestamp where the 5-minute tolerance matters.
 */
class WebhookHandlerTest {
    /** Test-only signing secret of the fixtures in events/; never used anywhere else. */
    static final String FIXTURE_SECRET = "whsec_test_0123456789abcdef0123456789abcdef";

    private final LocalPayments local = new LocalPayments();
    private final FunctionEnvironment env = withSecret(local.env);
    private final WebhookHandler handler = new WebhookHandler(env);
    private final WebhookInbox inbox = new PaymentAdapters(new CheckoutAdapters(env)).inbox();

    private static FunctionEnvironment withSecret(FunctionEnvironment env) {
        var variables = new HashMap<>(env.variables());
        variables.put("STRIPE_WEBHOOK_SECRET", FIXTURE_SECRET);
        return FunctionEnvironment.of(variables);
    }

    /** The fixture's event under a fresh id, signed now (or at {@code timestamp}). */
    private static ApiEvent signedEvent(String eventId, long timestamp) {
        ApiEvent event = ApiEvent.from("stripe-webhook-payment-succeeded.json");
        String payload = event.json().path("body").asText().replace("evt_1QexamplePaymentSucceeded", eventId);
        return event.base64Body(payload.getBytes(StandardCharsets.UTF_8))
                .header("stripe-signature", LocalPayments.stripeSignature(payload, FIXTURE_SECRET, timestamp));
    }

    private static String newEventId() {
        return "evt_" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void signedEvent_isStored_enqueued_andAcknowledged() {
        String eventId = newEventId();

        ApiResult result = signedEvent(eventId, Instant.now().getEpochSecond()).invoke(handler);

        assertEquals(200, result.status());
        assertEquals(eventId, result.body().path("eventId").asText());
        assertEquals(WebhookInbox.State.RECEIVED, inbox.find("stripe", eventId).orElseThrow().state());
        var messages = LocalPayments.receive(local.notificationQueueUrl, 10);
        assertEquals(1, messages.size());
        JsonNode message = Json.parse(messages.get(0).body());
        assertEquals("stripe", message.path("provider").asText());
        assertEquals(eventId, message.path("eventId").asText());
        assertEquals("payment_intent.succeeded", message.path("type").asText());
        assertTrue(message.path("payload").asText().contains(eventId));
    }

    @Test
    void duplicateDelivery_isEnqueuedAgainUntilTheEventIsApplied_thenDropped() {
        String eventId = newEventId();
        long now = Instant.now().getEpochSecond();

        signedEvent(eventId, now).invoke(handler);
        ApiResult again = signedEvent(eventId, now).invoke(handler);
        inbox.markApplied("stripe", eventId);
        ApiResult afterApplied = signedEvent(eventId, now).invoke(handler);

        assertEquals(200, again.status());
        assertTrue(again.body().path("duplicate").asBoolean());
        assertEquals(200, afterApplied.status());
        assertTrue(afterApplied.body().path("duplicate").asBoolean());
        assertEquals(2, LocalPayments.receive(local.notificationQueueUrl, 10).size());
    }

    @Test
    void forgedSignature_isRefused_andNothingIsStored() {
        String eventId = newEventId();
        ApiEvent forged = signedEvent(eventId, Instant.now().getEpochSecond())
                .header("stripe-signature", LocalPayments.stripeSignature("{}", FIXTURE_SECRET, Instant.now().getEpochSecond()));

        assertRefusedAndNothingStored(forged.invoke(handler), eventId);
    }

    @Test
    void wrongSecret_isRefused_andNothingIsStored() {
        String eventId = newEventId();
        ApiEvent event = ApiEvent.from("stripe-webhook-payment-succeeded.json");
        String payload = event.json().path("body").asText().replace("evt_1QexamplePaymentSucceeded", eventId);
        event.body(payload).header("stripe-signature", LocalPayments.stripeSignature(payload, "whsec_test_someone_else", Instant.now().getEpochSecond()));

        assertRefusedAndNothingStored(event.invoke(handler), eventId);
    }

    @Test
    void missingSignatureHeader_isRefused_andNothingIsStored() {
        String eventId = newEventId();

        assertRefusedAndNothingStored(signedEvent(eventId, Instant.now().getEpochSecond()).withoutHeader("stripe-signature").invoke(handler), eventId);
    }

    @Test
    void correctlySignedEventOlderThanFiveMinutes_isRefused_andNothingIsStored() {
        String eventId = newEventId();

        assertRefusedAndNothingStored(signedEvent(eventId, Instant.now().minusSeconds(301).getEpochSecond()).invoke(handler), eventId);
    }

    @Test
    void correctlySignedEventStampedMoreThanFiveMinutesAhead_isRefused_andNothingIsStored() {
        String eventId = newEventId();

        assertRefusedAndNothingStored(signedEvent(eventId, Instant.now().plusSeconds(301 + 5).getEpochSecond()).invoke(handler), eventId);
    }

    @Test
    void theFixtureAsRecorded_isTooOldToAccept() {
        ApiResult result = ApiEvent.from("stripe-webhook-payment-succeeded.json").invoke(handler);

        assertEquals(400, result.status());
        assertEquals("WEBHOOK_SIGNATURE_INVALID", result.errorCode());
    }

    @Test
    void signatureWithSeveralV1Values_isAccepted_whenOneMatches() {
        String eventId = newEventId();
        long now = Instant.now().getEpochSecond();
        ApiEvent event = signedEvent(eventId, now);
        String good = event.json().path("headers").path("stripe-signature").asText();
        String other = LocalPayments.stripeSignature("rotated", "whsec_test_old_secret", now).split(",")[1];

        ApiResult result = event.header("stripe-signature", good.replace(",v1=", "," + other + ",v1=")).invoke(handler);

        assertEquals(200, result.status());
    }

    @Test
    void unknownProvider_isNotFound() {
        ApiResult result = signedEvent(newEventId(), Instant.now().getEpochSecond()).pathParameter("provider", "paypal").invoke(handler);

        assertEquals(404, result.status());
    }

    @Test
    void aFailedEnqueue_isRepairedByTheProvidersRedelivery() {
        String eventId = newEventId();
        long now = Instant.now().getEpochSecond();
        var broken = new HashMap<>(env.variables());
        broken.put("NOTIFICATION_QUEUE_URL", local.notificationQueueUrl + "-missing");

        ApiResult failed = signedEvent(eventId, now).invoke(new WebhookHandler(FunctionEnvironment.of(broken)));
        assertEquals(503, failed.status());
        assertEquals(WebhookInbox.State.RECEIVED, inbox.find("stripe", eventId).orElseThrow().state());

        ApiResult redelivered = signedEvent(eventId, now).invoke(handler);

        assertEquals(200, redelivered.status());
        assertEquals(WebhookInbox.State.RECEIVED, inbox.find("stripe", eventId).orElseThrow().state());
        assertEquals(1, LocalPayments.receive(local.notificationQueueUrl, 10).size());
    }

    private void assertRefusedAndNothingStored(ApiResult result, String eventId) {
        assertEquals(400, result.status());
        assertEquals("WEBHOOK_SIGNATURE_INVALID", result.errorCode());
        assertTrue(result.body().path("error").path("requestId").isTextual());
        assertTrue(inbox.find("stripe", eventId).isEmpty());
        assertTrue(LocalPayments.receiveNow(local.notificationQueueUrl).isEmpty());
    }
}
