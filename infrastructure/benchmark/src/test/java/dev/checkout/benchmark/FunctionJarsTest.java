package dev.checkout.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.checkout.local.cloud.LocalCloud;
import dev.checkout.local.cloud.LocalCloudConfig;
import dev.checkout.local.payments.FaultPhase;
import dev.checkout.local.services.SamTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployable jars work on their own. ProGuard shrinks each function's shaded jar (rules in
 * {@code functions/lambda-jar.pro}), and what it removes by mistake, something only reflection, a
 * resource or a service file names, fails at run time only. So every function of the template is
 * started here as Lambda starts it: a fresh JVM with nothing but the function's jar (and the probe) on
 * its class path and only the function's environment; the handler made with its no-arg constructor
 * and invoked once with its {@code events/} sample, against a running local cloud
 * ({@link FunctionStartup}, {@link ProbeEvents}). The functions run in the template's order, which
 * the refund events rely on (the refund of 1000 before the compensation refunds the rest). The HTTP
 * functions are also started on a request they must refuse, since their error paths (the domain's
 * exceptions, the SDK's and Stripe's failure types) run on no sample.
 *
 * <p>The local cloud itself runs the functions from their modules' classes, not from these jars.
 */
@Tag("packaging")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FunctionJarsTest {
    /** Lambda accepts far more; this is the target the project set for its jars. */
    private static final long MAX_JAR_BYTES = 8L * 1024 * 1024;

    private LocalCloud cloud;
    private ShopClient api;
    private List<Benchmark.Function> functions;
    private List<String> jvmOptions;
    private ProbeEvents events;
    private FunctionStartup startup;

    @BeforeAll
    void startLocalCloud(@TempDir Path work) {
        Path projectDir = LocalCloud.projectRoot();
        SamTemplate template = SamTemplate.load(projectDir.resolve("infrastructure/template.yaml"));
        functions = Benchmark.functions(template);
        jvmOptions = Benchmark.javaToolOptions(template);
        cloud = LocalCloud.start(new LocalCloudConfig("127.0.0.1", 0, 0, 0, 0, 0, false, false, true, projectDir, null, Map.of()));
        api = new ShopClient(cloud.apiEndpoint());
        events = ProbeEvents.prepare(cloud, api, projectDir.resolve("events"), Benchmark.webhookSecret(cloud));
        startup = new FunctionStartup(work);
    }

    @AfterAll
    void stopLocalCloud() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyFunction_startsFromItsJarAlone_andAnswersItsSampleEvent() {
        return functions.stream().map(f -> dynamicTest(f.logicalId() + " from " + f.module() + ".jar", () -> {
            assertTrue(Files.isRegularFile(f.jar()), f.jar() + " is missing: the function modules are packaged before this test (./mvnw verify)");
            Optional<String> event = events.forFunction(f.logicalId());
            assertTrue(event.isPresent(), "no probe event for " + f.logicalId() + ": add one to ProbeEvents");
            var subject = new FunctionStartup.Subject(f.logicalId(), f.jar(), f.handlerClass(), event::get, cloud.functionEnvironment(f.logicalId()));
            FunctionStartup.Run run = startup.measure(List.of(subject), List.of(new FunctionStartup.Variant("jar-test", jvmOptions)), 1, 0)
                    .get(f.logicalId()).get("jar-test").runs().get(0);

            String answer = startup.firstResponse(f.logicalId(), "jar-test", 0);
            assertTrue(run.ok(), () -> f.logicalId() + " answered with an error: " + answer
                    + "\nits log: " + startup.log(f.logicalId(), "jar-test", 0, "err"));
            switch (f.logicalId()) {
                // A provider call that failed in the jar would count as a decline and fail the payment:
                // the held order's payment must still wait for the customer.
                case "ChargeFunction" -> assertEquals("PENDING", heldPayment().path("status").asText(), () -> heldPayment().toString());
                case "RefundCompensationFunction" -> assertTrue(answer.contains("\"refunded\":true"), answer);
                default -> { }
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyHttpFunction_refusesABadRequestFromItsJar_withTheErrorBody() {
        return functions.stream().filter(f -> events.refusedFor(f.logicalId()).isPresent()).map(f -> dynamicTest(f.logicalId() + " refuses", () -> {
            ProbeEvents.Refused refused = events.refusedFor(f.logicalId()).orElseThrow();
            var subject = new FunctionStartup.Subject(f.logicalId(), f.jar(), f.handlerClass(), refused::event, cloud.functionEnvironment(f.logicalId()));
            startup.measure(List.of(subject), List.of(new FunctionStartup.Variant("jar-refusal", jvmOptions)), 1, 0);

            String answer = startup.firstResponse(f.logicalId(), "jar-refusal", 0);
            JsonNode response = new ObjectMapper().readTree(answer);
            assertEquals(refused.status(), response.path("statusCode").asInt(), () -> f.logicalId() + " answered " + answer
                    + "\nits log: " + startup.log(f.logicalId(), "jar-refusal", 0, "err"));
            JsonNode error = new ObjectMapper().readTree(response.path("body").asText()).path("error");
            assertFalse(error.path("code").asText().isEmpty(), answer);
            assertFalse(error.path("message").asText().isEmpty(), answer);
        }));
    }

    /**
     * The cancel's path in the charge function: the checkout it stopped is read back (GetExecutionHistory,
     * which no sample runs) to refund a payment the checkout had taken.
     */
    @Test
    void chargeJar_cancelsThePaymentsOfACancelledOrder_afterReadingItsStoppedCheckout() throws Exception {
        String carol = cloud.issueToken("carol", false);
        String orderId = api.order(carol, events.sku(), "pm_card_authenticationRequired");
        cloud.engine().awaitTaskToken(CheckoutCost.executionArn(cloud.stateMachineArn("CheckoutStateMachine"), orderId), Duration.ofSeconds(60));
        assertEquals(200, api.send("POST", "/orders/" + orderId + "/cancel", carol, null).status());
        chargeJarHandles("jar-cancel", events.cancelPayments(orderId));

        JsonNode payment = api.send("GET", "/orders/" + orderId + "/payments", carol, null).body().path("payments").path(0);
        assertEquals("CANCELLED", payment.path("status").asText(), payment::toString);
    }

    /** The sweep's path in the charge function: a refund stored while the provider refused it, sent from the jar. */
    @Test
    void chargeJar_sendsARefundTheProviderNeverAccepted() throws Exception {
        String dave = cloud.issueToken("dave", false);
        String orderId = api.order(dave, events.sku(), "pm_card_visa");
        awaitStatus(dave, orderId, "PAID");
        cloud.paymentSimulator().faults().serverErrors(50, FaultPhase.BEFORE_PROCESSING, "POST /v1/refunds");
        ShopClient.Response refused;
        try {
            refused = api.send("POST", "/orders/" + orderId + "/refunds", cloud.token("admin"), "{\"amount\":100,\"reason\":\"damaged\"}");
        } finally {
            cloud.paymentSimulator().faults().clear();
        }
        assertEquals(503, refused.status(), refused.body()::toString);
        String refundId = api.send("GET", "/orders/" + orderId, dave, null).body().path("refunds").path(0).path("refundId").asText();
        chargeJarHandles("jar-send-refund", events.sendRefund(orderId, refundId));

        JsonNode refund = awaitStatus(dave, orderId, "PARTIALLY_REFUNDED").path("refunds").path(0);
        assertEquals("SUCCEEDED", refund.path("status").asText(), refund::toString);
    }

    /** Runs the charge function from its jar in a fresh JVM on one charge-queue {@code event}; asserts no message failed. */
    private void chargeJarHandles(String variant, String event) throws IOException {
        Benchmark.Function charge = functions.stream().filter(f -> f.logicalId().equals("ChargeFunction")).findFirst().orElseThrow();
        var subject = new FunctionStartup.Subject(charge.logicalId(), charge.jar(), charge.handlerClass(), () -> event,
                cloud.functionEnvironment(charge.logicalId()));
        startup.measure(List.of(subject), List.of(new FunctionStartup.Variant(variant, jvmOptions)), 1, 0);

        String answer = startup.firstResponse(charge.logicalId(), variant, 0);
        assertTrue(new ObjectMapper().readTree(answer).path("batchItemFailures").isEmpty(), () -> "the message failed in the jar: " + answer
                + "\nits log: " + startup.log(charge.logicalId(), variant, 0, "err"));
    }

    /** Polls the order until it has {@code status}; fails after a minute. */
    private JsonNode awaitStatus(String token, String orderId, String status) {
        return Awaitility.await("order " + orderId + " becoming " + status).atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50))
                .until(() -> api.send("GET", "/orders/" + orderId, token, null).body(), order -> order.path("status").asText().equals(status));
    }

    private JsonNode heldPayment() {
        return api.send("GET", "/orders/" + events.heldOrderId() + "/payments", cloud.token(events.heldOrderOwner()), null)
                .body().path("payments").path(0);
    }

    @Test
    void everyFunctionJar_isAtMost8MB() throws IOException {
        for (Benchmark.Function f : functions) {
            long bytes = Files.size(f.jar());
            assertTrue(bytes <= MAX_JAR_BYTES, f.jar() + " is " + bytes + " bytes, over 8 MB (8,388,608 bytes)");
        }
    }
}
