package dev.checkout.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.checkout.aws.wiring.CheckoutAdapters;
import dev.checkout.aws.wiring.FunctionEnvironment;
import dev.checkout.domain.IdempotencyRecord;
import dev.checkout.domain.Money;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.OrderLine;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.OutOfStockException;
import dev.checkout.domain.Product;
import dev.checkout.domain.Sku;
import dev.checkout.domain.StockLine;
import dev.checkout.domain.UserId;
import dev.checkout.domain.VersionConflictException;
import dev.checkout.local.services.SamTemplate;
import dev.checkout.local.services.TableDefinitions;
import dev.checkout.local.services.TableDefinitions.TableDefinition;
import dev.checkout.port.Catalog;
import dev.checkout.port.IdGenerator;
import dev.checkout.port.OrderRepository;
import dev.checkout.port.StockReservations;
import dev.checkout.port.StockReservations.ReservationOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Architecture;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The LocalStack tier: the template's table, the DynamoDB adapters, the checkout definition and the
 * packaged reserve-stock function against LocalStack in a container. Needs Docker; without it the
 * whole class is skipped. LocalStack images after 4.14.0 refuse to start without
 * {@code LOCALSTACK_AUTH_TOKEN}; the token is passed on when the environment has one, and
 * {@code -Dlocalstack.image=localstack/localstack:<tag>} picks another image.
 */
@Tag("localstack")
@Testcontainers(disabledWithoutDocker = true)
class LocalStackDeploymentTest {
    /** The last tag of the LocalStack image that starts without an auth token. */
    private static final String DEFAULT_IMAGE = "localstack/localstack:4.14.0";
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final IdGenerator IDS = IdGenerator.ulid();

    @Container
    private static final LocalStackContainer LOCALSTACK = localStack();

    private static SamTemplate template;
    private static String tableName;
    private static CheckoutAdapters adapters;

    private static LocalStackContainer localStack() {
        var container = new LocalStackContainer(DockerImageName.parse(System.getProperty("localstack.image", DEFAULT_IMAGE))
                .asCompatibleSubstituteFor("localstack/localstack"))
                // Java jars run on any architecture: let arm64 functions run on x86 hosts and vice versa.
                .withEnv("LAMBDA_IGNORE_ARCHITECTURE", "1");
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        if (token != null && !token.isBlank()) {
            container.withEnv("LOCALSTACK_AUTH_TOKEN", token);
        }
        return container;
    }

    @BeforeAll
    static void createTheTemplatesTable() {
        template = SamTemplate.ofProject();
        List<TableDefinition> tables = TableDefinitions.from(template);
        assertEquals(1, tables.size(), "the template declares one table (single-table design)");
        TableDefinition table = tables.get(0);
        tableName = table.tableName();
        adapters = new CheckoutAdapters(FunctionEnvironment.of(Map.of(
                "AWS_REGION", LOCALSTACK.getRegion(),
                "AWS_ACCESS_KEY_ID", LOCALSTACK.getAccessKey(),
                "AWS_SECRET_ACCESS_KEY", LOCALSTACK.getSecretKey(),
                "AWS_ENDPOINT_URL", LOCALSTACK.getEndpoint().toString(),
                "TABLE_NAME", tableName)));
        var dynamoDb = adapters.dynamoDb();
        dynamoDb.createTable(table.createRequest());
        dynamoDb.waiter().waitUntilTableExists(r -> r.tableName(tableName));
        if (table.ttlAttribute() != null) {
            dynamoDb.updateTimeToLive(r -> r.tableName(tableName)
                    .timeToLiveSpecification(t -> t.attributeName(table.ttlAttribute()).enabled(true)));
        }
    }

    private static Sku stocked(Catalog catalog, long available) {
        Sku sku = Sku.of("SKU-" + UUID.randomUUID().toString().substring(0, 12));
        catalog.put(sku, "Mug", Money.of(1250, "USD"), available);
        return sku;
    }

