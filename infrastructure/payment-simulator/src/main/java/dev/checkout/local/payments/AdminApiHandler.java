package dev.checkout.local.payments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves the admin and inspection API under {@code /_simulator/...}: JSON in, JSON out, no authentication (the
 * simulator listens on loopback). See the module's README for the routes.
 */
final class AdminApiHandler implements HttpHandler {
    private static final Logger LOG = Logger.getLogger(AdminApiHandler.class.getName());
    private static final Pattern AUTHENTICATION =
            Pattern.compile("/_simulator/payment_intents/([^/]+)/(authenticate|fail_authentication)");
    private static final Pattern REDELIVER = Pattern.compile("/_simulator/events/([^/]+)/redeliver");

    private final ObjectMapper mapper;
    private final PaymentSimulator simulator;

    AdminApiHandler(ObjectMapper mapper, PaymentSimulator simulator) {
        this.mapper = mapper;
        this.simulator = simulator;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (AuthenticationPage.isFor(exchange)) {
                AuthenticationPage.serve(exchange, simulator);
                return;
            }
            JsonNode body;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] bytes = in.readAllBytes();
                body = bytes.length == 0 ? mapper.createObjectNode() : mapper.readTree(bytes);
            } catch (IOException e) {
                send(exchange, 400, error("request body is not JSON: " + e.getMessage()));
                return;
            }
            try {
                JsonNode result = route(exchange.getRequestMethod(), exchange.getRequestURI(), body);
                send(exchange, 200, result);
            } catch (AdminRequestException e) {
                send(exchange, e.status, error(e.getMessage()));
            } catch (StripeApiException e) {
                send(exchange, e.status(), e.body("admin"));
            } catch (IllegalArgumentException e) {
                send(exchange, 400, error(e.getMessage()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "admin request failed: " + exchange.getRequestURI(), e);
                send(exchange, 500, error("internal error; see the simulator's log"));
            }
        }
    }

    private JsonNode route(String method, URI uri, JsonNode body) {
        String path = uri.getRawPath();
        Matcher matcher;
        switch (method + " " + path) {
            case "GET /_simulator/health":
                return mapper.createObjectNode().put("status", "ok");
            case "GET /_simulator/config":
                return config();
            case "POST /_simulator/webhook_endpoint":
            case "PUT /_simulator/webhook_endpoint": {
                String url = text(body, "url");
                simulator.setWebhookEndpoint(url == null ? null : URI.create(url), text(body, "secret"));
                return config();
            }
            case "GET /_simulator/faults":
                return mapper.valueToTree(simulator.faults().settings());
            case "POST /_simulator/faults":
            case "PUT /_simulator/faults":
                applyFaults(body);
                return mapper.valueToTree(simulator.faults().settings());
            case "DELETE /_simulator/faults":
                simulator.faults().clear();
                return mapper.valueToTree(simulator.faults().settings());
            case "GET /_simulator/payment_intents":
                return list(simulator.ledger().paymentsAs(StripeJson::paymentIntent));
            case "GET /_simulator/charges":
                return list(simulator.ledger().chargesAs(StripeJson::charge));
            case "GET /_simulator/refunds":
                return list(simulator.ledger().refundsAs(StripeJson::refund));
            case "GET /_simulator/charges/count": {
                String key = query(uri, "idempotency_key");
                if (key == null) {
                    throw new AdminRequestException(400, "query parameter idempotency_key is required");
                }
                return mapper.valueToTree(simulator.chargeCount(key));
            }
            case "GET /_simulator/events":
                return list(simulator.events().stream().map(event -> readTree(event.payload())).toList());
            case "GET /_simulator/deliveries":
                return list(simulator.deliveries().stream().map(this::render).toList());
            case "POST /_simulator/reset":
                simulator.reset();
                return mapper.createObjectNode().put("reset", true);
            default:
                break;
        }
        if ((matcher = AUTHENTICATION.matcher(path)).matches() && (method.equals("POST") || method.equals("GET"))) {
            return matcher.group(2).equals("authenticate")
                    ? simulator.paymentIntentLifecycle().completeAuthentication(matcher.group(1))
                    : simulator.paymentIntentLifecycle().failAuthentication(matcher.group(1));
        }
        if ((matcher = REDELIVER.matcher(path)).matches() && method.equals("POST")) {
            simulator.redeliver(matcher.group(1));
            return mapper.createObjectNode().put("redelivering", matcher.group(1));
        }
        throw new AdminRequestException(404, "no admin route " + method + " " + path);
    }

    private ObjectNode config() {
        ObjectNode json = mapper.createObjectNode();
        json.put("baseUrl", simulator.baseUrl());
        json.put("apiVersion", simulator.apiVersion());
        json.put("webhookEndpoint", simulator.webhookEndpoint().map(URI::toString).orElse(null));
        json.put("webhookSecret", simulator.webhookSecret());
        return json;
    }

    private void applyFaults(JsonNode body) {
        FaultSwitches faults = simulator.faults();
        if (body.has("latencyMs")) {
            faults.latency(Duration.ofMillis(body.get("latencyMs").asLong()));
        }
        if (body.has("serverErrors")) {
            JsonNode rule = body.get("serverErrors");
            faults.serverErrors(rule.path("count").asInt(1), FaultPhase.parse(rule.path("phase").asText("before")),
                    text(rule, "match"));
        }
        if (body.has("timeouts")) {
            JsonNode rule = body.get("timeouts");
            faults.timeouts(rule.path("count").asInt(1), FaultPhase.parse(rule.path("phase").asText("before")),
                    text(rule, "match"));
        }
        if (body.has("duplicateEvents")) {
            faults.duplicateEvents(body.get("duplicateEvents").asInt());
        }
        if (body.has("outOfOrderEvents")) {
            faults.outOfOrderEvents(body.get("outOfOrderEvents").asBoolean());
        }
        if (body.has("dropDeliveryAttempts")) {
            faults.dropDeliveryAttempts(body.get("dropDeliveryAttempts").asInt());
        }
        if (body.has("loseEvents")) {
            JsonNode rule = body.get("loseEvents");
            if (rule.isNumber()) {
                faults.loseEvents(rule.asInt());
            } else {
                faults.loseEvents(rule.path("count").asInt(1), text(rule, "type"));
            }
        }
    }

    private ObjectNode render(DeliveryAttempt attempt) {
        ObjectNode json = mapper.createObjectNode();
        json.put("sequence", attempt.sequence());
        json.put("eventId", attempt.eventId());
        json.put("eventType", attempt.eventType());
        json.put("copy", attempt.copy());
        json.put("attempt", attempt.attempt());
        json.put("at", attempt.at().toString());
        json.put("url", attempt.url());
        json.put("outcome", attempt.outcome().name());
        json.put("httpStatus", attempt.httpStatus());
        json.put("error", attempt.error());
        json.put("willRetry", attempt.willRetry());
        return json;
    }

    private ObjectNode list(List<? extends JsonNode> data) {
        ObjectNode json = mapper.createObjectNode();
        json.put("object", "list");
        json.putArray("data").addAll(data);
        return json;
    }

    private JsonNode readTree(String json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode error(String message) {
        ObjectNode json = mapper.createObjectNode();
        json.putObject("error").put("message", message);
        return json;
    }

    private void send(HttpExchange exchange, int status, JsonNode json) throws IOException {
        byte[] bytes = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String query(URI uri, String name) {
        return FormParameters.parse(uri.getRawQuery()).get(name);
    }

    /** An admin request that cannot be served, with its HTTP status. */
    private static final class AdminRequestException extends RuntimeException {
        private final int status;

        AdminRequestException(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
