package dev.checkout.local.cloud;

import static dev.checkout.local.services.SamTemplate.asList;
import static dev.checkout.local.services.SamTemplate.asMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.aws.logging.JsonLogConfiguration;
import dev.checkout.local.cloud.HttpApiGateway.Route;
import dev.checkout.local.payments.PaymentSimulator;
import dev.checkout.local.payments.PaymentSimulatorConfig;
import dev.checkout.local.services.LocalServices;
import dev.checkout.local.services.ProjectFiles;
import dev.checkout.local.services.SamTemplate;
import dev.checkout.local.stepfunctions.StepFunctionsEngine;
import dev.checkout.local.stepfunctions.clock.EngineClock;
import dev.checkout.local.stepfunctions.clock.ManualClock;
import dev.checkout.local.stepfunctions.http.StepFunctionsHttpServer;
import dev.checkout.local.stepfunctions.task.LambdaFunctionException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The embedded local cloud: DynamoDB Local, ElasticMQ, the Step Functions engine, the functions
 * (in-process, from their handler classes) and an HTTP API gateway with a local JWT issuer, in one
 * JVM, with no Docker and no AWS account. Everything is configured by reading
 * {@code infrastructure/template.yaml}: tables, queues and redrive policies, functions with their
 * handlers and environment, routes, SQS event sources, the state machine and its substitutions.
 */
