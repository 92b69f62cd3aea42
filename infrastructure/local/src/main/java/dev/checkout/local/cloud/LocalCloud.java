package dev.checkout.local.cloud;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.payments.PaymentSimulator;
import dev.checkout.local.payments.alipay.AlipaySimulator;
import dev.checkout.local.payments.wechatpay.WeChatPaySimulator;
import dev.checkout.local.services.LocalServices;
import dev.checkout.local.services.ProjectFiles;
import dev.checkout.local.stepfunctions.StepFunctionsEngine;
import dev.checkout.local.stepfunctions.clock.EngineClock;
import dev.checkout.local.stepfunctions.http.StepFunctionsHttpServer;
import dev.checkout.web.ShopSite;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded local cloud: DynamoDB Local, ElasticMQ, the Step Functions engine, the functions
 * (in-process, from their handler classes) and an HTTP API gateway with a local JWT issuer, in one
 * JVM, with no Docker and no AWS account. Everything is configured by reading
 * {@code infrastructure/template.yaml} ({@link TemplateWiring}), in the order {@link LocalCloudBoot}
 * gives; this class is what tests and tools hold while it runs: its endpoints, clients, tokens and
 * functions.
 */
public final class LocalCloud implements AutoCloseable {
    private final URI apiEndpoint;
    private final LocalServices services;
    private final EngineClock clock;
    private final StepFunctionsEngine engine;
    private final StepFunctionsHttpServer stepFunctionsServer;
    private final HttpApiGateway gateway;
    private final LocalJwtIssuer issuer;
    private final Map<String, String> tokens;
    private final PaymentSimulators payments;
    private final LocalSecretsManager secretsManager;
    private final LocalFunctions functions;
    private final Map<String, String> stateMachineArns;
    private final CloudResources resources;
    private final StartedParts started;
    private final ShopSite site;

    LocalCloud(URI apiEndpoint, LocalServices services, EngineClock clock, StepFunctionsEngine engine, StepFunctionsHttpServer stepFunctionsServer,
            HttpApiGateway gateway, LocalJwtIssuer issuer, Map<String, String> tokens, PaymentSimulators payments,
            LocalSecretsManager secretsManager, LocalFunctions functions, Map<String, String> stateMachineArns, CloudResources resources,
            StartedParts started, ShopSite site) {
        this.apiEndpoint = apiEndpoint;
        this.services = services;
        this.clock = clock;
        this.engine = engine;
        this.stepFunctionsServer = stepFunctionsServer;
        this.gateway = gateway;
        this.issuer = issuer;
        this.tokens = tokens;
        this.payments = payments;
        this.secretsManager = secretsManager;
        this.functions = functions;
        this.stateMachineArns = stateMachineArns;
        this.resources = resources;
        this.started = started;
        this.site = site;
    }

    /** The project directory: the one holding infrastructure/template.yaml, from here upwards. */
    public static Path projectRoot() {
        return ProjectFiles.locate("infrastructure/template.yaml").toAbsolutePath().getParent().getParent();
    }

    /** Starts everything; on failure, stops what had started and rethrows. */
    public static LocalCloud start(LocalCloudConfig config) {
        return LocalCloudBoot.start(config);
    }

    /** What local-cloud.json holds: where everything listens, and tokens to call the API with. */
    public ObjectNode info() {
        return facts().json();
    }

    LocalCloudInfo facts() {
        return new LocalCloudInfo(apiEndpoint, services.dynamoDbEndpoint(), services.sqsEndpoint(), stepFunctionsServer.endpoint(),
                payments, secretsManager.endpoint(), tokens, stateMachineArns,
                functions.logicalIds(), gateway.routes().size(), site.url());
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
        payments.listeners(listeners);
        listeners.put("web", site.boundAddress());
        return listeners;
    }

    public URI apiEndpoint() {
        return apiEndpoint;
    }

    /** The shop and operations console in the browser. */
    public URI webEndpoint() {
        return site.url();
    }

    public LocalServices services() {
        return services;
    }

    /** Stripe's simulator. */
    public PaymentSimulator paymentSimulator() {
        return payments.stripe();
    }

    public AlipaySimulator alipaySimulator() {
        return payments.alipay();
    }

    public WeChatPaySimulator weChatPaySimulator() {
        return payments.wechatpay();
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
        return functions.invocations();
    }

    /**
     * The environment a function runs with here (the template's variables resolved, the local
     * endpoints, credentials and payment-provider settings), for running its jar in a separate JVM.
     */
    public Map<String, String> functionEnvironment(String logicalId) {
        return functions.environment(logicalId);
    }

    /**
     * Makes this share (0 to 1) of the function's invocations crash after the handler returned, before the answer
     * leaves: the side effects stay, the caller sees {@code Runtime.ExitError} (HTTP 500 through the gateway, a
     * redelivery through SQS, a task failure named {@code Lambda.Unknown} in the workflow).
     */
    public void crashAfterHandler(String functionLogicalId, double rate) {
        functions.crashAfterHandler(functionLogicalId, rate);
    }

    /**
     * Invokes a function of the template with {@code event} and returns its answer, as Lambda's Invoke API
     * does (request-response): e.g. a scheduled function, without waiting for its schedule.
     *
     * @throws IllegalStateException when the function fails (its error type and message)
     */
    public String invoke(String functionLogicalId, String event) {
        return functions.invoke(functionLogicalId, event);
    }

    /** Crashes injected by {@link #crashAfterHandler} so far, per function. */
    public Map<String, Long> injectedCrashes() {
        return functions.crashes();
    }

    /** A token for any user, for tests that need more customers than alice and bob. */
    public String issueToken(String subject, boolean admin) {
        return issuer.issue(subject, admin ? List.of("admin") : List.of(), Duration.ofHours(1));
    }

    @Override
    public void close() {
        started.close();
    }
}
