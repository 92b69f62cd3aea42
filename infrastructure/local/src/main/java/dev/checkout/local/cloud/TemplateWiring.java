package dev.checkout.local.cloud;

import static dev.checkout.local.services.SamTemplate.asList;
import static dev.checkout.local.services.SamTemplate.asMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.cloud.HttpApiGateway.Route;
import dev.checkout.local.services.SamTemplate;
import dev.checkout.local.services.TableDefinitions.TableDefinition;
import dev.checkout.local.stepfunctions.StepFunctionsEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.checkout.local.services.LocalServices;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Turns the resources of {@code infrastructure/template.yaml} into their local counterparts: each
 * logical id registered with its name and ARN (so that {@code Ref}, {@code GetAtt} and {@code Sub}
 * resolve as on AWS), the queues with their redrive policies, the functions with their resolved
 * environment, the state machines with their substitutions, the SQS, DynamoDB stream and schedule event sources and
 * the HTTP API's routes. The template is the only description of the cloud: nothing here names a
 * resource of this project.
 */
final class TemplateWiring {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{(\\w+)}");

    private final SamTemplate template;
    private final CloudResources resources;
    private DynamoDbStreamsClient streams;

    TemplateWiring(SamTemplate template, CloudResources resources) {
        this.template = template;
        this.resources = resources;
    }

    void registerTables(List<TableDefinition> tables) {
        tables.forEach(t -> resources.register(t.logicalId(), t.tableName(),
                Map.of("Arn", CloudResources.arn("dynamodb", "table/" + t.tableName()))));
    }

    /**
     * Registers the streams of the tables that declare one ({@code Fn::GetAtt Table.StreamArn}), and the Streams
     * API that the functions' {@code DynamoDB} events read them with.
     */
    void registerTableStreams(LocalServices services) {
        streams = services.dynamoDbStreamsClient();
        services.tables().forEach(t -> services.streamArn(t.logicalId()).ifPresent(streamArn -> resources.register(t.logicalId(), t.tableName(),
                Map.of("Arn", CloudResources.arn("dynamodb", "table/" + t.tableName()), "StreamArn", streamArn))));
    }

    /** Creates the template's queues, then sets their redrive policies (which name other queues' ARNs); returns each queue's URL by its ARN. */
    Map<String, String> createQueues(SqsClient sqs) {
        var queueUrls = new LinkedHashMap<String, String>();
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
        return queueUrls;
    }

    /** Registers the state machines and the HTTP APIs; returns each state machine's ARN by its logical id. */
    Map<String, String> registerStateMachinesAndApis() {
        var stateMachineArns = new LinkedHashMap<String, String>();
        template.resourcesOfType("AWS::Serverless::StateMachine").keySet().forEach(id -> {
            String arn = CloudResources.stateMachineArn(id);
            stateMachineArns.put(id, arn);
            resources.register(id, arn, Map.of("Name", id, "Arn", arn));
        });
        template.resourcesOfType("AWS::Serverless::HttpApi").keySet().forEach(id -> resources.register(id, "local", Map.of()));
        return stateMachineArns;
    }

    /** Secrets keep their ARNs for the template's references; their values are the local Secrets Manager's. */
    void registerSecrets() {
        template.resourcesOfType("AWS::SecretsManager::Secret").keySet().forEach(id -> resources.register(id,
                CloudResources.arn("secretsmanager", "secret:" + id), Map.of()));
    }

    void registerFunctions() {
        template.resourcesOfType("AWS::Serverless::Function").keySet().forEach(id ->
                resources.register(id, id, Map.of("Arn", CloudResources.functionArn(id))));
    }

    /**
     * Loads each function from its handler class, with the Globals' and its own variables resolved,
     * then {@code platform} (region, credentials, local endpoints) and {@code extras} on top. The
     * template's {@code JAVA_TOOL_OPTIONS} are for Lambda's JVM, not this one, and are left out.
     */
    LocalFunctions loadFunctions(Map<String, String> platform, Map<String, String> extras) {
        var functions = new LocalFunctions();
        Map<String, Object> globals = template.globals("Function");
        template.resourcesOfType("AWS::Serverless::Function").forEach((id, properties) -> {
            var environment = new HashMap<String, String>();
            variables(globals).forEach((name, value) -> environment.put(name, resources.resolveString(value)));
            variables(properties).forEach((name, value) -> environment.put(name, resources.resolveString(value)));
            environment.values().removeIf(v -> v == null);
            environment.remove("JAVA_TOOL_OPTIONS");
            environment.putAll(platform);
            environment.putAll(extras);
            Object timeout = properties.getOrDefault("Timeout", globals.getOrDefault("Timeout", 3));
            functions.add(id, LocalFunction.load(id, String.valueOf(properties.get("Handler")), Integer.parseInt(String.valueOf(timeout)), environment),
                    environment);
        });
        return functions;
    }

