package dev.checkout.operationsapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.aws.dynamodb.DynamoDbWebhookInbox;
import dev.checkout.aws.lambda.Json;
import dev.checkout.aws.testing.ApiEvent;
import dev.checkout.aws.testing.ApiEvent.ApiResult;
import dev.checkout.aws.testing.LocalEnvironment;
import dev.checkout.aws.testing.OpenApiContract;
import dev.checkout.aws.testing.OpenApiContract.Exchange;
import dev.checkout.aws.wiring.CheckoutAdapters;
import dev.checkout.domain.IdempotencyRecord;
import dev.checkout.domain.Money;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OrderLine;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.Refund;
import dev.checkout.domain.Sku;
import dev.checkout.domain.UserId;
import dev.checkout.local.services.LocalServices;
import dev.checkout.local.stepfunctions.StepFunctionsEngine;
import dev.checkout.local.stepfunctions.http.StepFunctionsHttpServer;
import dev.checkout.local.stepfunctions.task.LambdaFunctionException;
import dev.checkout.port.IdGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Integration tier: the operations routes over DynamoDB Local, ElasticMQ and the local Step Functions engine,
 * driven by events/get-order-history.json, list-order-webhook-events.json, get-attention.json,
 * list-dead-letters.json and redrive-dead-letters.json.
 */
@Tag("integration")
class OperationsApiHandlerTest {
    private static final String CHECKOUT = """
            {"StartAt": "ReserveStock", "States": {
              "ReserveStock": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:000000000000:function:reserve", "Next": "RequestPayment"},
              "RequestPayment": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:000000000000:function:charge",
                "Catch": [{"ErrorEquals": ["PaymentDeclined"], "Next": "ReleaseAndCancel"}], "Next": "Done"},
              "ReleaseAndCancel": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:000000000000:function:release", "Next": "Cancelled"},
              "Cancelled": {"Type": "Fail", "Error": "PaymentDeclined"},
              "Done": {"Type": "Succeed"}}}""";
    private static final StepFunctionsEngine ENGINE = StepFunctionsEngine.builder().lambdaInvoker((arn, payload) -> {
        if (arn.endsWith(":charge")) {
            throw new LambdaFunctionException("PaymentDeclined", "the card was declined");
        }
        return payload;
    }).build();
    private static final StepFunctionsHttpServer SFN = startServer();
    private static final String STATE_MACHINE = ENGINE.createStateMachine("checkout-ops-" + UUID.randomUUID().toString().substring(0, 8), CHECKOUT, null)
            .stateMachineArn();

    private static final OpenApiContract CONTRACT = OpenApiContract.load();

    private final SqsClient sqs = LocalServices.shared().sqsClient();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String chargeQueue = queue("charge");
    private final String chargeDeadLetters = queue("charge-dlq");
    private final String notificationQueue = queue("notification");
    private final String notificationDeadLetters = queue("notification-dlq");
    private final CheckoutAdapters adapters;
    private final OperationsApiHandler handler;

    OperationsApiHandlerTest() {
        var variables = new HashMap<String, String>();
        variables.put("AWS_ENDPOINT_URL_SFN", SFN.endpoint().toString());
        variables.put("CHECKOUT_STATE_MACHINE_ARN", STATE_MACHINE);
        variables.put("CHARGE_QUEUE_URL", chargeQueue);
        variables.put("CHARGE_DEAD_LETTER_QUEUE_URL", chargeDeadLetters);
        variables.put("NOTIFICATION_QUEUE_URL", notificationQueue);
        variables.put("NOTIFICATION_DEAD_LETTER_QUEUE_URL", notificationDeadLetters);
        var env = LocalEnvironment.of(variables);
        adapters = new CheckoutAdapters(env);
        handler = new OperationsApiHandler(env);
    }

