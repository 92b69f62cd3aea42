package dev.checkout.local.payments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves {@code /v1/...}: authentication with a {@code sk_test_} key, the API-call faults, idempotency, and the
 * PaymentIntent (with search by metadata), Refund and Charge endpoints.
 */
final class StripeApiHandler implements HttpHandler {
    private static final Logger LOG = Logger.getLogger(StripeApiHandler.class.getName());
    private static final Pattern PAYMENT_INTENT = Pattern.compile("/v1/payment_intents/([^/]+)");
    private static final Pattern PAYMENT_INTENT_ACTION = Pattern.compile("/v1/payment_intents/([^/]+)/(confirm|cancel)");
    private static final Pattern REFUND = Pattern.compile("/v1/refunds/([^/]+)");
    private static final Pattern CHARGE = Pattern.compile("/v1/charges/([^/]+)");
    static final String FAULT_HEADER = "X-Simulator-Fault";

    private final ObjectMapper mapper;
    private final StripePaymentIntentLifecycle paymentIntents;
    private final StripeRefundLifecycle refunds;
    private final IdempotencyStore idempotency;
    private final FaultSwitches faults;
    private final String apiVersion;
    private final Duration timeoutHold;
    private final CountDownLatch closing;

    StripeApiHandler(ObjectMapper mapper, StripePaymentIntentLifecycle paymentIntents, StripeRefundLifecycle refunds,
                     IdempotencyStore idempotency, FaultSwitches faults, String apiVersion, Duration timeoutHold,
                     CountDownLatch closing) {
        this.mapper = mapper;
        this.paymentIntents = paymentIntents;
        this.refunds = refunds;
        this.idempotency = idempotency;
        this.faults = faults;
        this.apiVersion = apiVersion;
        this.timeoutHold = timeoutHold;
        this.closing = closing;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String requestId = "req_" + StripeIds.random(14);
        try (exchange) {
            serve(exchange, requestId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "unexpected failure serving " + exchange.getRequestURI(), e);
            send(exchange, requestId, render(StripeApiException.serverError(), requestId));
        }
    }

    private void serve(HttpExchange exchange, String requestId) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String apiKey = apiKey(exchange.getRequestHeaders().getFirst("Authorization"));
        if (apiKey == null) {
            send(exchange, requestId, render(StripeApiException.unauthorized(
                    "You did not provide an API key. You need to provide your API key in the Authorization header, "
                            + "using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')."), requestId));
            return;
        }
        if (!apiKey.startsWith("sk_test_")) {
            send(exchange, requestId, render(StripeApiException.unauthorized(
                    "Invalid API Key provided: " + redact(apiKey)), requestId));
            return;
        }

        FaultSwitches.RequestFaultPlan plan;
        try {
            plan = faults.planFor(method, path, exchange.getRequestHeaders().getFirst(FAULT_HEADER));
        } catch (IllegalArgumentException e) {
            send(exchange, requestId, render(StripeApiException.invalidRequest(null, e.getMessage(), null),
                    requestId));
            return;
        }
        if (plan.latencyMillis() > 0) {
            pause(Duration.ofMillis(plan.latencyMillis()));
        }
        if (plan.phase() == FaultPhase.BEFORE_PROCESSING && strike(exchange, requestId, plan)) {
            return;
        }

        FormParameters params = FormParameters.parse(exchange.getRequestURI().getRawQuery(), body);
        String idempotencyKey = method.equals("POST")
                ? exchange.getRequestHeaders().getFirst("Idempotency-Key") : null;
        RequestContext cause = new RequestContext(requestId, idempotencyKey);
        ApiResponse response;
        try {
            if (idempotencyKey == null) {
                response = execute(method, path, params, cause);
            } else {
                if (idempotencyKey.length() > 255) {
                    throw StripeApiException.invalidRequest(null,
                            "Idempotency keys must be at most 255 characters long.", null);
                }
                response = idempotency.execute(apiKey, idempotencyKey, method + " " + path + " " + params.fingerprint(),
                        () -> execute(method, path, params, cause));
            }
        } catch (StripeApiException e) {
            response = render(e, requestId);
        }

