package dev.checkout.local.cloud;

import static dev.checkout.local.cloud.ApiClient.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.local.cloud.ApiClient.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * End-to-end tier: the operations console's routes through the local cloud's gateway, over the real
 * checkout (workflow, queues, functions, the provider simulator and its webhooks).
 */
@Tag("end-to-end")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsConsoleEndToEndTest extends LocalCloudEndToEnd {

    private static String placed(String paymentMethod) {
        return placedBy(alice, paymentMethod);
    }

    private static List<String> texts(JsonNode array, String field) {
        var values = new ArrayList<String>();
        array.forEach(node -> values.add(node.path(field).asText()));
        return values;
    }

    @Test
    void aPaidOrdersHistory_listsItsSteps_andItsWebhookEventIsApplied() {
        String orderId = placed("pm_card_visa");
        api.awaitOrder(alice, orderId, status("PAID"));

        Response history = api.get("/orders/" + orderId + "/history", admin);
        JsonNode events = Awaitility.await("the payment's webhook event recorded and applied").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> api.get("/orders/" + orderId + "/webhook-events", admin).body().path("events"),
                        list -> list.size() == 1 && "APPLIED".equals(list.get(0).path("state").asText()));

        assertEquals(200, history.status(), history.body().toString());
        List<String> steps = texts(history.body().path("steps"), "name");
        assertTrue(steps.containsAll(List.of("ReserveStock", "RequestPayment", "ConfirmOrder")), steps.toString());
        assertEquals(List.of("SUCCEEDED"), texts(history.body().path("steps"), "outcome").stream().distinct().toList());
        assertEquals("stripe", events.get(0).path("provider").asText());
        assertEquals("payment_intent.succeeded", events.get(0).path("type").asText());
    }

    @Test
    void aCheckoutWaitingForPayment_showsInAttention_andItsStepRuns() {
        String orderId = placed("pm_card_authenticationRequired");
        api.awaitOrder(alice, orderId, order -> order.path("payments").size() == 1);

        Response attention = api.get("/attention?olderThanMinutes=0", admin);
        Response history = api.get("/orders/" + orderId + "/history", admin);

        assertEquals(200, attention.status(), attention.body().toString());
        assertTrue(texts(attention.body().path("stalledCheckouts"), "orderId").contains(orderId), attention.body().toString());
        assertEquals(List.of("charge", "notification"), texts(attention.body().path("deadLetterQueues"), "queue"));
        JsonNode steps = history.body().path("steps");
        assertEquals("RequestPayment", steps.get(steps.size() - 1).path("name").asText());
        assertEquals("RUNNING", steps.get(steps.size() - 1).path("outcome").asText());
    }

    @Test
    void aDeadLetter_isListed_andARedriveBringsItBack_toBeProcessed() {
        String orderId = placed("pm_card_authenticationRequired");
        api.awaitOrder(alice, orderId, order -> order.path("payments").size() == 1);
        assertEquals(200, api.post("/orders/" + orderId + "/cancel", alice, null).status());
        api.awaitOrder(alice, orderId, order -> "CANCELLED".equals(order.path("payments").get(0).path("status").asText()));
        Map<String, String> env = cloud.functionEnvironment("OperationsApiFunction");
        String deadLetters = env.get("CHARGE_DEAD_LETTER_QUEUE_URL");
        String chargeQueue = env.get("CHARGE_QUEUE_URL");
        SqsClient sqs = cloud.services().sqsClient();
        // A cancel-payments that failed five times: repeating it is harmless, its order is closed already.
        sqs.sendMessage(r -> r.queueUrl(deadLetters).messageBody("{\"type\":\"cancel-payments\",\"orderId\":\"" + orderId + "\"}"));
        long chargesBefore = cloud.invocations().getOrDefault("ChargeFunction", 0L);

        Response attention = api.get("/attention", admin);
        Response listed = api.get("/dead-letters/charge", admin);
        Awaitility.await("the looked-at message visible again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/attention", admin).body().path("deadLetterQueues").get(0).path("approximateMessages").asLong() == 1);
        String key = UUID.randomUUID().toString();
        Response redrive = api.send("POST", "/dead-letters/charge/redrive", admin, null, key);
        Response again = api.send("POST", "/dead-letters/charge/redrive", admin, null, key);

        assertEquals(1, attention.body().path("deadLetterQueues").get(0).path("approximateMessages").asLong(), attention.body().toString());
        assertEquals(200, listed.status(), listed.body().toString());
        assertEquals("cancel-payments", listed.body().path("messages").get(0).path("type").asText());
        assertEquals(orderId, listed.body().path("messages").get(0).path("orderId").asText());
        assertEquals(200, redrive.status(), redrive.body().toString());
        assertEquals(1, redrive.body().path("moved").asInt(), redrive.body().toString());
        assertTrue(again.body().path("repeated").asBoolean());
        Awaitility.await("the charge function took the message from its queue").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> cloud.invocations().getOrDefault("ChargeFunction", 0L) > chargesBefore && depth(sqs, chargeQueue) == 0 && depth(sqs, deadLetters) == 0);
    }

    private static long depth(SqsClient sqs, String queueUrl) {
        var attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Test
    void everyCustomersOrders_areListedForAnAdmin_newestFirst_byStatus_pagedThroughTheGateway() {
        String from = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        String bob = cloud.token("bob");
        String alicesOrder = placed("pm_card_visa");
        String bobsOrder = placedBy(bob, "pm_card_authenticationRequired");
        api.awaitOrder(alice, alicesOrder, status("PAID"));
        String window = "/admin/orders?from=" + from + "&to=" + Instant.now().plusSeconds(1);

        var listed = new ArrayList<String>();
        String token = null;
        do {
            Response page = api.get(window + "&limit=1" + (token == null ? "" : "&nextToken=" + token), admin);
            assertEquals(200, page.status(), page.body().toString());
            listed.addAll(texts(page.body().path("orders"), "orderId"));
            token = page.body().path("nextToken").isNull() ? null : page.body().path("nextToken").asText();
        } while (token != null);
        Response paid = api.get(window + "&status=PAID", admin);

        assertEquals(List.of(bobsOrder, alicesOrder), listed);
        assertEquals(List.of(alicesOrder), texts(paid.body().path("orders"), "orderId"));
        assertEquals(403, api.get(window, alice).status());
        assertEquals(200, api.get("/orders/" + bobsOrder, admin).status(), "an admin finds any order by its id");
    }

    private static String placedBy(String customer, String paymentMethod) {
        String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, api.putProduct(admin, sku, 1250, 10).status());
        Response created = api.order(customer, sku, 1, paymentMethod);
        assertEquals(201, created.status(), created.body().toString());
        return created.body().path("orderId").asText();
    }

    @Test
    void theRoutes_are403_forACustomer_and404_forAnUnknownOrderOrQueue() {
        String orderId = placed("pm_card_visa");

        assertEquals(403, api.get("/orders/" + orderId + "/history", alice).status());
        assertEquals(403, api.get("/orders/" + orderId + "/webhook-events", alice).status());
        assertEquals(403, api.get("/attention", alice).status());
        assertEquals(403, api.get("/dead-letters/charge", alice).status());
        assertEquals(403, api.send("POST", "/dead-letters/charge/redrive", alice, null, "k-1").status());
        assertEquals(404, api.get("/orders/ord_01JDZ8Q4K3M5N7P9R2T4V6X8Y0/history", admin).status());
        assertEquals(404, api.get("/dead-letters/payments", admin).status());
        assertEquals(401, api.get("/attention", null).status());
    }

    /** Runs after the routes above: the local cloud enforces no IAM, so this is where a call the operations role would refuse shows. */
    @Test
    @Order(Integer.MAX_VALUE)
    void everyAwsCallOfTheOperationsFunction_isGrantedByItsRole() {
        var accesses = SdkCallMeter.accessesByFunction().stream().filter(access -> access.startsWith("OperationsApiFunction ")).collect(Collectors.toSet());

        assertTrue(accesses.stream().anyMatch(access -> access.startsWith("OperationsApiFunction states:GetExecutionHistory arn:aws:states:")), accesses.toString());
        assertTrue(accesses.stream().anyMatch(access -> access.startsWith("OperationsApiFunction sqs:SendMessageBatch ")), accesses.toString());
        assertTrue(accesses.stream().anyMatch(access -> access.startsWith("OperationsApiFunction dynamodb:PutItem ")), accesses.toString());
        assertEquals(List.of(), cloud.permissions().refused(accesses), "calls the template's policies do not grant");
    }
}