    private static Order placed(List<OrderLine> lines) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Order order = Order.place(IDS.newOrderId(now), UserId.of("user-" + UUID.randomUUID()), lines, "pm_card_visa", now);
        adapters.orders().create(order, new IdempotencyRecord("create-order#" + order.userId() + "#" + UUID.randomUUID(),
                "hash", order.orderId().value(), now, now.plus(Duration.ofHours(24))));
        return order;
    }

    @Test
    void reserveReleaseAndCommit_ofAMultiLineOrder_moveStockInOneWriteEach() {
        Catalog catalog = adapters.catalog();
        StockReservations stock = adapters.stockReservations();
        Sku mug = stocked(catalog, 10);
        Sku plate = stocked(catalog, 5);
        List<StockLine> lines = List.of(new StockLine(mug, 3), new StockLine(plate, 2));
        OrderId released = IDS.newOrderId(Instant.now());
        OrderId sold = IDS.newOrderId(Instant.now());

        assertEquals(ReservationOutcome.RESERVED, stock.reserve(released, lines));
        assertEquals(ReservationOutcome.RELEASED, stock.release(released, lines, null));
        assertEquals(ReservationOutcome.ALREADY_RELEASED, stock.release(released, lines, null));
        assertEquals(ReservationOutcome.RESERVED, stock.reserve(sold, lines));
        assertEquals(ReservationOutcome.COMMITTED, stock.commit(sold, lines, null));
        assertEquals(ReservationOutcome.ALREADY_COMMITTED, stock.commit(sold, lines, null));

        Product mugs = catalog.find(mug).orElseThrow();
        Product plates = catalog.find(plate).orElseThrow();
        assertEquals(List.of(7L, 0L, 3L), List.of(mugs.available(), mugs.reserved(), mugs.sold()));
        assertEquals(List.of(3L, 0L, 2L), List.of(plates.available(), plates.reserved(), plates.sold()));
    }

    @Test
    void reserve_rejectsTheWholeOrder_whenOneLineIsShort() {
        Catalog catalog = adapters.catalog();
        StockReservations stock = adapters.stockReservations();
        Sku plenty = stocked(catalog, 100);
        Sku scarce = stocked(catalog, 1);
        OrderId order = IDS.newOrderId(Instant.now());

        var e = assertThrows(OutOfStockException.class,
                () -> stock.reserve(order, List.of(new StockLine(plenty, 5), new StockLine(scarce, 2))));

        assertEquals(List.of(scarce), e.skus());
        assertEquals(100, catalog.find(plenty).orElseThrow().available());
        assertEquals(1, catalog.find(scarce).orElseThrow().available());
        assertTrue(stock.findReservation(order).isEmpty());
    }

    @Test
    void update_fromAVersionAnotherWriteAlreadyMovedOn_isAVersionConflict() {
        OrderRepository orders = adapters.orders();
        Order order = placed(List.of(new OrderLine(stocked(adapters.catalog(), 3), 1, Money.of(1250, "USD"))));
        orders.update(order.markPaid(Instant.now()));

        assertThrows(VersionConflictException.class, () -> orders.update(order.cancel("CUSTOMER", Instant.now())));
        assertEquals(OrderStatus.PAID, orders.find(order.orderId()).orElseThrow().status());
    }

    @Test
    void checkoutDefinition_withTheTemplatesSubstitutions_isAcceptedByStepFunctions() {
        String queueUrl = adapters.sqs().createQueue(r -> r.queueName("charge-" + UUID.randomUUID())).queueUrl();
        String definition = substituted(Map.of(
                "ReserveStockFunctionArn", functionArn("ReserveStockFunction") + ":live",
                "RefundCompensationFunctionArn", functionArn("CompensatingRefundFunction") + ":live",
                "ChargeQueueUrl", queueUrl));
        SfnClient sfn = adapters.stepFunctions();

        String arn = sfn.createStateMachine(r -> r.name("checkout-" + UUID.randomUUID()).definition(definition)
                .roleArn(role())).stateMachineArn();

        assertEquals(definition, sfn.describeStateMachine(r -> r.stateMachineArn(arn)).definition());
    }

    /**
     * End to end on LocalStack: the packaged reserve-stock jar runs as a Lambda function behind its
     * {@code live} alias; this test plays the charge function (reads the task token from the charge
     * queue) and the payment provider's success.
     */
    @Test
    void checkout_happyPath_reservesWaitsForThePaymentTokenAndConfirms() throws IOException {
        Path jar = jarOf("ReserveStockFunction");
        assumeTrue(Files.isRegularFile(jar), jar + " is missing: run ./mvnw -DskipTests package first");
        String reserveStock = deployFunction("ReserveStockFunction", jar);
        String queueUrl = adapters.sqs().createQueue(r -> r.queueName("charge-" + UUID.randomUUID())).queueUrl();
        SfnClient sfn = adapters.stepFunctions();
        String machine = sfn.createStateMachine(r -> r.name("checkout-" + UUID.randomUUID()).roleArn(role())
                .definition(substituted(Map.of(
                        "ReserveStockFunctionArn", reserveStock,
                        "RefundCompensationFunctionArn", functionArn("CompensatingRefundFunction") + ":live",
                        "ChargeQueueUrl", queueUrl)))).stateMachineArn();
        Sku mug = stocked(adapters.catalog(), 10);
        Sku plate = stocked(adapters.catalog(), 10);
        Order order = placed(List.of(new OrderLine(mug, 2, Money.of(1250, "USD")), new OrderLine(plate, 1, Money.of(1250, "USD"))));

        String execution = sfn.startExecution(r -> r.stateMachineArn(machine).name(order.orderId().value())
                .input("{\"orderId\":\"" + order.orderId().value() + "\"}")).executionArn();
        JsonNode charge = JSON.readTree(await("the charge request on the charge queue", () -> {
            List<Message> messages = adapters.sqs().receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(5)).messages();
            return messages.isEmpty() ? null : messages.get(0).body();
        }));
        assertEquals(order.orderId().value(), charge.path("orderId").asText());
        sfn.sendTaskSuccess(r -> r.taskToken(charge.path("taskToken").asText())
                .output("{\"paymentId\":\"pay_" + UUID.randomUUID() + "\",\"status\":\"SUCCEEDED\"}"));
        ExecutionStatus status = await("the execution to end", () -> {
            ExecutionStatus s = sfn.describeExecution(r -> r.executionArn(execution)).status();
            return s == ExecutionStatus.RUNNING ? null : s;
        });

        assertEquals(ExecutionStatus.SUCCEEDED, status);
        assertEquals(OrderStatus.PAID, adapters.orders().find(order.orderId()).orElseThrow().status());
        Product mugs = adapters.catalog().find(mug).orElseThrow();
        assertEquals(List.of(8L, 0L, 2L), List.of(mugs.available(), mugs.reserved(), mugs.sold()));
    }

    /** The definition with every {@code DefinitionSubstitutions} key of the template replaced. */
    private static String substituted(Map<String, String> values) {
        Map<String, Object> machine = onlyResourceOfType("AWS::Serverless::StateMachine");
        Map<String, Object> properties = SamTemplate.asMap(machine.get("Properties"));
        String definition;
        try {
            definition = Files.readString(template.directory().resolve((String) properties.get("DefinitionUri")).normalize());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var all = new HashMap<>(values);
        all.put("PaymentWindowSeconds", "120");
        for (String key : SamTemplate.asMap(properties.get("DefinitionSubstitutions")).keySet()) {
            String value = all.get(key);
            assertTrue(value != null, "the test has no value for the template's definition substitution " + key);
            definition = definition.replace("${" + key + "}", value);
        }
        Matcher left = Pattern.compile("\\$\\{[A-Za-z0-9_]+}").matcher(definition);
        assertFalse(left.find(), () -> "the template does not substitute " + left.group());
        return definition;
    }

    private static Map<String, Object> onlyResourceOfType(String type) {
        var found = new LinkedHashMap<String, Object>();
        template.resources().forEach((id, body) -> {
            if (type.equals(SamTemplate.asMap(body).get("Type"))) {
                found.put(id, body);
            }
        });
        assertEquals(1, found.size(), "resources of type " + type);
        return SamTemplate.asMap(found.values().iterator().next());
    }

    private static Map<String, Object> functionProperties(String logicalId) {
        Map<String, Object> resource = SamTemplate.asMap(template.resources().get(logicalId));
        return SamTemplate.asMap(resource.get("Properties"));
    }

    private static Path jarOf(String logicalId) {
        return template.directory().resolve((String) functionProperties(logicalId).get("CodeUri")).normalize();
    }

    private static String functionArn(String name) {
        return "arn:aws:lambda:" + LOCALSTACK.getRegion() + ":000000000000:function:" + name;
    }

    private static String role() {
        return "arn:aws:iam::000000000000:role/checkout";
    }

    /**
     * Creates the template's function from its jar with the template's handler, runtime, memory,
     * timeout and environment (table references resolved to this test's table), publishes a version
     * and points the {@code live} alias at it, as {@code AutoPublishAlias: live} does. Returns the alias ARN.
     */
    private static String deployFunction(String logicalId, Path jar) throws IOException {
        Map<String, Object> globals = template.globals("Function");
        Map<String, Object> properties = functionProperties(logicalId);
        var environment = new HashMap<String, String>();
        for (Map<String, Object> source : List.of(globals, properties)) {
            Object declared = source.get("Environment");
            if (declared == null) {
                continue;
            }
            SamTemplate.asMap(SamTemplate.asMap(declared).get("Variables")).forEach((name, value) -> {
                if (value instanceof Map<?, ?> ref && template.resourcesOfType("AWS::DynamoDB::Table").containsKey(ref.get("Ref"))) {
                    environment.put(name, tableName);
                } else if (!(value instanceof Map)) {
                    environment.put(name, String.valueOf(value));
                }
            });
        }
        LambdaClient lambda = adapters.clients().configure(LambdaClient.builder(), "LAMBDA").build();
        String name = logicalId + "-" + UUID.randomUUID().toString().substring(0, 8);
        SdkBytes code = SdkBytes.fromByteArray(Files.readAllBytes(jar));
        lambda.createFunction(r -> r.functionName(name)
                .runtime(Runtime.fromValue((String) globals.get("Runtime")))
                .architectures(Architecture.fromValue(String.valueOf(SamTemplate.asList(globals.get("Architectures")).get(0))))
                .handler((String) properties.get("Handler"))
                .memorySize(((Number) globals.get("MemorySize")).intValue())
                .timeout(((Number) globals.get("Timeout")).intValue())
                .role(role())
                .environment(e -> e.variables(environment))
                .code(c -> c.zipFile(code)));
        lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName(name));
        String version = lambda.publishVersion(r -> r.functionName(name)).version();
        lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName(name).qualifier(version));
        return lambda.createAlias(r -> r.functionName(name).name("live").functionVersion(version)).aliasArn();
    }

    private static <T> T await(String what, Supplier<T> probe) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
        throw new AssertionError("gave up waiting for " + what + " after " + WAIT);
    }
}
