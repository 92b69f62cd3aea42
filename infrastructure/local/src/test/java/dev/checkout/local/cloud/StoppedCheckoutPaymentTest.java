package dev.checkout.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.checkout.aws.stepfunctions.StepFunctionsCheckoutWorkflow;
import dev.checkout.domain.Money;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentId;
import dev.checkout.local.services.LocalServices;
import dev.checkout.local.stepfunctions.StepFunctionsEngine;
import dev.checkout.local.stepfunctions.http.StepFunctionsHttpServer;
import dev.checkout.port.IdGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * A cancel that stops the checkout between its payment step taking a success and its confirming step
 * recording it: the workflow adapter finds that payment in the stopped execution's history (over the
 * Step Functions API, as the charge function does on AWS), so the cancel can refund it.
 */
@Tag("integration")
class StoppedCheckoutPaymentTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalServices services = LocalServices.shared();
    private final String chargeQueue = services.sqsClient().createQueue(r -> r.queueName("charge-stopped-" + UUID.randomUUID())).queueUrl();
    private final CountDownLatch confirming = new CountDownLatch(1);
    private final CountDownLatch releaseConfirm = new CountDownLatch(1);
    private final StepFunctionsEngine engine = StepFunctionsEngine.builder()
            .sqsClient(services.sqsClient())
            .lambdaInvoker((arn, payload) -> {
                if (payload.path("action").asText().equals("commit")) {
                    confirming.countDown();
                    await(releaseConfirm);
                }
                return JSON.createObjectNode().put("outcome", "OK");
            })
            .build();
    private final String machine = engine.createStateMachine("Checkout", CheckoutDefinition.substituted(chargeQueue, 900),
            "arn:aws:iam::000000000000:role/checkout").stateMachineArn();
    private final StepFunctionsHttpServer server = start(engine);
    private final SfnClient sfn = SfnClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .httpClient(UrlConnectionHttpClient.create()).build();
    private final StepFunctionsCheckoutWorkflow workflow = new StepFunctionsCheckoutWorkflow(sfn, machine);

    @AfterEach
    void close() {
        releaseConfirm.countDown();
        sfn.close();
        server.close();
        engine.close();
    }

    @Test
    void checkoutStoppedAfterTakingThePayment_leavesThatPaymentForTheCancel() throws Exception {
        OrderId orderId = startCheckout();
        Payment payment = succeeded(orderId);
        assertTrue(workflow.paymentSucceeded(taskToken(), payment));
        assertTrue(confirming.await(30, TimeUnit.SECONDS), "the confirming step never started");
        assertEquals(Optional.empty(), workflow.paymentLeftByStoppedCheckout(orderId), "a running checkout deals with its payment itself");

        workflow.stop(orderId, "cancelled by customer");

        Payment left = workflow.paymentLeftByStoppedCheckout(orderId).orElseThrow();
        assertEquals(payment.paymentId(), left.paymentId());
        assertEquals(payment.amount(), left.amount());
        assertEquals("pi_stopped", left.providerReference());
        assertEquals(payment.status(), left.status());
    }

    @Test
    void checkoutStoppedBeforeTheProviderAnswered_leavesNoPayment_andTheLateSuccessIsRefused() throws Exception {
        OrderId orderId = startCheckout();
        String token = taskToken();

        workflow.stop(orderId, "cancelled by customer");

        assertEquals(Optional.empty(), workflow.paymentLeftByStoppedCheckout(orderId));
        assertEquals(false, workflow.paymentSucceeded(token, succeeded(orderId)));
        assertEquals(Optional.empty(), workflow.paymentLeftByStoppedCheckout(orderId));
    }

    @Test
    void orderWithoutACheckout_hasNoPaymentLeft() {
        assertEquals(Optional.empty(), workflow.paymentLeftByStoppedCheckout(IdGenerator.ulid().newOrderId(Instant.now())));
    }

    private OrderId startCheckout() {
        OrderId orderId = IdGenerator.ulid().newOrderId(Instant.now());
        engine.startExecution(machine, orderId.value(), "{\"orderId\":\"" + orderId.value() + "\",\"lines\":[{\"sku\":\"MUG-01\",\"quantity\":1}],"
                + "\"total\":{\"amount\":2250,\"currency\":\"USD\"},\"paymentMethod\":\"pm_card_visa\"}");
        return orderId;
    }

    private static Payment succeeded(OrderId orderId) {
        Instant now = Instant.now();
        return Payment.pending(PaymentId.of(orderId, 1), "stripe", Money.of(2250, "USD"), "pm_card_visa", null, now)
                .withProviderReference("pi_stopped", now).succeed(now);
    }

    private String taskToken() {
        return CheckoutDefinition.nextChargeMessage(services.sqsClient(), chargeQueue).path("taskToken").asText();
    }

    private static StepFunctionsHttpServer start(StepFunctionsEngine engine) {
        try {
            return StepFunctionsHttpServer.start(engine, "127.0.0.1", 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
