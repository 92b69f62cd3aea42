package dev.checkout.charge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.application.RefundOrder;
import dev.checkout.aws.lambda.Json;
import dev.checkout.aws.stepfunctions.CheckoutState;
import dev.checkout.aws.lambda.SqsBatch;
import dev.checkout.aws.testing.LocalPayments;
import dev.checkout.domain.NextAction;
import dev.checkout.domain.Order;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentProviderUnavailableException;
import dev.checkout.domain.PaymentStatus;
import dev.checkout.domain.Refund;
import dev.checkout.local.payments.FaultPhase;
import dev.checkout.local.payments.PaymentSimulator;
import dev.checkout.local.services.Events;
import dev.checkout.local.services.LocalServices;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Integration tier: the charge function over DynamoDB Local, ElasticMQ and the payment-provider
 * simulator; the production Stripe adapter is what talks to the simulator.
 */
@Tag("integration")
class ChargeHandlerTest {
    private final LocalPayments local = new LocalPayments();
    private final PaymentSimulator simulator = LocalPayments.simulator();
    private final ChargeHandler handler = new ChargeHandler(local.adapters.requestCharge(), local.adapters.cancelPayment(), local.adapters.sendRefund(),
            new SqsBatch(LocalServices.shared().sqsClient(), local.chargeQueueUrl, Duration.ofSeconds(1), Duration.ofSeconds(5)), 5);
    private final String user = "alice-" + UUID.randomUUID();

    @AfterEach
    void faultsOff() {
        simulator.faults().clear();
    }

    private static String chargeBody(Order order, String token) {
        ObjectNode body = Json.object();
        body.put("orderId", order.orderId().value());
        body.put("attempt", 1);
        body.put("taskToken", token);
        body.set("amount", CheckoutState.input(order).get("total"));
        body.put("paymentMethod", order.paymentMethod().orElseThrow());
        return Json.write(body);
    }