public final class LocalCloud implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LocalCloud.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{(\\w+)}");

    private final LocalCloudConfig config;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<SqsEventSource> eventSources = new ArrayList<>();
    private final List<Thread> pollers = new ArrayList<>();
    private final RateSchedules schedules = new RateSchedules();
    private final Map<String, LocalFunction> functions = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> functionEnvironments = new LinkedHashMap<>();
    private final Map<String, String> queueUrls = new LinkedHashMap<>();
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final Map<String, String> stateMachineArns = new LinkedHashMap<>();
    private CloudResources resources;
    private LocalServices services;
    private EngineClock clock;
    private StepFunctionsEngine engine;
    private StepFunctionsHttpServer stepFunctionsServer;
    private HttpApiGateway gateway;
    private LocalJwtIssuer issuer;
    private PaymentSimulator paymentSimulator;
    private LocalSecretsManager secretsManager;

    private LocalCloud(LocalCloudConfig config) {
        this.config = config;
    }

    public static void main(String[] args) {
        LocalCloudConfig config;
        try {
            config = LocalCloudConfig.parse(args, System.getenv(), projectRoot());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        long started = System.nanoTime();
        // The functions' log lines, and the local cloud's own, as Lambda's JSON log format has them.
        JsonLogConfiguration.install(System.out, System.getenv("AWS_LAMBDA_LOG_LEVEL"));
        LocalCloud cloud = start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping the local cloud");
            cloud.close();
            stopped.countDown();
        }, "local-cloud-stop"));
        System.out.println(cloud.facts().banner(Duration.ofNanos(System.nanoTime() - started), config.infoFile()));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The project directory: the one holding infrastructure/template.yaml, from here upwards. */
    public static Path projectRoot() {
        return ProjectFiles.locate("infrastructure/template.yaml").toAbsolutePath().getParent().getParent();
    }

    /** Starts everything; on failure, stops what had started and rethrows. */
    public static LocalCloud start(LocalCloudConfig config) {
        LocalCloud cloud = new LocalCloud(config);
        try {
            cloud.boot();
            return cloud;
        } catch (RuntimeException | IOException e) {
            cloud.close();
            throw new IllegalStateException("the local cloud did not start: " + e.getMessage(), e);
        }
    }

    private void boot() throws IOException {
        SamTemplate template = SamTemplate.load(config.projectDir().resolve("infrastructure/template.yaml"));
        resources = new CloudResources(template, config.parameterOverrides());

        services = LocalServices.start(config.dynamoDbPort(), config.sqsPort());
        closeables.add(services);
        services.createTables(template);
        services.tables().forEach(t -> resources.register(t.logicalId(), t.tableName(),
                Map.of("Arn", CloudResources.arn("dynamodb", "table/" + t.tableName()))));
        createQueues(template, resources);

        clock = config.manualClock() ? new ManualClock(Instant.now()) : EngineClock.system();
        int stepFunctionsPort = config.stepFunctionsPort() == 0 ? dev.checkout.local.services.FreePorts.pick() : config.stepFunctionsPort();
        int apiPort = config.apiPort() == 0 ? dev.checkout.local.services.FreePorts.pick() : config.apiPort();
        URI stepFunctionsEndpoint = URI.create("http://" + config.host() + ":" + stepFunctionsPort);

        template.resourcesOfType("AWS::Serverless::StateMachine").keySet().forEach(id -> {
            String arn = CloudResources.stateMachineArn(id);
            stateMachineArns.put(id, arn);
            resources.register(id, arn, Map.of("Name", id, "Arn", arn));
        });
        template.resourcesOfType("AWS::Serverless::HttpApi").keySet().forEach(id -> resources.register(id, "local", Map.of()));
        // Secrets keep their ARNs for the template's references. The functions read those whose value the
        // template makes (GenerateSecretString: the page-token key) from the local Secrets Manager, as on
        // AWS; the Stripe secrets' values they get as plain variables (functionExtras), which take
        // precedence over the ARN variables.
        template.resourcesOfType("AWS::SecretsManager::Secret").keySet().forEach(id -> resources.register(id,
                CloudResources.arn("secretsmanager", "secret:" + id), Map.of()));
        secretsManager = LocalSecretsManager.start(config.host(), template, resources);
        closeables.add(secretsManager);
        template.resourcesOfType("AWS::Serverless::Function").keySet().forEach(id ->
                resources.register(id, id, Map.of("Arn", CloudResources.functionArn(id))));

        paymentSimulator = PaymentSimulator.start((config.quickProvider() ? PaymentSimulatorConfig.forTests() : PaymentSimulatorConfig.defaults())
                .withHost(config.host())
                .withPort(config.paymentProviderPort())
                .withWebhookEndpoint(URI.create("http://" + config.host() + ":" + apiPort + "/webhooks/stripe")));
        closeables.add(paymentSimulator);

        Map<String, String> platform = new HashMap<>();
        platform.put("AWS_REGION", CloudResources.REGION);
        platform.put("AWS_DEFAULT_REGION", CloudResources.REGION);
        platform.put("AWS_ACCESS_KEY_ID", "local");
        platform.put("AWS_SECRET_ACCESS_KEY", "local");
        platform.put("AWS_ENDPOINT_URL_DYNAMODB", services.dynamoDbEndpoint().toString());
        platform.put("AWS_ENDPOINT_URL_SQS", services.sqsEndpoint().toString());
        platform.put("AWS_ENDPOINT_URL_SFN", stepFunctionsEndpoint.toString());
        platform.put("AWS_ENDPOINT_URL_SECRETSMANAGER", secretsManager.endpoint().toString());
        loadFunctions(template, resources, platform);

        engine = StepFunctionsEngine.builder()
                .clock(clock)
                .lambdaInvoker(this::invokeFromWorkflow)
                .sqsClient(services.sqsClient())
                .dynamoDbClient(services.dynamoDbClient())
                .region(CloudResources.REGION)
                .accountId(CloudResources.ACCOUNT)
                .build();
        closeables.add(engine);
        createStateMachines(template, resources);
        stepFunctionsServer = StepFunctionsHttpServer.start(engine, config.host(), stepFunctionsPort);
        closeables.add(stepFunctionsServer);

        startEventSources(template, resources);

        issuer = new LocalJwtIssuer("http://" + config.host() + ":" + apiPort + "/local-issuer");
        tokens.put("alice", issuer.issue("alice", List.of(), Duration.ofDays(30)));
        tokens.put("bob", issuer.issue("bob", List.of(), Duration.ofDays(30)));
        tokens.put("admin", issuer.issue("admin", List.of("admin"), Duration.ofDays(30)));
        gateway = HttpApiGateway.start(config.host(), apiPort, routes(template), issuer, Map.of("/_local/clock", new ClockEndpoint(clock)));
        closeables.add(gateway);

        if (config.seedCatalog()) {
            DemoCatalog.seed(services.dynamoDbClient(), services.tableName("CheckoutTable"));
        }
        if (config.infoFile() != null) {
            Files.createDirectories(config.infoFile().getParent());
            Files.writeString(config.infoFile(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(info()), StandardCharsets.UTF_8);
            Files.writeString(config.infoFile().resolveSibling("local-cloud.env"), facts().shellExports(), StandardCharsets.UTF_8);
        }
    }

    private void createQueues(SamTemplate template, CloudResources resources) {
        SqsClient sqs = services.sqsClient();
        Map<String, Map<String, Object>> queues = template.resourcesOfType("AWS::SQS::Queue");
        queues.forEach((id, properties) -> {
            String name = properties.get("QueueName") instanceof String s ? s : id;
            var attributes = new HashMap<QueueAttributeName, String>();
            for (String attribute : List.of("VisibilityTimeout", "MessageRetentionPeriod", "DelaySeconds", "ReceiveMessageWaitTimeSeconds", "MaximumMessageSize")) {
                if (properties.containsKey(attribute)) {
                    attributes.put(QueueAttributeName.fromValue(attribute), resources.resolveString(properties.get(attribute)));
                }
            }
            String url = sqs.createQueue(r -> r.queueName(name).attributes(attributes)).queueUrl();
            String arn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            queueUrls.put(arn, url);
            resources.register(id, url, Map.of("Arn", arn, "QueueName", name, "QueueUrl", url));
        });
        queues.forEach((id, properties) -> {
            Object redrive = properties.get("RedrivePolicy");
            if (redrive != null) {
                Map<String, Object> policy = asMap(resources.resolve(redrive));
                ObjectNode json = JSON.createObjectNode();
                json.put("deadLetterTargetArn", String.valueOf(policy.get("deadLetterTargetArn")));
                json.put("maxReceiveCount", String.valueOf(policy.get("maxReceiveCount")));
                String url = resources.resolveString(Map.of("Ref", id));
                sqs.setQueueAttributes(r -> r.queueUrl(url).attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, json.toString())));
            }
        });
    }

    private void loadFunctions(SamTemplate template, CloudResources resources, Map<String, String> platform) {
        Map<String, Object> globals = template.globals("Function");
        template.resourcesOfType("AWS::Serverless::Function").forEach((id, properties) -> {
            var environment = new HashMap<String, String>();
            variables(globals).forEach((name, value) -> environment.put(name, resources.resolveString(value)));
            variables(properties).forEach((name, value) -> environment.put(name, resources.resolveString(value)));
            environment.values().removeIf(v -> v == null);
            environment.remove("JAVA_TOOL_OPTIONS");
            environment.putAll(platform);
            environment.putAll(functionExtras());
            functionEnvironments.put(id, Map.copyOf(environment));
            Object timeout = properties.getOrDefault("Timeout", globals.getOrDefault("Timeout", 3));
            functions.put(id, LocalFunction.load(id, String.valueOf(properties.get("Handler")), Integer.parseInt(String.valueOf(timeout)), environment));
        });
    }

    /**
     * Environment the local cloud adds for every function, beyond what the template sets: the
     * provider simulator stands in for Stripe, with a test key and its webhook signing secret
     * (on AWS these come from Secrets Manager).
     */
    private Map<String, String> functionExtras() {
        return Map.of(
                "STRIPE_API_BASE", paymentSimulator.baseUrl(),
                "STRIPE_API_KEY", "sk_test_local_cloud",
                "STRIPE_WEBHOOK_SECRET", paymentSimulator.webhookSecret());
    }

    private static Map<String, Object> variables(Map<String, Object> properties) {
        Object environment = properties.get("Environment");
        if (environment == null) {
            return Map.of();
        }
        Object variables = asMap(environment).get("Variables");
        return variables == null ? Map.of() : asMap(variables);
    }

    private void createStateMachines(SamTemplate template, CloudResources resources) throws IOException {
        for (var entry : template.resourcesOfType("AWS::Serverless::StateMachine").entrySet()) {
            Map<String, Object> properties = entry.getValue();
            String definition = Files.readString(template.directory().resolve(String.valueOf(properties.get("DefinitionUri"))));
            Map<String, Object> substitutions = properties.containsKey("DefinitionSubstitutions") ? asMap(properties.get("DefinitionSubstitutions")) : Map.of();
            Matcher matcher = SUBSTITUTION.matcher(definition);
            var substituted = new StringBuilder();
            while (matcher.find()) {
                Object value = substitutions.get(matcher.group(1));
                String replacement = value == null ? matcher.group() : resources.resolveString(value);
                matcher.appendReplacement(substituted, Matcher.quoteReplacement(replacement));
            }
            matcher.appendTail(substituted);
            engine.createStateMachine(entry.getKey(), substituted.toString(),
                    "arn:aws:iam::" + CloudResources.ACCOUNT + ":role/" + entry.getKey() + "Role");
        }
    }

    private JsonNode invokeFromWorkflow(String functionArn, JsonNode payload) throws LambdaFunctionException {
        String name = functionArn.substring(functionArn.indexOf(":function:") + ":function:".length());
        int qualifier = name.indexOf(':');
        LocalFunction function = functions.get(qualifier < 0 ? name : name.substring(0, qualifier));
        if (function == null) {
            throw LambdaFunctionException.functionNotFound(functionArn);
        }
        try {
            byte[] result = function.invoke(JSON.writeValueAsBytes(payload));
            return result.length == 0 ? JSON.nullNode() : JSON.readTree(result);
        } catch (LocalFunction.FunctionError e) {
            // Step Functions names an unhandled failure of the runtime (a crash, out of memory, a timeout)
            // Lambda.Unknown; a handler's exception keeps its class name.
            String error = e.errorType().equals(LocalFunction.CRASH_ERROR) ? "Lambda.Unknown" : e.errorType();
            throw new LambdaFunctionException(error, e.errorMessage());
        } catch (IOException e) {
            throw new LambdaFunctionException("Lambda.Unknown", "the function returned invalid JSON: " + e.getMessage());
        }
    }

    private void startEventSources(SamTemplate template, CloudResources resources) {
        closeables.add(schedules);
        template.resourcesOfType("AWS::Serverless::Function").forEach((id, properties) -> events(properties).forEach((eventId, event) -> {
            if ("Schedule".equals(event.get("Type")) || "ScheduleV2".equals(event.get("Type"))) {
                schedules.add(functions.get(id), String.valueOf(asMap(event.get("Properties")).get(
                        "Schedule".equals(event.get("Type")) ? "Schedule" : "ScheduleExpression")));
                return;
            }
            if (!"SQS".equals(event.get("Type"))) {
                return;
            }
            Map<String, Object> eventProperties = asMap(event.get("Properties"));
            String queueArn = resources.resolveString(eventProperties.get("Queue"));
            String url = queueUrls.get(queueArn);
            int batchSize = Integer.parseInt(String.valueOf(eventProperties.getOrDefault("BatchSize", 10)));
            boolean itemFailures = eventProperties.containsKey("FunctionResponseTypes")
                    && asList(eventProperties.get("FunctionResponseTypes")).contains("ReportBatchItemFailures");
            var source = new SqsEventSource(services.sqsClient(), url, queueArn, functions.get(id), batchSize, itemFailures);
            eventSources.add(source);
            for (int i = 0; i < concurrentBatches(eventProperties); i++) {
                Thread poller = new Thread(source, "sqs-" + id + "-" + eventId + "-" + i);
                poller.setDaemon(true);
                poller.start();
                pollers.add(poller);
            }
        }));
    }

    /**
     * How many batches of one SQS event source are in flight at once: Lambda starts with five
     * concurrent batches per queue (and scales up from there, which the local cloud does not), or
     * fewer when the template caps the mapping with {@code ScalingConfig.MaximumConcurrency}.
     */
    static int concurrentBatches(Map<String, Object> eventProperties) {
        int lambdaInitialBatches = 5;
        Object scaling = eventProperties.get("ScalingConfig");
        Object maximum = scaling == null ? null : asMap(scaling).get("MaximumConcurrency");
        return maximum == null ? lambdaInitialBatches : Math.min(lambdaInitialBatches, Integer.parseInt(String.valueOf(maximum)));
    }

    private List<Route> routes(SamTemplate template) {
        boolean defaultAuthorizer = template.resourcesOfType("AWS::Serverless::HttpApi").values().stream()
                .anyMatch(api -> api.containsKey("Auth") && asMap(api.get("Auth")).containsKey("DefaultAuthorizer"));
        var routes = new ArrayList<Route>();
        template.resourcesOfType("AWS::Serverless::Function").forEach((id, properties) -> events(properties).forEach((eventId, event) -> {
            if (!"HttpApi".equals(event.get("Type"))) {
                return;
            }
            Map<String, Object> eventProperties = asMap(event.get("Properties"));
            boolean open = eventProperties.containsKey("Auth") && "NONE".equals(asMap(eventProperties.get("Auth")).get("Authorizer"));
            routes.add(Route.of(String.valueOf(eventProperties.get("Method")), String.valueOf(eventProperties.get("Path")), functions.get(id),
                    defaultAuthorizer && !open));
        }));
        // Literal segments win over parameters, as in API Gateway: try the most specific routes first.
        routes.sort((a, b) -> Long.compare(b.path().chars().filter(c -> c != '{').count() - 10L * b.parameters().size(),
                a.path().chars().filter(c -> c != '{').count() - 10L * a.parameters().size()));
        return routes;
    }

    private static Map<String, Map<String, Object>> events(Map<String, Object> properties) {
        Object events = properties.get("Events");
        if (events == null) {
            return Map.of();
        }
        var result = new LinkedHashMap<String, Map<String, Object>>();
        asMap(events).forEach((id, event) -> result.put(id, asMap(event)));
        return result;
    }

    /** What local-cloud.json holds: where everything listens, and tokens to call the API with. */
    public ObjectNode info() {
        return facts().json();
    }

    private LocalCloudInfo facts() {
        return new LocalCloudInfo(apiEndpoint(), services.dynamoDbEndpoint(), services.sqsEndpoint(), stepFunctionsServer.endpoint(),
                paymentSimulator.baseUrl(), paymentSimulator.webhookSecret(), secretsManager.endpoint(), tokens, stateMachineArns,
                List.copyOf(functions.keySet()), gateway.routes().size());
    }

    /**
     * Every endpoint the local cloud listens on, by name (as in {@link #info()}), with the address its
     * socket is bound to: each on the loopback interface only.
     */
    public Map<String, InetSocketAddress> listeners() {
        var listeners = new LinkedHashMap<String, InetSocketAddress>();
        listeners.put("api", gateway.boundAddress());
        listeners.put("dynamodb", services.boundAddresses().get("dynamodb"));
        listeners.put("sqs", services.boundAddresses().get("sqs"));
        listeners.put("stepfunctions", stepFunctionsServer.boundAddress());
        listeners.put("secretsmanager", secretsManager.boundAddress());
        listeners.put("paymentProvider", paymentSimulator.boundAddress());
        return listeners;
    }

    public URI apiEndpoint() {
        return URI.create("http://" + config.host() + ":" + gateway.port());
    }

    public LocalServices services() {
        return services;
    }

    public PaymentSimulator paymentSimulator() {
        return paymentSimulator;
    }

    public StepFunctionsEngine engine() {
        return engine;
    }

    public EngineClock clock() {
        return clock;
    }

    public String token(String user) {
        return tokens.get(user);
    }

    public String stateMachineArn(String logicalId) {
        return stateMachineArns.get(logicalId);
    }

    /** What the template's policies grant each function, on this cloud's resources: check {@link SdkCallMeter#accessesByFunction()} against it. */
    public FunctionPermissions permissions() {
        return FunctionPermissions.of(resources);
    }

    /** Invocation counts per function, for benchmarks and fault reports. */
    public Map<String, Long> invocations() {
        var counts = new LinkedHashMap<String, Long>();
        functions.forEach((id, f) -> counts.put(id, f.invocations()));
        return counts;
    }

    /**
     * The environment a function runs with here (the template's variables resolved, the local
     * endpoints, credentials and payment-provider settings), for running its jar in a separate JVM.
     */
    public Map<String, String> functionEnvironment(String logicalId) {
        Map<String, String> environment = functionEnvironments.get(logicalId);
        if (environment == null) {
            throw new IllegalArgumentException("no function " + logicalId + " in the template");
        }
        return environment;
    }

    /**
     * Makes this share (0 to 1) of the function's invocations crash after the handler returned, before the answer
     * leaves: the side effects stay, the caller sees {@code Runtime.ExitError} (HTTP 500 through the gateway, a
     * redelivery through SQS, a task failure named {@code Lambda.Unknown} in the workflow).
     */
    public void crashAfterHandler(String functionLogicalId, double rate) {
        LocalFunction function = functions.get(functionLogicalId);
        if (function == null) {
            throw new IllegalArgumentException("no function " + functionLogicalId + "; there are " + functions.keySet());
        }
        function.crashAfterHandler(rate);
    }

    /**
     * Invokes a function of the template with {@code event} and returns its answer, as Lambda's Invoke API
     * does (request-response): e.g. a scheduled function, without waiting for its schedule.
     *
     * @throws IllegalStateException when the function fails (its error type and message)
     */
    public String invoke(String functionLogicalId, String event) {
        LocalFunction function = functions.get(functionLogicalId);
        if (function == null) {
            throw new IllegalArgumentException("no function " + functionLogicalId + "; there are " + functions.keySet());
        }
        try {
            return new String(function.invoke(event.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        } catch (LocalFunction.FunctionError e) {
            throw new IllegalStateException(functionLogicalId + " failed: " + e.errorType() + ": " + e.errorMessage());
        }
    }

    /** Crashes injected by {@link #crashAfterHandler} so far, per function. */
    public Map<String, Long> injectedCrashes() {
        var counts = new LinkedHashMap<String, Long>();
        functions.forEach((id, f) -> counts.put(id, f.crashes()));
        return counts;
    }

    /** A token for any user, for tests that need more customers than alice and bob. */
    public String issueToken(String subject, boolean admin) {
        return issuer.issue(subject, admin ? List.of("admin") : List.of(), Duration.ofHours(1));
    }

    @Override
    public void close() {
        eventSources.forEach(SqsEventSource::stop);
        // Each poller ends when its current long poll (at most a second) returns; the queues stop
        // after that, with no receive in flight.
        for (Thread poller : pollers) {
            try {
                poller.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        pollers.clear();
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "while stopping", e);
            }
        }
        closeables.clear();
    }
}
