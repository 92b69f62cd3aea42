package dev.checkout.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.checkout.application.PlaceOrder;
import dev.checkout.aws.sqs.SqsPaymentEventQueue;
import dev.checkout.aws.wiring.AwsClients;
import dev.checkout.aws.wiring.CheckoutAdapters;
import dev.checkout.aws.wiring.FunctionEnvironment;
import dev.checkout.domain.Actor;
import dev.checkout.domain.PaymentMethod;
import dev.checkout.domain.Money;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.OutOfStockException;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentStatus;
import dev.checkout.domain.Product;
import dev.checkout.domain.Sku;
import dev.checkout.domain.StockLine;
import dev.checkout.domain.UserId;
import dev.checkout.local.payments.PaymentSimulator;
import dev.checkout.local.payments.PaymentSimulatorConfig;
import dev.checkout.local.services.SamTemplate;
import dev.checkout.local.stepfunctions.StepFunctionsEngine;
import dev.checkout.local.stepfunctions.http.StepFunctionsHttpServer;
import dev.checkout.local.stepfunctions.task.LambdaFunctionException;
import dev.checkout.port.IdGenerator;
import dev.checkout.port.Catalog;
import dev.checkout.port.StockReservations;
import dev.checkout.port.StockReservations.ReservationOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ResourceStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The LocalStack tier, run by the normal build where Python 3.13 is available (each test reported as
 * skipped with the reason where it is not, by {@link LocalStackAvailable}): LocalStack without Docker ({@code localstack.sh}), the Docker-free part of the
 * template deployed to it through CloudFormation ({@link DockerFreeStack}), the DynamoDB and SQS adapters
 * against it, and each {@link CheckoutScenario} run twice, in LocalStack's Step Functions and in the local
 * engine, and compared. Both runs use the real charge queue's {@code waitForTaskToken} on LocalStack's
 * SQS and the functions' code (reserve-stock and the compensation as activity workers on LocalStack, as
 * Lambda functions on the engine; charge on the charge queue) against LocalStack's DynamoDB, Secrets
 * Manager and the payment simulator. The payment window is {@value #PAYMENT_WINDOW_SECONDS} s of real time.
 */
@Tag("localstack")
@ExtendWith(LocalStackAvailable.class)
class LocalStackTierTest {
    private static final int PAYMENT_WINDOW_SECONDS = 6;
    private static final String REGION = "us-east-1";
    private static final String ACCOUNT = "000000000000";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final IdGenerator IDS = IdGenerator.ulid();

    private static LocalStackProcess localStack;
    private static SamTemplate template;
    private static DockerFreeStack stack;
    private static PaymentSimulator provider;
    private static SqsClient sqs;
    private static StepFunctionsEngine engine;
    private static StepFunctionsHttpServer engineApi;
    private static CheckoutTarget onLocalStack;
    private static CheckoutTarget onEngine;

    @BeforeAll
    static void startLocalStackAndDeployTheTemplate() throws IOException {
        localStack = LocalStackProcess.shared();
        template = SamTemplate.ofProject();
        Map<String, String> credentials = Map.of("AWS_REGION", REGION, "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_ENDPOINT_URL", localStack.endpoint().toString());
        AwsClients clients = new AwsClients(FunctionEnvironment.of(credentials));
        sqs = clients.configure(SqsClient.builder(), "SQS").build();
        try (CloudFormationClient cloudFormation = clients.configure(CloudFormationClient.builder(), "CLOUDFORMATION")
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)).build()).build()) {
            stack = DockerFreeStack.deploy(localStack, cloudFormation, PAYMENT_WINDOW_SECONDS);
        }
        provider = PaymentSimulator.start(PaymentSimulatorConfig.forTests());
        String apiKeySecret = stack.physicalId("StripeApiKeySecret");
        try (SecretsManagerClient secrets = clients.configure(SecretsManagerClient.builder(), "SECRETSMANAGER").build()) {
            secrets.putSecretValue(r -> r.secretId(apiKeySecret).secretString("sk_test_localstack_tier"));
        }
        Map<String, String> common = new HashMap<>(credentials);
        common.put("TABLE_NAME", stack.output("CheckoutTableName"));
        common.put("PAYMENT_PLATFORMS", "stripe");
        common.put("STRIPE_API_KEY_SECRET_ARN", apiKeySecret);
        common.put("STRIPE_API_BASE", provider.baseUrl());
        common.put("CHARGE_MAX_RECEIVES", "5");

        onLocalStack = localStackTarget(clients, common);
        onEngine = engineTarget(clients, common);
    }

    /** LocalStack's Step Functions with the deployed state machine; its function steps are activities worked here. */
    private static CheckoutTarget localStackTarget(AwsClients clients, Map<String, String> common) {
        String machine = stack.output("StateMachineArn");
        Map<String, String> environment = CheckoutTarget.functionEnvironment(common, localStack.endpoint().toString(), machine,
                stack.physicalId("ChargeQueue"));
        CheckoutTarget target = new CheckoutTarget("LocalStack", clients.configure(SfnClient.builder(), "SFN").build(), machine, environment);
        // GetActivityTask waits up to 60 s for a task.
        SfnClient longPolling = clients.configure(SfnClient.builder(), "SFN")
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(75)).build()).build();
        target.workActivity(longPolling, stack.physicalId("ReserveStockFunctionActivity"), FunctionCode.of(template, "ReserveStockFunction", environment));
        target.workActivity(longPolling, stack.physicalId("RefundCompensationFunctionActivity"),
                FunctionCode.of(template, "RefundCompensationFunction", environment));
        target.consumeChargeQueue(template, sqs);
        return target;
    }

    /**
     * The local engine (the local cloud's Step Functions) with the same definition file and substitutions;
     * its function steps invoke the functions' code as Lambda functions. It sends to a charge queue of its
     * own on LocalStack's SQS, so that each target's charge function sees only its own tokens.
     */
    private static CheckoutTarget engineTarget(AwsClients clients, Map<String, String> common) throws IOException {
        String chargeQueue = sqs.createQueue(r -> r.queueName("engine-charge-queue")).queueUrl();
        Map<String, FunctionCode> functions = new HashMap<>();
        engine = StepFunctionsEngine.builder().region(REGION).accountId(ACCOUNT).sqsClient(sqs)
                .lambdaInvoker((arn, payload) -> {
                    FunctionCode function = functions.get(arn);
                    if (function == null) {
                        throw LambdaFunctionException.functionNotFound(arn);
                    }
                    try {
                        String output = function.invoke(payload.toString());
                        return JSON.readTree(output.isBlank() ? "null" : output);
                    } catch (FunctionCode.Failure failure) {
                        throw new LambdaFunctionException(failure.errorType(), failure.getMessage());
                    } catch (IOException e) {
                        throw new LambdaFunctionException("Lambda.Unknown", e.getMessage());
                    }
                }).build();
        engineApi = StepFunctionsHttpServer.start(engine, "127.0.0.1", 0);
        String reserveStock = "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:ReserveStockFunction:live";
        String compensation = "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:RefundCompensationFunction:live";
        String definition = Files.readString(Path.of(template.directory().toString(), "..", "statemachine", "checkout.asl.json"), StandardCharsets.UTF_8);
        for (var substitution : Map.of("ReserveStockFunctionArn", reserveStock, "RefundCompensationFunctionArn", compensation,
                "ChargeQueueUrl", chargeQueue, "PaymentWindowSeconds", Integer.toString(PAYMENT_WINDOW_SECONDS)).entrySet()) {
            definition = definition.replace("${" + substitution.getKey() + "}", substitution.getValue());
        }
        String machine = engine.createStateMachine("CheckoutStateMachine", definition, "arn:aws:iam::" + ACCOUNT + ":role/checkout").stateMachineArn();
        Map<String, String> environment = CheckoutTarget.functionEnvironment(common, engineApi.endpoint().toString(), machine, chargeQueue);
        functions.put(reserveStock, FunctionCode.of(template, "ReserveStockFunction", environment));
        functions.put(compensation, FunctionCode.of(template, "RefundCompensationFunction", environment));
        CheckoutTarget target = new CheckoutTarget("local engine", clients.configure(SfnClient.builder(), "SFN")
                .endpointOverride(engineApi.endpoint()).build(), machine, environment);
        target.consumeChargeQueue(template, sqs);
        return target;
    }

    @AfterAll
    static void stopTargets() {
        for (AutoCloseable closeable : new AutoCloseable[] {onLocalStack, onEngine, engine, provider}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        if (engineApi != null) {
            engineApi.close();
        }
        if (localStack != null && localStack.unavailableBecause().isEmpty()) {
            localStack.stop();
        }
    }

    // ----- the deployment

    @Test
    void dockerFreeStack_createsEveryResourceItDeclares_withTheTemplatesTableAndRedrivePolicies() {
        stack.resources().values().forEach(resource ->
                assertEquals(ResourceStatus.CREATE_COMPLETE, resource.resourceStatus(), resource.logicalResourceId()));
        assertTrue(stack.resources().keySet().containsAll(List.of("CheckoutTable", "ChargeQueue", "ChargeDeadLetterQueue", "NotificationQueue",
                "NotificationDeadLetterQueue", "StripeApiKeySecret", "StripeWebhookSigningSecret", "CheckoutStateMachine",
                "FailedCheckoutsAlarm", "ChargeDeadLetterQueueAlarm", "NotificationDeadLetterQueueAlarm")), stack.resources().keySet()::toString);
        TableDescription table = onLocalStack.adapters().dynamoDb().describeTable(r -> r.tableName(stack.output("CheckoutTableName"))).table();
        assertEquals(List.of("GSI1", "GSI2", "GSI3"), table.globalSecondaryIndexes().stream().map(i -> i.indexName()).sorted().toList());
        var chargeQueue = sqs.getQueueAttributes(r -> r.queueUrl(stack.physicalId("ChargeQueue")).attributeNames(QueueAttributeName.ALL)).attributes();
        assertEquals("180", chargeQueue.get(QueueAttributeName.VISIBILITY_TIMEOUT));
        assertTrue(chargeQueue.get(QueueAttributeName.REDRIVE_POLICY).contains("\"maxReceiveCount\": 5")
                || chargeQueue.get(QueueAttributeName.REDRIVE_POLICY).contains("\"maxReceiveCount\":5"), chargeQueue::toString);
    }

    // ----- the adapters on LocalStack's DynamoDB and SQS

    @Test
    void stockAdapter_reservesReleasesAndCommitsAMultiLineOrder_inOneWriteEach() {
        StockReservations stock = onLocalStack.adapters().stockReservations();
        Catalog catalog = onLocalStack.adapters().catalog();
        Sku mug = stocked(onLocalStack.adapters(), 10);
        Sku plate = stocked(onLocalStack.adapters(), 5);
        List<StockLine> lines = List.of(new StockLine(mug, 3), new StockLine(plate, 2));
        OrderId released = IDS.newOrderId(Instant.now());
        OrderId sold = IDS.newOrderId(Instant.now());

        assertEquals(ReservationOutcome.RESERVED, stock.reserve(released, lines));
        assertEquals(ReservationOutcome.RELEASED, stock.release(released, lines, null));
        assertEquals(ReservationOutcome.RESERVED, stock.reserve(sold, lines));
        assertEquals(ReservationOutcome.COMMITTED, stock.commit(sold, lines, null));

        Product mugs = catalog.find(mug).orElseThrow();
        assertEquals(List.of(7L, 0L, 3L), List.of(mugs.available(), mugs.reserved(), mugs.sold()));
    }

    @Test
    void stockAdapter_rejectsTheWholeOrder_whenOneLineIsShort() {
        StockReservations stock = onLocalStack.adapters().stockReservations();
        Sku plenty = stocked(onLocalStack.adapters(), 100);
        Sku scarce = stocked(onLocalStack.adapters(), 1);

        var refused = assertThrows(OutOfStockException.class,
                () -> stock.reserve(IDS.newOrderId(Instant.now()), List.of(new StockLine(plenty, 5), new StockLine(scarce, 2))));

        assertEquals(List.of(scarce), refused.skus());
        assertEquals(100, onLocalStack.adapters().catalog().find(plenty).orElseThrow().available());
    }

    @Test
    void paymentEventQueue_sendsTheEventTheNotificationFunctionReads() throws IOException {
        String queueUrl = stack.physicalId("NotificationQueue");
        String eventId = "evt_" + UUID.randomUUID();

        new SqsPaymentEventQueue(sqs, queueUrl).send("stripe", eventId, "payment_intent.succeeded", "{\"id\":\"" + eventId + "\"}");

        JsonNode received = null;
        while (received == null) {
            for (var message : sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1).maxNumberOfMessages(10)).messages()) {
                JsonNode body = JSON.readTree(message.body());
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                if (eventId.equals(body.path("eventId").asText())) {
                    received = body;
                }
            }
        }
        assertEquals("stripe", received.path("provider").asText());
        assertEquals("payment_intent.succeeded", received.path("type").asText());
    }

    // ----- the checkout on LocalStack's Step Functions, compared with the local engine

    @ParameterizedTest
    @EnumSource(CheckoutScenario.class)
    void checkout_endsOnLocalStackAsOnTheLocalEngine(CheckoutScenario scenario) throws InterruptedException {
        CheckoutOutcome local = checkout(onEngine, scenario);
        CheckoutOutcome localStacks = checkout(onLocalStack, scenario);

        assertEquals(expectedOf(scenario), local.states(), "states on the local engine");
        assertEquals(knownDifference(scenario, local), localStacks);
    }

    /** The states each scenario enters, in order (checkout.asl.json). */
    private static List<String> expectedOf(CheckoutScenario scenario) {
        return switch (scenario) {
            case PAID -> List.of("ReserveStock", "RequestPayment", "ConfirmOrder", "Done");
            case DECLINED, PAYMENT_WINDOW_EXPIRED -> List.of("ReserveStock", "RequestPayment", "ReleaseAndCancel", "Cancelled");
            case CANCELLED_WHILE_PAYING -> List.of("ReserveStock", "RequestPayment");
        };
    }

    /**
     * What LocalStack does where it departs from the local engine (which follows AWS); listed in the
     * stepfunctions-engine README. A StopExecution of an execution parked on a task token whose state
     * declares HeartbeatSeconds ends it FAILED with States.Timeout (a TaskTimedOut event), not ABORTED.
     */
    private static CheckoutOutcome knownDifference(CheckoutScenario scenario, CheckoutOutcome local) {
        if (scenario == CheckoutScenario.CANCELLED_WHILE_PAYING) {
            return local.withExecutionEnd(ExecutionStatus.FAILED, "States.Timeout", "TaskTimedOut");
        }
        return local;
    }

    private static CheckoutOutcome checkout(CheckoutTarget target, CheckoutScenario scenario) throws InterruptedException {
        CheckoutAdapters adapters = target.adapters();
        Sku sku = stocked(adapters, 5);
        UserId customer = UserId.of("customer-" + UUID.randomUUID());
        Order order = new PlaceOrder(adapters.orders(), adapters.catalog(), adapters.idempotency(), adapters.workflow(), IDS, adapters.clock(), adapters.paymentPlatforms())
                .place(new PlaceOrder.Command(customer, List.of(new PlaceOrder.RequestedLine(sku, 2)), PaymentMethod.card(scenario.paymentMethod()),
                        UUID.randomUUID().toString(), "request-" + UUID.randomUUID()))
                .order();
        if (scenario == CheckoutScenario.CANCELLED_WHILE_PAYING) {
            PaymentId payment = PaymentId.of(order.orderId(), 1);
            CheckoutTarget.await(() -> adapters.payments().find(payment).map(p -> p.status() == PaymentStatus.PENDING).orElse(false));
            adapters.cancelOrder().cancel(new Actor(customer, false), order.orderId());
        }
        CheckoutRun run = target.awaitEnd(order.orderId().value());
        CheckoutTarget.await(() -> adapters.orders().find(order.orderId()).orElseThrow().status() != OrderStatus.PENDING_PAYMENT);
        Order after = adapters.orders().find(order.orderId()).orElseThrow();
        return new CheckoutOutcome(run.status(), run.error(), run.states(), run.taskEvents(), after.status(),
                after.statusReason().orElse(null), adapters.catalog().find(sku).orElseThrow().available());
    }

    private static Sku stocked(CheckoutAdapters adapters, long available) {
        Sku sku = Sku.of("SKU-" + UUID.randomUUID().toString().substring(0, 12).toUpperCase());
        adapters.catalog().put(sku, "Mug", Money.of(1250, "USD"), available);
        return sku;
    }
}