    private JsonNode invoke(String event) {
        try {
            var out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
            return Json.parse(out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Delivers {@code body} through the charge queue, as the event source would. */
    private JsonNode deliver(String body) {
        return deliver("charge-message.json", body);
    }

    /** Delivers {@code body} through the charge queue in an event shaped like {@code events/<template>}. */
    private JsonNode deliver(String template, String body) {
        var message = LocalPayments.sendAndReceive(local.chargeQueueUrl, body);
        return invoke(LocalPayments.sqsEvent(template, List.of(message)));
    }

    private Payment payment(Order order) {
        return local.adapters.checkout().payments().find(PaymentId.of(order.orderId(), 1)).orElseThrow();
    }

    @Test
    void visa_succeeds_andResumesTheWorkflowOnceWithThePayment_writingNothing() {
        Order order = local.placeOrder(user, "pm_card_visa");

        JsonNode response = deliver(chargeBody(order, "token-visa"));

        assertEquals(0, response.path("batchItemFailures").size());
        assertTrue(local.adapters.checkout().payments().findByOrder(order.orderId()).isEmpty(), "ConfirmOrder records it");
        Payment payment = local.workflow.resumedWith("token-visa");
        assertEquals(order.total(), payment.amount());
        assertEquals(PaymentStatus.SUCCEEDED, payment.status());
        assertEquals("succeeded", simulator.paymentIntent(payment.providerReference()).orElseThrow().status());
        assertEquals(1, local.workflow.successes("token-visa"));
        assertEquals(1, local.workflow.outcomes("token-visa").size());
    }

    @Test
    void declinedCard_failsThePayment_andTheStepWithTheDeclineError() {
        Order order = local.placeOrder(user, "pm_card_chargeDeclined");

        JsonNode response = deliver(chargeBody(order, "token-declined"));

        assertEquals(0, response.path("batchItemFailures").size());
        assertEquals(PaymentStatus.FAILED, payment(order).status());
        var failures = local.workflow.failures("token-declined");
        assertEquals(1, failures.size());
        assertEquals("dev.checkout.domain.PaymentDeclinedException", failures.get(0).error());
        assertEquals("generic_decline", failures.get(0).cause());
    }

    @Test
    void twoServerErrorsThenOk_chargesExactlyOnce() {
        Order order = local.placeOrder(user, "pm_card_visa");
        // The first failure happens after the provider charged: only the answer is lost.
        simulator.faults().serverErrors(1, FaultPhase.AFTER_PROCESSING, "POST /v1/payment_intents")
                .serverErrors(1, FaultPhase.BEFORE_PROCESSING, "POST /v1/payment_intents");
        String body = chargeBody(order, "token-5xx");
        LocalServices.shared().sqsClient().sendMessage(r -> r.queueUrl(local.chargeQueueUrl).messageBody(body));

        // The function fails the message twice; SQS delivers it again each time.
        JsonNode first = invoke(LocalPayments.sqsEvent("charge-message.json", receiveNext()));
        JsonNode second = invoke(LocalPayments.sqsEvent("charge-message.json", receiveNext()));
        JsonNode third = invoke(LocalPayments.sqsEvent("charge-message.json", receiveNext()));

        assertEquals(1, first.path("batchItemFailures").size());
        assertEquals(1, second.path("batchItemFailures").size());
        assertEquals(0, third.path("batchItemFailures").size());
        assertEquals(PaymentStatus.SUCCEEDED, local.workflow.resumedWith("token-5xx").status());
        var count = simulator.chargeCount(PaymentId.of(order.orderId(), 1).value());
        assertEquals(1, count.paymentIntents());
        assertEquals(1, count.charges());
        assertEquals(1, local.workflow.successes("token-5xx"));
    }

    /** Receives the charge message once its visibility (set by the function's backoff) has passed. */
    private List<software.amazon.awssdk.services.sqs.model.Message> receiveNext() {
        for (int attempt = 0; attempt < 20; attempt++) {
            var messages = LocalPayments.receive(local.chargeQueueUrl, 1);
            if (!messages.isEmpty()) {
                return messages;
            }
        }
        throw new AssertionError("the charge message did not come back");
    }

    @Test
    void providerDownOnTheLastDelivery_failsTheStepAsUnavailable() {
        Order order = local.placeOrder(user, "pm_card_visa");
        simulator.faults().serverErrors(1, FaultPhase.BEFORE_PROCESSING, "POST /v1/payment_intents");
        ObjectNode event = (ObjectNode) Json.parse(Events.read("charge-message.json"));
        ObjectNode record = (ObjectNode) event.path("Records").get(0);
        record.put("body", chargeBody(order, "token-last"));
        ((ObjectNode) record.path("attributes")).put("ApproximateReceiveCount", "5");

        JsonNode response = invoke(Json.write(event));

        assertEquals(record.path("messageId").asText(), response.path("batchItemFailures").get(0).path("itemIdentifier").asText());
        var failures = local.workflow.failures("token-last");
        assertEquals(1, failures.size());
        assertEquals("dev.checkout.domain.PaymentProviderUnavailableException", failures.get(0).error());
    }

    @Test
    void timeoutAfterTheProviderCharged_isResolvedByAskingAgain_notGuessed() {
        Order order = local.placeOrder(user, "pm_card_visa");
        simulator.faults().timeouts(1, FaultPhase.AFTER_PROCESSING, "POST /v1/payment_intents");

        JsonNode response = deliver(chargeBody(order, "token-timeout"));

        assertEquals(0, response.path("batchItemFailures").size());
        assertEquals(PaymentStatus.SUCCEEDED, local.workflow.resumedWith("token-timeout").status());
        assertEquals(1, simulator.chargeCount(PaymentId.of(order.orderId(), 1).value()).charges());
    }

    @Test
    void aCardNeeding3DSecure_waitsWithStripesRedirectAndClientSecret_forTheClientToShow() {
        Order order = local.placeOrder(user, "pm_card_authenticationRequired");

        deliver(chargeBody(order, "token-3ds-action"));

        Payment waiting = payment(order);
        assertEquals(PaymentStatus.PENDING, waiting.status());
        assertEquals("requires_action", simulator.paymentIntent(waiting.providerReference()).orElseThrow().status());
        assertEquals(NextAction.Type.REDIRECT, waiting.nextAction().type());
        assertTrue(waiting.nextAction().url().startsWith(simulator.baseUrl()), waiting.nextAction().url());
        assertTrue(waiting.nextAction().clientSecret().startsWith(waiting.providerReference() + "_secret_"), waiting.nextAction().clientSecret());
    }

    @Test
    void cancelPayments_cancelsAPaymentWaitingForTheCustomer() {
        Order order = local.placeOrder(user, "pm_card_authenticationRequired");
        deliver(chargeBody(order, "token-3ds"));
        assertEquals(PaymentStatus.PENDING, payment(order).status());
        var orders = local.adapters.checkout().orders();
        orders.update(orders.find(order.orderId()).orElseThrow().cancel("CUSTOMER", java.time.Instant.now()));
        ObjectNode event = (ObjectNode) Json.parse(Events.read("charge-cancel-payments.json"));
        ((ObjectNode) event.path("Records").get(0)).put("body", "{\"type\":\"cancel-payments\",\"orderId\":\"" + order.orderId() + "\"}");

        JsonNode response = invoke(Json.write(event));

        assertEquals(0, response.path("batchItemFailures").size());
        assertEquals(PaymentStatus.CANCELLED, payment(order).status());
        assertEquals("canceled", simulator.paymentIntent(payment(order).providerReference()).orElseThrow().status());
    }

    @Test
    void cancelPayments_refundsAPaymentTheStoppedCheckoutHadTakenButNotRecorded() {
        Order order = local.placeOrder(user, "pm_card_visa");
        deliver(chargeBody(order, "token-taken"));
        assertEquals(1, local.workflow.successes("token-taken"));
        var orders = local.adapters.checkout().orders();
        orders.update(orders.find(order.orderId()).orElseThrow().cancel("CUSTOMER", java.time.Instant.now()));
        local.workflow.stop(order.orderId(), "cancelled by customer");

        JsonNode first = deliver("charge-cancel-payments.json", "{\"type\":\"cancel-payments\",\"orderId\":\"" + order.orderId() + "\"}");
        JsonNode again = deliver("charge-cancel-payments.json", "{\"type\":\"cancel-payments\",\"orderId\":\"" + order.orderId() + "\"}");

        assertEquals(0, first.path("batchItemFailures").size());
        assertEquals(0, again.path("batchItemFailures").size());
        assertEquals(PaymentStatus.SUCCEEDED, payment(order).status());
        var refunds = simulator.refunds().stream().filter(r -> r.paymentIntent().equals(payment(order).providerReference())).toList();
        assertEquals(1, refunds.size());
        assertEquals(order.total().amount(), refunds.get(0).amount());
        assertEquals(order.total(), orders.find(order.orderId()).orElseThrow().refundCommitted());
    }

    @Test
    void sendRefund_sendsARefundTheProviderNeverGot_once() {
        Order paid = local.pay(local.placeOrder(user, "pm_card_visa"), "token-refund");
        simulator.faults().serverErrors(10, FaultPhase.BEFORE_PROCESSING, "POST /v1/refunds");
        var command = new RefundOrder.Command(paid.orderId(), 700L, "damaged", "key-" + UUID.randomUUID());
        assertThrows(PaymentProviderUnavailableException.class, () -> local.adapters.refundOrder().refund(command));
        simulator.faults().clear();
        Refund unsent = local.adapters.checkout().refunds().findByOrder(paid.orderId()).get(0);
        assertEquals(null, unsent.providerReference());
        String body = "{\"type\":\"send-refund\",\"orderId\":\"" + paid.orderId() + "\",\"refundId\":\"" + unsent.refundId() + "\"}";

        JsonNode first = deliver("charge-send-refund.json", body);
        JsonNode again = deliver("charge-send-refund.json", body);

        assertEquals(0, first.path("batchItemFailures").size());
        assertEquals(0, again.path("batchItemFailures").size());
        Refund sent = local.adapters.checkout().refunds().find(paid.orderId(), unsent.refundId()).orElseThrow();
        assertTrue(sent.providerReference() != null, sent::toString);
        assertEquals(1, simulator.refunds().stream().filter(r -> r.id().equals(sent.providerReference())).count());
        assertEquals(1, simulator.refunds().stream().filter(r -> r.paymentIntent().equals(payment(paid).providerReference())).count());
    }

    @Test
    void oneBadMessage_failsOnlyItself() {
        Order order = local.placeOrder(user, "pm_card_visa");
        var good = LocalPayments.sendAndReceive(local.chargeQueueUrl, chargeBody(order, "token-batch"));
        var bad = LocalPayments.sendAndReceive(local.chargeQueueUrl, "{\"orderId\":\"nonsense\"}");

        JsonNode response = invoke(LocalPayments.sqsEvent("charge-message.json", List.of(good, bad)));

        assertEquals(1, response.path("batchItemFailures").size());
        assertEquals(bad.messageId(), response.path("batchItemFailures").get(0).path("itemIdentifier").asText());
        assertTrue(local.workflow.successes("token-batch") == 1);
    }
}