    private static Map<String, Object> variables(Map<String, Object> properties) {
        Object environment = properties.get("Environment");
        if (environment == null) {
            return Map.of();
        }
        Object variables = asMap(environment).get("Variables");
        return variables == null ? Map.of() : asMap(variables);
    }

    /** Creates each state machine from its DefinitionUri, with its DefinitionSubstitutions resolved. */
    void createStateMachines(StepFunctionsEngine engine) throws IOException {
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

    /** Starts the functions' {@code Schedule}, {@code ScheduleV2}, {@code SQS} and {@code DynamoDB} events; {@code queueUrls} by queue ARN. */
    EventSources startEventSources(SqsClient sqs, Map<String, String> queueUrls, LocalFunctions functions) {
        var sources = new EventSources();
        template.resourcesOfType("AWS::Serverless::Function").forEach((id, properties) -> events(properties).forEach((eventId, event) -> {
            if ("Schedule".equals(event.get("Type")) || "ScheduleV2".equals(event.get("Type"))) {
                sources.schedule(functions.get(id), String.valueOf(asMap(event.get("Properties")).get(
                        "Schedule".equals(event.get("Type")) ? "Schedule" : "ScheduleExpression")));
                return;
            }
            if ("DynamoDB".equals(event.get("Type"))) {
                sources.poll(streamEventSource(asMap(event.get("Properties")), sqs, queueUrls, functions.get(id)), id + "-" + eventId);
                return;
            }
            if (!"SQS".equals(event.get("Type"))) {
                return;
            }
            Map<String, Object> eventProperties = asMap(event.get("Properties"));
            String queueArn = resources.resolveString(eventProperties.get("Queue"));
            int batchSize = Integer.parseInt(String.valueOf(eventProperties.getOrDefault("BatchSize", 10)));
            boolean itemFailures = eventProperties.containsKey("FunctionResponseTypes")
                    && asList(eventProperties.get("FunctionResponseTypes")).contains("ReportBatchItemFailures");
            sources.poll(new SqsEventSource(sqs, queueUrls.get(queueArn), queueArn, functions.get(id), batchSize, itemFailures),
                    id + "-" + eventId, concurrentBatches(eventProperties));
        }));
        return sources;
    }

    /** A {@code DynamoDB} event: its stream, batch size, partial failures, retries, bisection, filters and on-failure queue. */
    private DynamoDbStreamEventSource streamEventSource(Map<String, Object> properties, SqsClient sqs, Map<String, String> queueUrls, LocalFunction function) {
        if (streams == null) {
            throw new IllegalStateException("a DynamoDB event source needs the tables' streams registered first (registerTableStreams)");
        }
        String streamArn = resources.resolveString(properties.get("Stream"));
        String onFailureUrl = null;
        Object destinations = properties.get("DestinationConfig");
        if (destinations != null && asMap(destinations).get("OnFailure") != null) {
            String destinationArn = resources.resolveString(asMap(asMap(destinations).get("OnFailure")).get("Destination"));
            onFailureUrl = queueUrls.get(destinationArn);
        }
        String queueUrl = onFailureUrl;
        var settings = new DynamoDbStreamEventSource.Settings(
                Integer.parseInt(String.valueOf(properties.getOrDefault("BatchSize", 100))),
                properties.containsKey("FunctionResponseTypes") && asList(properties.get("FunctionResponseTypes")).contains("ReportBatchItemFailures"),
                Integer.parseInt(String.valueOf(properties.getOrDefault("MaximumRetryAttempts", -1))),
                Boolean.parseBoolean(String.valueOf(properties.getOrDefault("BisectBatchOnFunctionError", false))),
                "LATEST".equals(properties.get("StartingPosition")),
                EventFilters.of(properties.get("FilterCriteria")),
                queueUrl == null ? null : message -> sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(message)),
                Duration.ofSeconds(Long.parseLong(String.valueOf(properties.getOrDefault("MaximumBatchingWindowInSeconds", 0)))));
        return new DynamoDbStreamEventSource(streams, streamArn, function, settings);
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

    /** The functions' {@code HttpApi} events, behind the API's default authorizer unless a route opts out with {@code Authorizer: NONE}. */
    List<Route> routes(LocalFunctions functions) {
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

    /** The HTTP API's {@code CorsConfiguration}, resolved; no CORS when the template gives none. */
    CorsRules cors() {
        return template.resourcesOfType("AWS::Serverless::HttpApi").values().stream()
                .filter(api -> api.containsKey("CorsConfiguration"))
                .findFirst()
                .map(api -> CorsRules.from(asMap(resources.resolve(api.get("CorsConfiguration")))))
                .orElse(CorsRules.none());
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
}
