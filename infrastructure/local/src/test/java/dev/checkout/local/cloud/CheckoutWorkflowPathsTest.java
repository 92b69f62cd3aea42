package dev.checkout.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.checkout.local.services.LocalServices;
import dev.checkout.local.stepfunctions.ExecutionDescription;
import dev.checkout.local.stepfunctions.ExecutionStatus;
import dev.checkout.local.stepfunctions.StepFunctionsEngine;
import dev.checkout.local.stepfunctions.clock.ManualClock;
import dev.checkout.local.stepfunctions.task.LambdaFunctionException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every path of statemachine/checkout.asl.json through the engine, with ElasticMQ as the charge
 * queue and scripted functions: what the definition does with each outcome of each step.
 */
@Tag("integration")
class CheckoutWorkflowPathsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int WINDOW = 900;

    private final LocalServices services = LocalServices.shared();
    private final String chargeQueue = services.sqsClient().createQueue(r -> r.queueName("charge-paths-" + UUID.randomUUID())).queueUrl();
    private final ManualClock clock = new ManualClock();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<JsonNode> payloads = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<String>> failures = new ConcurrentHashMap<>();
    private final StepFunctionsEngine engine = StepFunctionsEngine.builder()
            .clock(clock)
            .sqsClient(services.sqsClient())
            .lambdaInvoker(this::invoke)
            .build();
    private final String machine = engine.createStateMachine("Checkout", CheckoutDefinition.substituted(chargeQueue, WINDOW), "arn:aws:iam::000000000000:role/checkout").stateMachineArn();

    @AfterEach
    void close() {
        engine.close();
    }

    /** The next invocations of {@code action} fail with these error types, in order. */
    private void failNext(String action, String... errorTypes) {
        failures.computeIfAbsent(action, a -> new ArrayDeque<>()).addAll(List.of(errorTypes));
    }

    private JsonNode invoke(String arn, JsonNode payload) throws LambdaFunctionException {
        String action = arn.equals(CheckoutDefinition.COMPENSATE) ? "compensate:" + payload.path("paymentId").asText()
                : payload.path("action").asText() + (payload.has("outcome") ? ":" + payload.path("outcome").asText() + ":" + payload.path("reason").asText() : "");
        calls.add(action);
        payloads.add(payload);
        String failure = failures.getOrDefault(payload.path("action").asText(arn.equals(CheckoutDefinition.COMPENSATE) ? "compensate" : ""), new ArrayDeque<>()).poll();
        if (failure != null) {
            throw new LambdaFunctionException(failure, "scripted");
        }
        return JSON.createObjectNode().put("outcome", "OK");
    }

    /** The execution input the checkout starts with: the order's id, lines, total and payment method. */
    private static String input(String orderId) {
        return "{\"orderId\":\"" + orderId + "\",\"lines\":[{\"sku\":\"MUG-01\",\"quantity\":2}],"
                + "\"total\":{\"amount\":5000,\"currency\":\"USD\"},\"paymentMethod\":\"pm_card_visa\"}";
    }

    private String start() {
        String orderId = "ord_" + UUID.randomUUID().toString().replace("-", "").substring(0, 26).toUpperCase();
        return engine.startExecution(machine, orderId, input(orderId)).executionArn();
    }

    private JsonNode chargeMessage() {
        return CheckoutDefinition.nextChargeMessage(services.sqsClient(), chargeQueue);
    }

    /** Waits until the workflow has invoked {@code action} (the timers of earlier steps are gone by then). */
    private void awaitCall(String action) {
        Awaitility.await("the workflow invoking " + action).atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> calls.contains(action));
    }

    private ExecutionDescription finish(String execution) throws Exception {
        return engine.awaitTermination(execution, WAIT);
    }

    @Test
    void happyPath_reservesChargesAndConfirms_inFiveTransitions() throws Exception {
        String execution = start();
        JsonNode charge = chargeMessage();
        engine.sendTaskSuccess(charge.path("taskToken").asText(), "{\"paymentId\":\"pay_1\",\"status\":\"SUCCEEDED\"}");

        ExecutionDescription done = finish(execution);

        assertEquals(ExecutionStatus.SUCCEEDED, done.status());
        assertEquals(1, charge.path("attempt").asInt());
        assertTrue(charge.path("orderId").asText().startsWith("ord_"));
        assertEquals(5000, charge.path("amount").path("amount").asLong());
        assertEquals("pm_card_visa", charge.path("paymentMethod").asText());
        JsonNode commit = payloads.get(1);
        assertEquals("MUG-01", commit.path("lines").get(0).path("sku").asText());
        assertEquals("pay_1", commit.path("payment").path("paymentId").asText());
        assertEquals(List.of("reserve", "commit"), calls);
        assertTrue(engine.stateTransitions(execution) <= 5, "transitions: " + engine.stateTransitions(execution));
    }

    @Test
    void outOfStock_rejectsTheOrder_withoutAskingForPayment() throws Exception {
        failNext("reserve", "dev.checkout.domain.OutOfStockException");
        String execution = start();

        ExecutionDescription done = finish(execution);

        assertEquals(ExecutionStatus.FAILED, done.status());
        assertEquals(List.of("reserve", "release:REJECTED:OUT_OF_STOCK"), calls);
        assertEquals("OrderRejected", engine.getExecutionHistory(execution).stream()
                .filter(e -> e.type().equals("ExecutionFailed")).findFirst().orElseThrow().details().path("error").asText());
    }

    @Test
    void decline_releasesStockAndCancels() throws Exception {
        String execution = start();
        engine.sendTaskFailure(chargeMessage().path("taskToken").asText(), "dev.checkout.domain.PaymentDeclinedException", "card_declined");

        ExecutionDescription done = finish(execution);

        assertEquals(ExecutionStatus.FAILED, done.status());
        assertEquals(List.of("reserve", "release:CANCELLED:dev.checkout.domain.PaymentDeclinedException"), calls);
    }

    @Test
    void providerUnavailable_releasesStockAndCancels() throws Exception {
        String execution = start();
        engine.sendTaskFailure(chargeMessage().path("taskToken").asText(), "dev.checkout.domain.PaymentProviderUnavailableException", "5xx");

        assertEquals(ExecutionStatus.FAILED, finish(execution).status());
        assertEquals(List.of("reserve", "release:CANCELLED:dev.checkout.domain.PaymentProviderUnavailableException"), calls);
    }

    @Test
    void paymentWindowExpiry_releasesStockAndCancels_withoutWaitingFifteenMinutes() throws Exception {
        String execution = start();
        chargeMessage();
        clock.awaitTimers(2, WAIT);

        clock.advance(Duration.ofSeconds(WINDOW));
        ExecutionDescription done = finish(execution);

        assertEquals(ExecutionStatus.FAILED, done.status());
        assertEquals(List.of("reserve", "release:CANCELLED:States.HeartbeatTimeout"), calls);
    }

    @Test
    void paymentWindow_runsAgainFromTheChargesHeartbeat_soACustomerStillAuthenticatingIsNotCutOff() throws Exception {
        String execution = start();
        String token = chargeMessage().path("taskToken").asText();
        clock.awaitTimers(2, WAIT);
        clock.advance(Duration.ofSeconds(WINDOW - 60));

        engine.sendTaskHeartbeat(token);
        clock.advance(Duration.ofSeconds(WINDOW - 60));
        engine.sendTaskSuccess(token, "{\"paymentId\":\"pay_1\",\"status\":\"SUCCEEDED\"}");

        assertEquals(ExecutionStatus.SUCCEEDED, finish(execution).status());
        assertEquals(List.of("reserve", "commit"), calls);
    }

    @Test
    void transientReserveErrors_areRetriedWithBackoff_thenTheCheckoutGoesOn() throws Exception {
        failNext("reserve", "dev.checkout.domain.StorageUnavailableException", "Lambda.TooManyRequestsException");
        String execution = start();
        clock.awaitTimers(1, WAIT);
        clock.advanceToNextTimer();
        clock.awaitTimers(1, WAIT);
        clock.advanceToNextTimer();
        engine.sendTaskSuccess(chargeMessage().path("taskToken").asText(), "{\"paymentId\":\"pay_1\",\"status\":\"SUCCEEDED\"}");

        assertEquals(ExecutionStatus.SUCCEEDED, finish(execution).status());
        assertEquals(List.of("reserve", "reserve", "reserve", "commit"), calls);
    }

    @Test
    void confirmationFailingAfterPayment_cancelsAndRefundsThePayment() throws Exception {
        failNext("commit", "dev.checkout.domain.StateConflictException");
        String execution = start();
        engine.sendTaskSuccess(chargeMessage().path("taskToken").asText(), "{\"paymentId\":\"pay_7\",\"status\":\"SUCCEEDED\"}");

        ExecutionDescription done = finish(execution);

        assertEquals(ExecutionStatus.FAILED, done.status());
        assertEquals(List.of("reserve", "commit", "release:CANCELLED:CONFIRMATION_FAILED", "compensate:pay_7"), calls);
    }

    @Test
    void confirmationCrashing_isRetried_sinceConfirmingTwiceIsHarmless() throws Exception {
        failNext("commit", "Lambda.Unknown");
        String execution = start();
        engine.sendTaskSuccess(chargeMessage().path("taskToken").asText(), "{\"paymentId\":\"pay_8\",\"status\":\"SUCCEEDED\"}");
        awaitCall("commit");
        clock.awaitTimers(1, WAIT);
        clock.advanceToNextTimer();

        ExecutionDescription done = finish(execution);
        assertEquals(ExecutionStatus.SUCCEEDED, done.status(), () -> done.error() + ": " + done.cause() + " after " + calls);
        assertEquals(List.of("reserve", "commit", "commit"), calls);
    }

    @Test
    void confirmationFailing_afterItsWriteWentThrough_endsPaid_withoutARefund() throws Exception {
        failNext("commit", "dev.checkout.domain.ValidationException");
        failNext("release", "dev.checkout.domain.StateConflictException");
        String execution = start();
        engine.sendTaskSuccess(chargeMessage().path("taskToken").asText(), "{\"paymentId\":\"pay_9\",\"status\":\"SUCCEEDED\"}");

        assertEquals(ExecutionStatus.SUCCEEDED, finish(execution).status());
        assertEquals(List.of("reserve", "commit", "release:CANCELLED:CONFIRMATION_FAILED"), calls);
    }

    @Test
    void repeatedStart_withTheSameOrder_isTheSameExecution() {
        String orderId = "ord_" + UUID.randomUUID().toString().replace("-", "").substring(0, 26).toUpperCase();
        String first = engine.startExecution(machine, orderId, input(orderId)).executionArn();
        String second = engine.startExecution(machine, orderId, input(orderId)).executionArn();

        assertEquals(first, second);
    }
}
