package dev.checkout.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.checkout.aws.lambda.Json;
import dev.checkout.aws.lambda.SqsBatch;
import dev.checkout.aws.testing.ApiEvent;
import dev.checkout.aws.testing.LocalPayments;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentStatus;
import dev.checkout.local.payments.PaymentSimulator;
import dev.checkout.local.services.Events;
import dev.checkout.local.services.LocalServices;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Integration tier, webhook path end to end: the simulator POSTs signed events to a local HTTP endpoint
 * that invokes {@link WebhookHandler} with the API Gateway event; the notification queue (ElasticMQ)
 * feeds {@link NotificationProcessor}.
 */
@Tag("integration")
class PaymentNotificationsTest {
    private final LocalPayments local = new LocalPayments();
    private final PaymentSimulator simulator = LocalPayments.simulator();
    private final WebhookHandler receiver = new WebhookHandler(local.env);
    private final NotificationProcessor processor = new NotificationProcessor(local.adapters.eventParsers(), local.adapters.applyPaymentEvent(),
            new SqsBatch(LocalServices.shared().sqsClient(), local.notificationQueueUrl, Duration.ofSeconds(1), Duration.ofSeconds(5)));
    private HttpServer gateway;

    @BeforeEach
    void gateway() throws IOException {
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        gateway.createContext("/webhooks/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            ApiEvent event = ApiEvent.from("stripe-webhook-payment-succeeded.json").base64Body(body)
                    .header("stripe-signature", exchange.getRequestHeaders().getFirst("Stripe-Signature"));
            var result = event.invoke(receiver);
            byte[] answer = Json.write(result.body()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(result.status(), answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        gateway.start();
        simulator.setWebhookEndpoint(URI.create("http://127.0.0.1:" + gateway.getAddress().getPort() + "/webhooks/stripe"));
    }

    @AfterEach
    void stop() {
        simulator.setWebhookEndpoint(null);
        simulator.faults().clear();
        gateway.stop(0);
    }

    private JsonNode process(List<Message> messages) {
        try {
            var out = new ByteArrayOutputStream();
            processor.handleRequest(new ByteArrayInputStream(LocalPayments.sqsEvent("notification-message.json", messages)
                    .getBytes(StandardCharsets.UTF_8)), out, null);
            return Json.parse(out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Applies what is on the notification queue; returns the messages it took. */
    private List<Message> drain() {
        var taken = new java.util.ArrayList<Message>();
        for (List<Message> batch = LocalPayments.receive(local.notificationQueueUrl, 10); !batch.isEmpty();
                batch = LocalPayments.receive(local.notificationQueueUrl, 10)) {
            assertEquals(0, process(batch).path("batchItemFailures").size());
            batch.forEach(m -> LocalServices.shared().sqsClient().deleteMessage(r -> r.queueUrl(local.notificationQueueUrl).receiptHandle(m.receiptHandle())));
            taken.addAll(batch);
        }
        return taken;
    }

    private Payment awaitingAuthentication(Order order, String token) {
        local.adapters.requestCharge().charge(LocalPayments.chargeMessage(order, token));
        Payment payment = local.adapters.checkout().payments().find(PaymentId.of(order.orderId(), 1)).orElseThrow();
        assertEquals(PaymentStatus.PENDING, payment.status());
        return payment;
    }

    @Test
    void theSameEventThreeTimesAndOutOfOrder_changesTheStateOnce() {
        Order order = local.placeOrder("alice-" + UUID.randomUUID(), "pm_card_authenticationRequired");
        Payment payment = awaitingAuthentication(order, "token-3ds");
        simulator.faults().duplicateEvents(3).outOfOrderEvents(true);

        simulator.completeAuthentication(payment.providerReference());
        simulator.awaitDelivered("payment_intent.succeeded", 3, Duration.ofSeconds(20));
        List<Message> applied = drain();
        // the consumer may see an event again (SQS is at-least-once): feed the same messages once more
        JsonNode again = process(applied.stream().filter(m -> m.body().contains("payment_intent.succeeded")).toList());

        assertEquals(0, again.path("batchItemFailures").size());
        assertEquals(PaymentStatus.SUCCEEDED, local.adapters.checkout().payments().find(payment.paymentId()).orElseThrow().status());
        assertEquals(1, local.workflow.outcomes("token-3ds").size());
        assertEquals(1, local.workflow.successes("token-3ds"));
    }

    /** The fixture's success event rewritten to name {@code payment}, with the given fields, signed now with the simulator's secret. */
    private ApiEvent signedSuccess(Payment payment, long amount, String currency, String intent) {
        ApiEvent event = ApiEvent.from("stripe-webhook-payment-succeeded.json");
        ObjectNode body = (ObjectNode) Json.parse(event.json().path("body").asText());
        body.put("id", "evt_" + UUID.randomUUID().toString().replace("-", ""));
        ObjectNode intentNode = (ObjectNode) body.path("data").path("object");
        intentNode.put("id", intent).put("amount", amount).put("amount_received", amount).put("currency", currency);
        ((ObjectNode) intentNode.path("metadata")).put("orderId", payment.orderId().value()).put("paymentId", payment.paymentId().value());
        String payload = Json.write(body);
        return event.base64Body(payload.getBytes(StandardCharsets.UTF_8))
                .header("stripe-signature", LocalPayments.stripeSignature(payload, simulator.webhookSecret(), java.time.Instant.now().getEpochSecond()));
    }

    @Test
    void signedSuccessesNotMatchingThePayment_changeNothing_areKeptAsMismatched_andTheGenuineOneStillPays() {
        Order order = local.placeOrder("alice-" + UUID.randomUUID(), "pm_card_authenticationRequired");
        Payment payment = awaitingAuthentication(order, "token-forged");
        long amount = payment.amount().amount();
        String currency = payment.amount().currency().toLowerCase(java.util.Locale.ROOT);
        List<ApiEvent> forged = List.of(
                signedSuccess(payment, 1, currency, payment.providerReference()),
                signedSuccess(payment, amount, "eur", payment.providerReference()),
                signedSuccess(payment, amount, currency, "pi_3QsomeoneElsesIntent"));

        for (ApiEvent event : forged) {
            assertEquals(200, event.invoke(receiver).status());
        }
        drain();

        Payment after = local.adapters.checkout().payments().find(payment.paymentId()).orElseThrow();
        assertEquals(payment.status(), after.status());
        assertEquals(payment.providerReference(), after.providerReference());
        assertTrue(local.workflow.outcomes("token-forged").isEmpty());
        for (ApiEvent event : forged) {
            String eventId = Json.parse(new String(java.util.Base64.getDecoder().decode(event.json().path("body").asText()), StandardCharsets.UTF_8))
                    .path("id").asText();
            assertEquals(dev.checkout.port.WebhookInbox.State.MISMATCHED, local.adapters.inbox().find("stripe", eventId).orElseThrow().state());
        }

        simulator.completeAuthentication(payment.providerReference());
        simulator.awaitDelivered("payment_intent.succeeded", 1, Duration.ofSeconds(20));
        drain();

        assertEquals(PaymentStatus.SUCCEEDED, local.adapters.checkout().payments().find(payment.paymentId()).orElseThrow().status());
        assertEquals(1, local.workflow.successes("token-forged"));
    }

    @Test
    void signedSuccessOfAnotherAmount_forAConfirmedPayment_isKeptAsMismatched_andChangesNothing() {
        Order order = local.placeOrder("alice-" + UUID.randomUUID(), "pm_card_visa");
        Order paid = local.pay(order, "token-paid");
        Payment payment = local.adapters.checkout().payments().find(PaymentId.of(order.orderId(), 1)).orElseThrow();
        ApiEvent forged = signedSuccess(payment, 1, payment.amount().currency().toLowerCase(java.util.Locale.ROOT), payment.providerReference());

        assertEquals(200, forged.invoke(receiver).status());
        drain();

        assertEquals(payment, local.adapters.checkout().payments().find(payment.paymentId()).orElseThrow());
        assertEquals(paid, local.adapters.checkout().orders().find(order.orderId()).orElseThrow());
        String eventId = Json.parse(new String(java.util.Base64.getDecoder().decode(forged.json().path("body").asText()), StandardCharsets.UTF_8))
                .path("id").asText();
        assertEquals(dev.checkout.port.WebhookInbox.State.MISMATCHED, local.adapters.inbox().find("stripe", eventId).orElseThrow().state());
    }

    @Test
    void failedAuthentication_failsThePayment_andTheStepAsDeclined() {
        Order order = local.placeOrder("alice-" + UUID.randomUUID(), "pm_card_authenticationRequired");
        Payment payment = awaitingAuthentication(order, "token-3ds-failed");

        simulator.failAuthentication(payment.providerReference());
        simulator.awaitDelivered("payment_intent.payment_failed", 1, Duration.ofSeconds(20));
        drain();

        assertEquals(PaymentStatus.FAILED, local.adapters.checkout().payments().find(payment.paymentId()).orElseThrow().status());
        var failures = local.workflow.failures("token-3ds-failed");
        assertEquals(1, failures.size());
        assertEquals("dev.checkout.domain.PaymentDeclinedException", failures.get(0).error());
    }

    @Test
    void successAfterTheOrderWasCancelled_isRefunded() {
        Order order = local.placeOrder("alice-" + UUID.randomUUID(), "pm_card_authenticationRequired");
        Payment payment = awaitingAuthentication(order, "token-late");
        var orders = local.adapters.checkout().orders();
        orders.update(orders.find(order.orderId()).orElseThrow().cancel("PAYMENT_WINDOW_EXPIRED", java.time.Instant.now()));
        local.workflow.closeStep("token-late");

        simulator.completeAuthentication(payment.providerReference());
        simulator.awaitDelivered("payment_intent.succeeded", 1, Duration.ofSeconds(20));
        drain();
        simulator.awaitQuiet(Duration.ofSeconds(20));
        drain();

        Order closed = orders.find(order.orderId()).orElseThrow();
        assertEquals(OrderStatus.CANCELLED, closed.status());
        assertEquals(order.total(), closed.captured());
        assertEquals(order.total(), closed.refunded());
        assertEquals(1, simulator.refunds().stream().filter(r -> r.paymentIntent().equals(payment.providerReference())).count());
    }

    @Test
    void theNotificationFixture_drivesTheProcessor_andAnUnknownPaymentIsAcknowledged() {
        ObjectNode event = (ObjectNode) Json.parse(Events.read("notification-message.json"));
        var out = new ByteArrayOutputStream();
        try {
            processor.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        assertTrue(Json.parse(out.toString(StandardCharsets.UTF_8)).path("batchItemFailures").isEmpty());
    }
}