        if (plan.phase() == FaultPhase.AFTER_PROCESSING && strike(exchange, requestId, plan)) {
            return;
        }
        if (idempotencyKey != null) {
            exchange.getResponseHeaders().set("Idempotency-Key", idempotencyKey);
        }
        send(exchange, requestId, response);
    }

    /** Applies a 5xx or timeout fault; returns whether the request is finished. */
    private boolean strike(HttpExchange exchange, String requestId, FaultSwitches.RequestFaultPlan plan)
            throws IOException {
        if (plan.kind() == RequestFault.Kind.ERROR) {
            send(exchange, requestId, render(StripeApiException.serverError(), requestId));
            return true;
        }
        if (plan.kind() == RequestFault.Kind.TIMEOUT) {
            pause(timeoutHold);
            // Closing the exchange before any response headers were sent drops the connection.
            return true;
        }
        return false;
    }

    private ApiResponse execute(String method, String path, FormParameters params, RequestContext cause) {
        try {
            return new ApiResponse(200, mapper.writeValueAsBytes(route(method, path, params, cause)), false);
        } catch (StripeApiException e) {
            return render(e, cause.requestId());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode route(String method, String path, FormParameters params, RequestContext cause) {
        Matcher matcher;
        if (path.equals("/v1/payment_intents") && method.equals("POST")) {
            return paymentIntents.create(params, cause);
        }
        if ((matcher = PAYMENT_INTENT_ACTION.matcher(path)).matches() && method.equals("POST")) {
            return matcher.group(2).equals("confirm")
                    ? paymentIntents.confirm(matcher.group(1), params, cause)
                    : paymentIntents.cancel(matcher.group(1), params, cause);
        }
        if (path.equals("/v1/payment_intents/search") && method.equals("GET")) {
            return paymentIntents.search(params);
        }
        if ((matcher = PAYMENT_INTENT.matcher(path)).matches() && method.equals("GET")) {
            return paymentIntents.retrieve(matcher.group(1), expansions(params));
        }
        if (path.equals("/v1/refunds") && method.equals("POST")) {
            return refunds.create(params, cause);
        }
        if ((matcher = REFUND.matcher(path)).matches() && method.equals("GET")) {
            return refunds.retrieve(matcher.group(1));
        }
        if ((matcher = CHARGE.matcher(path)).matches() && method.equals("GET")) {
            return paymentIntents.retrieveCharge(matcher.group(1));
        }
        throw StripeApiException.unrecognizedUrl(method, path);
    }

    private static List<String> expansions(FormParameters params) {
        return params.array("expand");
    }

    private ApiResponse render(StripeApiException e, String requestId) {
        try {
            return new ApiResponse(e.status(), mapper.writeValueAsBytes(e.body(requestId)), false);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private void send(HttpExchange exchange, String requestId, ApiResponse response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Request-Id", requestId);
        exchange.getResponseHeaders().set("Stripe-Version", apiVersion);
        if (response.replayed()) {
            exchange.getResponseHeaders().set("Idempotent-Replayed", "true");
        }
        exchange.sendResponseHeaders(response.status(), response.body().length);
        exchange.getResponseBody().write(response.body());
    }

    /** Waits for {@code duration}, or less when the simulator shuts down. */
    private void pause(Duration duration) {
        try {
            closing.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The API key from {@code Bearer sk_...} or Basic auth with the key as user name, as Stripe accepts both. */
    private static String apiKey(String authorization) {
        if (authorization == null) {
            return null;
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = authorization.substring(7).trim();
            return key.isEmpty() ? null : key;
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                String key = colon < 0 ? decoded : decoded.substring(0, colon);
                return key.isEmpty() ? null : key;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private static String redact(String key) {
        return key.length() <= 8 ? "****" : key.substring(0, Math.min(8, key.length())) + "****"
                + key.substring(key.length() - 4);
    }
}
