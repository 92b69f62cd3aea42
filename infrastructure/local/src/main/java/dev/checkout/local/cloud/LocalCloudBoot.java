package dev.checkout.local.cloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.checkout.local.services.FreePorts;
import dev.checkout.local.services.LocalServices;
import dev.checkout.local.services.SamTemplate;
import dev.checkout.local.stepfunctions.StepFunctionsEngine;
import dev.checkout.local.stepfunctions.clock.EngineClock;
import dev.checkout.local.stepfunctions.clock.ManualClock;
import dev.checkout.local.stepfunctions.http.StepFunctionsHttpServer;
import dev.checkout.web.ShopSite;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order the local cloud starts in, each part with what it needs from those before it: the
 * databases and queues, the secrets, the payment provider, the functions (whose environment names
 * all of those), the workflow engine (which invokes the functions), the event sources and the HTTP
 * API gateway last, so that nothing reaches a function before everything it calls is up; then the shop's site.
 */
final class LocalCloudBoot {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalCloudBoot() {
    }

    /** Starts everything; on failure, stops what had started and rethrows. */
    static LocalCloud start(LocalCloudConfig config) {
        var started = new StartedParts();
        try {
            LocalCloud cloud = boot(config, started);
            writeInfo(config, cloud);
            return cloud;
        } catch (RuntimeException | IOException e) {
            started.close();
            throw new IllegalStateException("the local cloud did not start: " + e.getMessage(), e);
        }
    }

    private static LocalCloud boot(LocalCloudConfig config, StartedParts started) throws IOException {
        SamTemplate template = SamTemplate.load(config.projectDir().resolve("infrastructure/template.yaml"));
        int webPort = config.webPort() == 0 ? FreePorts.pick() : config.webPort();
        var resources = new CloudResources(template, PaymentSimulators.parameters(
                LocalShopSite.parameters(config.parameterOverrides(), LocalShopSite.origin(config.host(), webPort))));
        var wiring = new TemplateWiring(template, resources);

        LocalServices services = started.add(LocalServices.start(config.dynamoDbPort(), config.sqsPort()));
        services.createTables(template);
        wiring.registerTables(services.tables());
        wiring.registerTableStreams(services);
        Map<String, String> queueUrls = wiring.createQueues(services.sqsClient());

        EngineClock clock = config.manualClock() ? new ManualClock(Instant.now()) : EngineClock.system();
        int stepFunctionsPort = config.stepFunctionsPort() == 0 ? FreePorts.pick() : config.stepFunctionsPort();
        int apiPort = config.apiPort() == 0 ? FreePorts.pick() : config.apiPort();
        URI stepFunctionsEndpoint = URI.create("http://" + config.host() + ":" + stepFunctionsPort);

        Map<String, String> stateMachineArns = wiring.registerStateMachinesAndApis();
        URI api = URI.create("http://" + config.host() + ":" + apiPort);
        PaymentSimulators payments = PaymentSimulators.start(config, api, started);

        // The functions read the template's secrets from the local Secrets Manager by the ARNs their
        // environment names, as on AWS: those the template makes (GenerateSecretString: the page-token key)
        // and the payment platforms' keys (the simulators'), each function those its environment names
        // (FunctionPermissions checks the reads against the functions' roles).
        wiring.registerSecrets();
        LocalSecretsManager secretsManager = started.add(LocalSecretsManager.start(config.host(), template, resources, payments.secretValues()));
        wiring.registerFunctions();

        Map<String, String> platform = new HashMap<>();
        platform.put("AWS_REGION", CloudResources.REGION);
        platform.put("AWS_DEFAULT_REGION", CloudResources.REGION);
        platform.put("AWS_ACCESS_KEY_ID", "local");
        platform.put("AWS_SECRET_ACCESS_KEY", "local");
        platform.put("AWS_ENDPOINT_URL_DYNAMODB", services.dynamoDbEndpoint().toString());
        platform.put("AWS_ENDPOINT_URL_SQS", services.sqsEndpoint().toString());
        platform.put("AWS_ENDPOINT_URL_SFN", stepFunctionsEndpoint.toString());
        platform.put("AWS_ENDPOINT_URL_SECRETSMANAGER", secretsManager.endpoint().toString());
        LocalFunctions functions = wiring.loadFunctions(platform, payments.functionSettings(api));

        StepFunctionsEngine engine = started.add(StepFunctionsEngine.builder()
                .clock(clock)
                .lambdaInvoker(functions::invokeFromWorkflow)
                .sqsClient(services.sqsClient())
                .dynamoDbClient(services.dynamoDbClient())
                .region(CloudResources.REGION)
                .accountId(CloudResources.ACCOUNT)
                .build());
        wiring.createStateMachines(engine);
        StepFunctionsHttpServer stepFunctionsServer = started.add(StepFunctionsHttpServer.start(engine, config.host(), stepFunctionsPort));

        started.addEventSources(wiring.startEventSources(services.sqsClient(), queueUrls, functions));

        var issuer = new LocalJwtIssuer("http://" + config.host() + ":" + apiPort + "/local-issuer");
        var tokens = new LinkedHashMap<String, String>();
        tokens.put("alice", issuer.issue("alice", List.of(), Duration.ofDays(30)));
        tokens.put("bob", issuer.issue("bob", List.of(), Duration.ofDays(30)));
        tokens.put("admin", issuer.issue("admin", List.of("admin"), Duration.ofDays(30)));
        HttpApiGateway gateway = started.add(HttpApiGateway.start(config.host(), apiPort, wiring.routes(functions), issuer,
                Map.of("/_local/clock", new ClockEndpoint(clock)), wiring.cors()));
        URI apiEndpoint = URI.create("http://" + config.host() + ":" + gateway.port());
        ShopSite site = started.add(LocalShopSite.start(config.host(), webPort, apiEndpoint, issuer, resources));

        if (config.seedCatalog()) {
            DemoCatalog.seed(services.dynamoDbClient(), services.tableName("CheckoutTable"));
        }
        services.dynamoDbItemLimits().limits(config.dynamoDbItemLimits());
        return new LocalCloud(apiEndpoint, services, clock, engine, stepFunctionsServer,
                gateway, issuer, tokens, payments, secretsManager, functions, stateMachineArns, resources, started, site);
    }

    private static void writeInfo(LocalCloudConfig config, LocalCloud cloud) throws IOException {
        if (config.infoFile() == null) {
            return;
        }
        Files.createDirectories(config.infoFile().getParent());
        Files.writeString(config.infoFile(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(cloud.info()), StandardCharsets.UTF_8);
        Files.writeString(config.infoFile().resolveSibling("local-cloud.env"), cloud.facts().shellExports(), StandardCharsets.UTF_8);
    }
}
