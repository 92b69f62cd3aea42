package dev.checkout.local.stepfunctions.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.checkout.local.stepfunctions.ApiError;
import dev.checkout.local.stepfunctions.ExecutionDescription;
import dev.checkout.local.stepfunctions.ExecutionStatus;
import dev.checkout.local.stepfunctions.HistoryEvent;
import dev.checkout.local.stepfunctions.StateMachineDescription;
import dev.checkout.local.stepfunctions.StepFunctionsApiException;
import dev.checkout.local.stepfunctions.StepFunctionsEngine;
import dev.checkout.local.stepfunctions.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The Step Functions API over HTTP, in the AWS JSON 1.0 protocol ({@code POST /} with
 * {@code X-Amz-Target: AWSStepFunctions.<Operation>}), so that the AWS SDK and the AWS CLI can
 * drive a {@link StepFunctionsEngine}. Timestamps are epoch seconds; errors are HTTP 400 with
 * {@code {"__type", "message"}}.
 */
public final class StepFunctionsHttpServer implements AutoCloseable {

    private static final String TARGET_PREFIX = "AWSStepFunctions.";
    private static final int DEFAULT_PAGE = 100;

    private final StepFunctionsEngine engine;
    private final HttpServer server;
    private final ExecutorService executor;

    private StepFunctionsHttpServer(StepFunctionsEngine engine, HttpServer server, ExecutorService executor) {
        this.engine = engine;
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving {@code engine} on {@code host:port}; port 0 picks a free port (see {@link #port()}).
     */
    public static StepFunctionsHttpServer start(StepFunctionsEngine engine, String host, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "stepfunctions-http");
            thread.setDaemon(true);
            return thread;
        });
        StepFunctionsHttpServer api = new StepFunctionsHttpServer(engine, server, executor);
        server.createContext("/", api::handle);
        server.setExecutor(executor);
        server.start();
        return api;
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The address the server's socket is bound to. */
    public InetSocketAddress boundAddress() {
        return server.getAddress();
    }

    /** The endpoint to give the SDK ({@code endpointOverride}) or the CLI ({@code --endpoint-url}). */
    public URI endpoint() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + port());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith(TARGET_PREFIX)) {
                error(exchange, 400, ApiError.UNKNOWN_OPERATION.code(), "Expected POST / with X-Amz-Target: AWSStepFunctions.<Operation>");
                return;
            }
            JsonNode request;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                request = body.length == 0 ? Json.object() : Json.parse(new String(body, StandardCharsets.UTF_8));
            } catch (JsonProcessingException e) {
                error(exchange, 400, "SerializationException", "The request body is not valid JSON");
                return;
            }
            try {
                JsonNode response = dispatch(target.substring(TARGET_PREFIX.length()), request);
                send(exchange, 200, response);
            } catch (StepFunctionsApiException e) {
                error(exchange, 400, e.error().code(), e.getMessage());
            } catch (RuntimeException e) {
                error(exchange, 500, "InternalFailure", "Internal error");
            }
        }
    }

    private JsonNode dispatch(String operation, JsonNode request) {
        return switch (operation) {
            case "CreateStateMachine" -> {
                StateMachineDescription machine = engine.createStateMachine(required(request, "name"),
                        required(request, "definition"), optional(request, "roleArn"));
                ObjectNode response = Json.object();
                response.put("stateMachineArn", machine.stateMachineArn());
                response.put("creationDate", epoch(machine.creationDate()));
                yield response;
            }
            case "UpdateStateMachine" -> {
                engine.updateStateMachine(required(request, "stateMachineArn"), optional(request, "definition"),
                        optional(request, "roleArn"));
                ObjectNode response = Json.object();
                response.put("updateDate", epoch(engine.clock().now()));
                yield response;
            }
            case "DescribeStateMachine" -> describe(engine.describeStateMachine(required(request, "stateMachineArn")));
            case "ListStateMachines" -> page(request, engine.listStateMachines(), machine -> {
                ObjectNode item = Json.object();
                item.put("stateMachineArn", machine.stateMachineArn());
                item.put("name", machine.name());
                item.put("type", "STANDARD");
                item.put("creationDate", epoch(machine.creationDate()));
                return item;
            }, "stateMachines");
            case "DeleteStateMachine" -> {
                engine.deleteStateMachine(required(request, "stateMachineArn"));
                yield Json.object();
            }
            case "StartExecution" -> {
                ExecutionDescription execution = engine.startExecution(required(request, "stateMachineArn"),
                        optional(request, "name"), optional(request, "input"));
                ObjectNode response = Json.object();
                response.put("executionArn", execution.executionArn());
                response.put("startDate", epoch(execution.startDate()));
                yield response;
            }
            case "DescribeExecution" -> describe(engine.describeExecution(required(request, "executionArn")));
            case "ListExecutions" -> {
                String filter = optional(request, "statusFilter");
                ExecutionStatus status;
                try {
                    status = filter == null ? null : ExecutionStatus.valueOf(filter);
                } catch (IllegalArgumentException e) {
                    throw new StepFunctionsApiException(ApiError.VALIDATION, "Invalid statusFilter: " + filter);
                }
                yield page(request, engine.listExecutions(required(request, "stateMachineArn"), status), execution -> {
                    ObjectNode item = Json.object();
                    item.put("executionArn", execution.executionArn());
                    item.put("stateMachineArn", execution.stateMachineArn());
                    item.put("name", execution.name());
                    item.put("status", execution.status().name());
                    item.put("startDate", epoch(execution.startDate()));
                    if (execution.stopDate() != null) {
                        item.put("stopDate", epoch(execution.stopDate()));
                    }
                    return item;
                }, "executions");
            }
            case "StopExecution" -> {
                ExecutionDescription execution = engine.stopExecution(required(request, "executionArn"),
                        optional(request, "error"), optional(request, "cause"));
                ObjectNode response = Json.object();
                response.put("stopDate", epoch(execution.stopDate() == null ? engine.clock().now() : execution.stopDate()));
                yield response;
            }
            case "GetExecutionHistory" -> {
                List<HistoryEvent> events = new ArrayList<>(engine.getExecutionHistory(required(request, "executionArn")));
                if (request.path("reverseOrder").asBoolean(false)) {
                    Collections.reverse(events);
                }
                boolean includeData = request.path("includeExecutionData").asBoolean(true);
                yield page(request, events, event -> event(event, includeData), "events");
            }
            case "SendTaskSuccess" -> {
                engine.sendTaskSuccess(required(request, "taskToken"), required(request, "output"));
                yield Json.object();
            }
            case "SendTaskFailure" -> {
                engine.sendTaskFailure(required(request, "taskToken"), optional(request, "error"), optional(request, "cause"));
                yield Json.object();
            }
            case "SendTaskHeartbeat" -> {
                engine.sendTaskHeartbeat(required(request, "taskToken"));
                yield Json.object();
            }
            default -> throw new StepFunctionsApiException(ApiError.UNKNOWN_OPERATION, "Unsupported operation " + operation);
        };
    }

    private static ObjectNode describe(StateMachineDescription machine) {
        ObjectNode response = Json.object();
        response.put("stateMachineArn", machine.stateMachineArn());
        response.put("name", machine.name());
        response.put("status", "ACTIVE");
        response.put("definition", machine.definition());
        response.put("roleArn", machine.roleArn());
        response.put("type", "STANDARD");
        response.put("creationDate", epoch(machine.creationDate()));
        response.putObject("loggingConfiguration").put("level", "OFF").put("includeExecutionData", false);
        return response;
    }

    private static ObjectNode describe(ExecutionDescription execution) {
        ObjectNode response = Json.object();
        response.put("executionArn", execution.executionArn());
        response.put("stateMachineArn", execution.stateMachineArn());
        response.put("name", execution.name());
        response.put("status", execution.status().name());
        response.put("startDate", epoch(execution.startDate()));
        if (execution.stopDate() != null) {
            response.put("stopDate", epoch(execution.stopDate()));
        }
        response.put("input", execution.input());
        response.putObject("inputDetails").put("included", true);
        if (execution.output() != null) {
            response.put("output", execution.output());
            response.putObject("outputDetails").put("included", true);
        }
        if (execution.error() != null) {
            response.put("error", execution.error());
        }
        if (execution.cause() != null) {
            response.put("cause", execution.cause());
        }
        return response;
    }

    private static ObjectNode event(HistoryEvent event, boolean includeData) {
        ObjectNode node = Json.object();
        node.put("timestamp", epoch(event.timestamp()));
        node.put("type", event.type());
        node.put("id", event.id());
        node.put("previousEventId", event.previousEventId());
        if (event.detailsField() != null && event.details() != null) {
            ObjectNode details = event.details().deepCopy();
            if (!includeData) {
                details.remove(List.of("input", "output", "parameters"));
            }
            node.set(event.detailsField(), details);
        }
        return node;
    }

    /** One page of {@code items}; nextToken is the offset of the next page. */
    private static <T> ObjectNode page(JsonNode request, List<T> items, Function<T, JsonNode> render, String field) {
        int maxResults = request.path("maxResults").asInt(0);
        int size = maxResults <= 0 ? DEFAULT_PAGE : Math.min(maxResults, 1000);
        int offset = 0;
        String token = optional(request, "nextToken");
        if (token != null) {
            try {
                offset = Integer.parseInt(token);
            } catch (NumberFormatException e) {
                throw new StepFunctionsApiException(ApiError.VALIDATION, "Invalid nextToken");
            }
            if (offset < 0 || offset > items.size()) {
                throw new StepFunctionsApiException(ApiError.VALIDATION, "Invalid nextToken");
            }
        }
        ObjectNode response = Json.object();
        ArrayNode array = response.putArray(field);
        int end = Math.min(items.size(), offset + size);
        for (int i = offset; i < end; i++) {
            array.add(render.apply(items.get(i)));
        }
        if (end < items.size()) {
            response.put("nextToken", String.valueOf(end));
        }
        return response;
    }

    private static String required(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            throw new StepFunctionsApiException(ApiError.VALIDATION, "1 validation error detected: Value null at '" + field
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value.asText();
    }

    private static String optional(JsonNode request, String field) {
        JsonNode value = request.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static BigDecimal epoch(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        ObjectNode body = Json.object();
        body.put("__type", type);
        body.put("message", message);
        exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
        send(exchange, status, body);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
        exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
