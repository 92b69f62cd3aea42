package dev.checkout.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.aws.lambda.HttpFunction;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Integration tier: the webhook receiver over DynamoDB Local and ElasticMQ, driven by
 * {@code events/stripe-webhook-payment-succeeded.json}. Its signature was made with the test-only secret
 * below; tests sign again with a current timestamp where the 5-minute tolerance matters.
 */
@Tag("integration")
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

    /**
     * A signed event with an unpaired surrogate, written as JSON escapes it, in each part of it. It
     * used to be answered 503 on every delivery: the inbox took the id, SQS refused the message.
     */
    static Stream<Arguments> unpairedSurrogates() {
        return Stream.of(
                Arguments.of("the event id", "\"evt_1QexamplePaymentSucceeded\"", "\"evt_\\ud800\""),
                Arguments.of("the event id, low half alone", "\"evt_1QexamplePaymentSucceeded\"", "\"evt_x\\udc00\""),
                Arguments.of("the type", "\"payment_intent.succeeded\"", "\"payment_intent.\\ud800succeeded\""),
                Arguments.of("the payment intent id", "\"pi_3QexampleSucceeded\"", "\"pi_\\udbff\""),
                Arguments.of("the paymentId metadata", "\"pay_01JDZ8Q4K3M5N7P9R2T4V6X8Y0_1\"", "\"pay_\\ud800\""),
                Arguments.of("a field the checkout does not read", "\"2026-07-29.dahlia\"", "\"\\udfff\""),
                Arguments.of("a key", "\"livemode\"", "\"live\\ud800mode\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unpairedSurrogates")
    void signedEvent_withAnUnpairedSurrogate_isRefused400_withNoInboxItem_andNothingEnqueued(String where, String original, String replacement) {
        String eventId = newEventId();
        ApiEvent event = ApiEvent.from("stripe-webhook-payment-succeeded.json");
        String payload = event.json().path("body").asText().replace(original, replacement).replace("evt_1QexamplePaymentSucceeded", eventId);
        event.body(payload).header("stripe-signature", LocalPayments.stripeSignature(payload, FIXTURE_SECRET, Instant.now().getEpochSecond()));

        ApiResult result = event.invoke(handler);

        assertEquals(400, result.status(), result.body().toString());
        assertEquals("VALIDATION_FAILED", result.errorCode());
        assertTrue(inbox.find("stripe", eventId).isEmpty());
        assertTrue(inbox.find("stripe", "evt_\uD800").isEmpty());
        assertTrue(inbox.find("stripe", "evt_x\uDC00").isEmpty());
        assertTrue(LocalPayments.receiveNow(local.notificationQueueUrl).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ff", "eda080", "c328"})
    void signedEvent_withBytesThatAreNotUtf8_isRefused400_andNothingIsStored(String hex) {
        String eventId = newEventId();
        String[] around = ApiEvent.from("stripe-webhook-payment-succeeded.json").json().path("body").asText()
                .replace("evt_1QexamplePaymentSucceeded", eventId).split("2026-07-29.dahlia");
        byte[] payload = concat(around[0].getBytes(StandardCharsets.UTF_8), HexFormat.of().parseHex(hex), around[1].getBytes(StandardCharsets.UTF_8));
        ApiEvent event = ApiEvent.from("stripe-webhook-payment-succeeded.json").base64Body(payload)
                .header("stripe-signature", LocalPayments.stripeSignature(payload, FIXTURE_SECRET, Instant.now().getEpochSecond()));

        ApiResult result = event.invoke(handler);

        assertEquals(400, result.status(), result.body().toString());
        assertEquals("VALIDATION_FAILED", result.errorCode());
        assertTrue(inbox.find("stripe", eventId).isEmpty());
        assertTrue(LocalPayments.receiveNow(local.notificationQueueUrl).isEmpty());
    }

    @ParameterizedTest(name = "Content-Type: {0}")
    @ValueSource(strings = {"text/plain", "application/octet-stream", "application/json; charset=iso-8859-1", "none"})
    void signedEvent_notSentAsJson_isRefused415_andNothingIsStored(String contentType) {
        String eventId = newEventId();
        ApiEvent event = signedEvent(eventId, Instant.now().getEpochSecond());
        event = contentType.equals("none") ? event.withoutHeader("content-type") : event.header("content-type", contentType);

        ApiResult result = event.invoke(handler);

        assertEquals(415, result.status(), result.body().toString());
        assertEquals("UNSUPPORTED_MEDIA_TYPE", result.errorCode());
        assertTrue(inbox.find("stripe", eventId).isEmpty());
        assertTrue(LocalPayments.receiveNow(local.notificationQueueUrl).isEmpty());
    }

    @ParameterizedTest(name = "Content-Type: {0}")
    @ValueSource(strings = {"application/json; charset=utf-8", "application/json", "Application/JSON; Charset=UTF-8"})
    void signedEvent_sentAsJsonInUtf8_isAccepted_asStripeSendsIt(String contentType) {
        String eventId = newEventId();

        ApiResult result = signedEvent(eventId, Instant.now().getEpochSecond()).header("content-type", contentType).invoke(handler);

        assertEquals(200, result.status(), result.body().toString());
        assertEquals(WebhookInbox.State.RECEIVED, inbox.find("stripe", eventId).orElseThrow().state());
    }

    @Test
    void aFailedEnqueue_isLoggedAsOneLine_withTheRequestIdInTheAnswer_andTheCause() {
        var broken = new HashMap<>(env.variables());
        broken.put("NOTIFICATION_QUEUE_URL", local.notificationQueueUrl + "-missing");
        var records = new ArrayList<LogRecord>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(HttpFunction.class.getName());
        log.addHandler(capture);
        ApiResult failed;
        try {
            failed = signedEvent(newEventId(), Instant.now().getEpochSecond()).invoke(new WebhookHandler(FunctionEnvironment.of(broken)));
        } finally {
            log.removeHandler(capture);
        }

        assertEquals(503, failed.status());
        assertEquals(1, records.size());
        String line = records.get(0).getMessage();
        String requestId = failed.body().path("error").path("requestId").asText();
        assertTrue(line.startsWith("request " + requestId + " answered 503 QUEUE_UNAVAILABLE: cause dev.checkout.domain.QueueUnavailableException: could not enqueue"), line);
        assertTrue(line.contains("; caused by software.amazon.awssdk.services.sqs.model."), line);
        assertFalse(line.contains("\n"));
    }

    private static byte[] concat(byte[]... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private void assertRefusedAndNothingStored(ApiResult result, String eventId) {
        assertEquals(400, result.status());
        assertEquals("WEBHOOK_SIGNATURE_INVALID", result.errorCode());
        assertTrue(result.body().path("error").path("requestId").isTextual());
        assertTrue(inbox.find("stripe", eventId).isEmpty());
        assertTrue(LocalPayments.receiveNow(local.notificationQueueUrl).isEmpty());
    }
}