    private static StepFunctionsHttpServer startServer() {
        try {
            return StepFunctionsHttpServer.start(ENGINE, "127.0.0.1", 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String queue(String name) {
        return sqs.createQueue(r -> r.queueName(name + "-" + suffix)).queueUrl();
    }

    private Order placedAgo(Duration age) {
        Instant placed = Instant.now().minus(age);
        Order order = Order.place(IdGenerator.ulid().newOrderId(placed), UserId.of("alice-" + suffix),
                List.of(new OrderLine(Sku.of("MUG-01"), 1, Money.of(2500, "USD"))), "pm_card_visa", placed);
        adapters.orders().create(order, new IdempotencyRecord("test#" + order.orderId(), "h", order.orderId().value(), placed, placed.plusSeconds(600)));
        return order;
    }

    private ApiResult asAdmin(String fixture, String parameter, String value) {
        return call(ApiEvent.from(fixture).pathParameter(parameter, value).caller("admin-1", true));
    }

    /** Invokes the handler; whatever it answers must be what the contract (infrastructure/openapi.yaml) allows. */
    private ApiResult call(ApiEvent event) {
        ApiResult result = event.invoke(handler);
        CONTRACT.assertResponseConforms(Exchange.of(event, result));
        return result;
    }

    @Test
    void history_listsTheCheckoutsSteps_withTheFailedStepsErrorAndCause() throws Exception {
        Order order = placedAgo(Duration.ZERO);
        String execution = ENGINE.startExecution(STATE_MACHINE, order.orderId().value(), "{}").executionArn();
        ENGINE.awaitTermination(execution, Duration.ofSeconds(30));

        ApiResult result = asAdmin("get-order-history.json", "orderId", order.orderId().value());

        assertEquals(200, result.status(), result.body().toString());
        List<String> names = new ArrayList<>();
        result.body().path("steps").forEach(step -> names.add(step.path("name").asText()));
        assertEquals(List.of("ReserveStock", "RequestPayment", "ReleaseAndCancel", "Cancelled"), names);
        JsonNode payment = result.body().path("steps").get(1);
        assertEquals("FAILED", payment.path("outcome").asText());
        assertEquals("PaymentDeclined", payment.path("error").asText());
        assertTrue(payment.path("cause").asText().contains("the card was declined"), payment.toString());
        assertEquals("SUCCEEDED", result.body().path("steps").get(0).path("outcome").asText());
        assertFalse(result.body().path("steps").get(0).path("exitedAt").isNull());
    }

    @Test
    void history_isEmpty_forAnOrderWhoseCheckoutNeverStarted() {
        Order order = placedAgo(Duration.ZERO);

        ApiResult result = asAdmin("get-order-history.json", "orderId", order.orderId().value());

        assertEquals(200, result.status(), result.body().toString());
        assertEquals(0, result.body().path("steps").size());
    }

    @Test
    void history_andWebhookEvents_are404_forAnUnknownOrder() {
        String unknown = IdGenerator.ulid().newOrderId(Instant.now()).value();

        assertEquals(404, asAdmin("get-order-history.json", "orderId", unknown).status());
        assertEquals(404, asAdmin("list-order-webhook-events.json", "orderId", unknown).status());
        assertEquals(404, asAdmin("get-order-history.json", "orderId", "not-an-order").status());
    }

    @Test
    void webhookEvents_listTheOrdersNotifications_withoutTheirPayloads() {
        Order order = placedAgo(Duration.ZERO);
        Order other = placedAgo(Duration.ZERO);
        var inbox = new DynamoDbWebhookInbox(adapters.dynamoDb(), adapters.environment().require("TABLE_NAME"), Instant::now);
        inbox.record("stripe", "evt_a_" + suffix, "payment_intent.succeeded", "{\"secret\":\"card holder name\"}", Optional.of(order.orderId()));
        inbox.markApplied("stripe", "evt_a_" + suffix);
        inbox.record("stripe", "evt_b_" + suffix, "charge.refunded", "{}", Optional.of(order.orderId()));
        inbox.markMismatched("stripe", "evt_b_" + suffix, "amount 100 USD, recorded 2500 USD");
        inbox.record("stripe", "evt_c_" + suffix, "payment_intent.succeeded", "{}", Optional.of(other.orderId()));
        inbox.record("stripe", "evt_d_" + suffix, "customer.created", "{}", Optional.empty());

        ApiResult result = asAdmin("list-order-webhook-events.json", "orderId", order.orderId().value());

        assertEquals(200, result.status(), result.body().toString());
        JsonNode events = result.body().path("events");
        assertEquals(2, events.size(), events.toString());
        assertEquals("evt_a_" + suffix, events.get(0).path("eventId").asText());
        assertEquals("APPLIED", events.get(0).path("state").asText());
        assertEquals("payment_intent.succeeded", events.get(0).path("type").asText());
        assertFalse(events.get(0).path("handledAt").isNull());
        assertEquals("MISMATCHED", events.get(1).path("state").asText());
        assertEquals("amount 100 USD, recorded 2500 USD", events.get(1).path("mismatch").asText());
        assertFalse(result.body().toString().contains("card holder name"));
        assertTrue(inbox.find("stripe", "evt_a_" + suffix).isPresent(), "the inbox itself still finds the entry by its key");
    }

    @Test
    void attention_listsStalledCheckouts_olderThanTheAge_andTheDeadLetterCounts() {
        Order stalled = placedAgo(Duration.ofMinutes(30));
        Order recent = placedAgo(Duration.ZERO);
        sqs.sendMessage(r -> r.queueUrl(chargeDeadLetters).messageBody("{\"type\":\"cancel-payments\",\"orderId\":\"" + stalled.orderId().value() + "\"}"));

        ApiResult result = call(ApiEvent.from("get-attention.json"));

        assertEquals(200, result.status(), result.body().toString());
        List<String> ids = new ArrayList<>();
        result.body().path("stalledCheckouts").forEach(order -> ids.add(order.path("orderId").asText()));
        assertTrue(ids.contains(stalled.orderId().value()), ids.toString());
        assertFalse(ids.contains(recent.orderId().value()));
        assertTrue(result.body().path("unsentRefunds").isArray());
        JsonNode queues = result.body().path("deadLetterQueues");
        assertEquals("charge", queues.get(0).path("queue").asText());
        assertEquals(1, queues.get(0).path("approximateMessages").asLong());
        assertEquals("notification", queues.get(1).path("queue").asText());
        assertEquals(0, queues.get(1).path("approximateMessages").asLong());
    }

    @Test
    void attention_listsARefundStoredButNeverSent_onceOlderThanTheAge() {
        Instant stored = Instant.now().minus(Duration.ofMinutes(20));
        Order paid = placedAgo(Duration.ofMinutes(30)).markPaid(stored.minusSeconds(60));
        adapters.orders().update(paid);
        Order stillPaid = adapters.orders().find(paid.orderId()).orElseThrow();
        Refund refund = Refund.pending(IdGenerator.ulid().newRefundId(stored), paid.orderId(), PaymentId.of(paid.orderId(), 1), "stripe",
                Money.of(1000, "USD"), "damaged", stored);
        adapters.refunds().create(refund, stillPaid.reserveRefund(refund.amount(), stored), null);

        ApiResult stuck = call(ApiEvent.from("get-attention.json"));
        ApiResult notYet = call(ApiEvent.from("get-attention.json").query("olderThanMinutes", "60"));

        assertEquals(200, stuck.status(), stuck.body().toString());
        assertTrue(texts(stuck.body().path("unsentRefunds"), "refundId").contains(refund.refundId().value()), stuck.body().toString());
        assertFalse(texts(notYet.body().path("unsentRefunds"), "refundId").contains(refund.refundId().value()));
    }

    private static List<String> texts(JsonNode array, String field) {
        var values = new ArrayList<String>();
        array.forEach(node -> values.add(node.path(field).asText()));
        return values;
    }

    @Test
    void attention_refuses400_anAgeThatIsNotAWholeNumberOfMinutesInRange() {
        ApiResult words = call(ApiEvent.from("get-attention.json").query("olderThanMinutes", "ten"));
        ApiResult tooOld = call(ApiEvent.from("get-attention.json").query("olderThanMinutes", "10081"));

        assertEquals(400, words.status());
        assertEquals("VALIDATION_FAILED", words.errorCode());
        assertEquals(400, tooOld.status());
    }

    @Test
    void deadLetters_summariseTheQueuesMessages_andDeleteNone() {
        Order order = placedAgo(Duration.ZERO);
        sqs.sendMessage(r -> r.queueUrl(chargeDeadLetters).messageBody("{\"type\":\"send-refund\",\"orderId\":\"" + order.orderId().value()
                + "\",\"refundId\":\"rfd_01JDZ8Q4K3M5N7P9R2T4V6X8Y0\"}"));
        sqs.sendMessage(r -> r.queueUrl(chargeDeadLetters).messageBody("not one of ours"));

        ApiResult result = call(ApiEvent.from("list-dead-letters.json"));

        assertEquals(200, result.status(), result.body().toString());
        JsonNode messages = result.body().path("messages");
        assertEquals(2, messages.size(), messages.toString());
        JsonNode ours = messages.get(0).path("orderId").isNull() ? messages.get(1) : messages.get(0);
        JsonNode foreign = messages.get(0).path("orderId").isNull() ? messages.get(0) : messages.get(1);
        assertEquals("send-refund", ours.path("type").asText());
        assertEquals(order.orderId().value(), ours.path("orderId").asText());
        assertEquals(1, ours.path("receiveCount").asInt());
        assertTrue(foreign.path("type").isNull());
        assertFalse(result.body().toString().contains("not one of ours"));
        var counts = sqs.getQueueAttributes(r -> r.queueUrl(chargeDeadLetters).attributeNamesWithStrings("All")).attributesAsStrings();
        assertEquals(2, Long.parseLong(counts.get("ApproximateNumberOfMessages")) + Long.parseLong(counts.get("ApproximateNumberOfMessagesNotVisible")));
    }

    @Test
    void redrive_movesTheDeadLetters_backToTheirQueue_once_perIdempotencyKey() {
        for (int i = 0; i < 12; i++) {
            String body = "{\"type\":\"cancel-payments\",\"orderId\":\"" + IdGenerator.ulid().newOrderId(Instant.now()).value() + "\"}";
            sqs.sendMessage(r -> r.queueUrl(chargeDeadLetters).messageBody(body));
        }
        String key = "redrive-" + suffix;

        ApiResult first = call(ApiEvent.from("redrive-dead-letters.json").header("idempotency-key", key));
        sqs.sendMessage(r -> r.queueUrl(chargeDeadLetters).messageBody("{\"type\":\"cancel-payments\",\"orderId\":\"ord_01JDZ8Q4K3M5N7P9R2T4V6X8Y0\"}"));
        ApiResult again = call(ApiEvent.from("redrive-dead-letters.json").header("idempotency-key", key));

        assertEquals(200, first.status(), first.body().toString());
        assertEquals(12, first.body().path("moved").asInt());
        assertFalse(first.body().path("repeated").asBoolean());
        assertEquals(12, again.body().path("moved").asInt());
        assertTrue(again.body().path("repeated").asBoolean());
        List<Message> back = new ArrayList<>();
        for (List<Message> batch = receive(chargeQueue); !batch.isEmpty(); batch = receive(chargeQueue)) {
            back.addAll(batch);
        }
        assertEquals(12, back.size());
        assertEquals("cancel-payments", Json.parse(back.get(0).body()).path("type").asText());
        assertEquals(1, receive(chargeDeadLetters).size(), "what came after the first redrive waits for a new key");
    }

    private List<Message> receive(String queueUrl) {
        return sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1).visibilityTimeout(60)).messages();
    }

    @Test
    void redrive_requiresAnIdempotencyKey() {
        ApiResult result = call(ApiEvent.from("redrive-dead-letters.json").withoutHeader("idempotency-key"));

        assertEquals(400, result.status());
        assertEquals("VALIDATION_FAILED", result.errorCode());
    }

    @Test
    void everyRoute_is403_forACallerOutsideTheAdminGroup_andDoesNothing() {
        Order order = placedAgo(Duration.ZERO);
        sqs.sendMessage(r -> r.queueUrl(chargeDeadLetters).messageBody("{}"));

        List<ApiResult> results = List.of(
                call(ApiEvent.from("get-order-history.json").pathParameter("orderId", order.orderId().value()).caller("bob", false)),
                call(ApiEvent.from("list-order-webhook-events.json").pathParameter("orderId", order.orderId().value()).caller("bob", false)),
                call(ApiEvent.from("get-attention.json").caller("bob", false)),
                call(ApiEvent.from("list-dead-letters.json").caller("bob", false)),
                call(ApiEvent.from("redrive-dead-letters.json").caller("bob", false)));

        results.forEach(result -> assertEquals(403, result.status(), result.body().toString()));
        results.forEach(result -> assertEquals("FORBIDDEN", result.errorCode()));
        assertEquals(0, receive(chargeQueue).size());
        assertEquals(401, call(ApiEvent.from("get-attention.json").anonymous()).status());
    }

    @Test
    void deadLetters_andRedrive_are404_forAnUnknownQueue() {
        ApiResult peek = call(ApiEvent.from("list-dead-letters.json").pathParameter("queue", "payments"));
        ApiResult redrive = call(ApiEvent.from("redrive-dead-letters.json").pathParameter("queue", "payments"));

        assertEquals(404, peek.status());
        assertEquals("NOT_FOUND", peek.errorCode());
        assertEquals(404, redrive.status());
    }
}
