package dev.checkout.local.payments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin API under /_simulator, and the Stripe API spoken by a plain HTTP client (form bodies, Basic auth), the
 * way a shell script or another language would call it.
 */
@Tag("unit")
class AdminApiTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private PaymentSimulator sim;

    @BeforeEach
    void start() {
        sim = PaymentSimulator.start(PaymentSimulatorConfig.forTests());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private Reply admin(String method, String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json").build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()), response);
    }

    private Reply stripe(String method, String path, String form, String idempotencyKey) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .method(method, form == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(form))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("sk_test_curl:".getBytes(StandardCharsets.UTF_8)));
        if (idempotencyKey != null) {
            builder.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()), response);
    }

    private record Reply(int status, JsonNode json, HttpResponse<String> response) {
    }

    @Test
    void config_showsTheApiVersionAndSecret() throws Exception {
        Reply reply = admin("GET", "/_simulator/config", null);

        assertEquals(200, reply.status());
        assertEquals(sim.apiVersion(), reply.json().get("apiVersion").asText());
        assertEquals(sim.webhookSecret(), reply.json().get("webhookSecret").asText());
    }

    @Test
    void webhookEndpoint_canBeSetWithANewSecret() throws Exception {
        Reply reply = admin("POST", "/_simulator/webhook_endpoint",
                "{\"url\": \"http://127.0.0.1:9/hooks\", \"secret\": \"whsec_fromAdmin\"}");

        assertEquals(200, reply.status());
        assertEquals("http://127.0.0.1:9/hooks", sim.webhookEndpoint().orElseThrow().toString());
        assertEquals("whsec_fromAdmin", sim.webhookSecret());
    }

    @Test
    void faults_canBeSetAndCleared() throws Exception {
        Reply set = admin("POST", "/_simulator/faults", "{\"latencyMs\": 5,"
                + " \"serverErrors\": {\"count\": 2, \"phase\": \"after\", \"match\": \"POST /v1/refunds\"},"
                + " \"timeouts\": {\"count\": 1}, \"duplicateEvents\": 2, \"outOfOrderEvents\": true,"
                + " \"dropDeliveryAttempts\": 1, \"loseEvents\": {\"count\": 3, \"type\": \"refund.updated\"}}");

        assertEquals(200, set.status());
        FaultSettings settings = sim.faults().settings();
        assertEquals(5, settings.latencyMillis());
        assertEquals(new RequestFault(RequestFault.Kind.ERROR, FaultPhase.AFTER_PROCESSING, 2, "POST /v1/refunds"),
                settings.requestFaults().get(0));
        assertEquals(new RequestFault(RequestFault.Kind.TIMEOUT, FaultPhase.BEFORE_PROCESSING, 1, null),
                settings.requestFaults().get(1));
        assertEquals(2, settings.duplicateEvents());
        assertTrue(settings.outOfOrderEvents());
        assertEquals(1, settings.dropDeliveryAttempts());
        assertEquals(3, settings.loseEvents());
        assertEquals("refund.updated", settings.loseEventType());
        assertEquals(2, set.json().get("requestFaults").get(0).get("remaining").asInt());

        admin("DELETE", "/_simulator/faults", null);

        assertEquals(new FaultSettings(0, java.util.List.of(), 1, false, 0, 0, null), sim.faults().settings());
    }

    @Test
    void plainHttpClient_canPay_andTheChargeCountShowsOneCharge() throws Exception {
        String form = "amount=1999&currency=usd&payment_method=pm_card_visa&confirm=true&metadata%5Border_id%5D=o-1";
        Reply first = stripe("POST", "/v1/payment_intents", form, "order-o-1");
        Reply replay = stripe("POST", "/v1/payment_intents", form, "order-o-1");

        assertEquals(200, first.status());
        assertEquals("succeeded", first.json().get("status").asText());
        assertEquals("o-1", first.json().get("metadata").get("order_id").asText());
        assertEquals("true", replay.response().headers().firstValue("Idempotent-Replayed").orElse(null));
        assertEquals(first.json().get("id"), replay.json().get("id"));
        Reply count = admin("GET", "/_simulator/charges/count?idempotency_key=order-o-1", null);
        assertEquals(1, count.json().get("succeeded").asInt());
        assertEquals(1, count.json().get("paymentIntents").asInt());
    }

    @Test
    void missingApiKey_isUnauthorized() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(sim.baseUrl() + "/v1/payment_intents/pi_x")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(401, response.statusCode());
        assertEquals("invalid_request_error", JSON.readTree(response.body()).get("error").get("type").asText());
    }

    @Test
    void unknownApiRoute_isNotFound_inStripesShape() throws Exception {
        Reply reply = stripe("GET", "/v1/customers", null, null);

        assertEquals(404, reply.status());
        assertTrue(reply.json().get("error").get("message").asText().startsWith("Unrecognized request URL"));
    }

    @Test
    void authentication_canBeCompletedThroughTheRedirectUrl() throws Exception {
        Reply created = stripe("POST", "/v1/payment_intents",
                "amount=500&currency=usd&payment_method=pm_card_authenticationRequired&confirm=true", "k-3ds");
        String redirect = created.json().get("next_action").get("redirect_to_url").get("url").asText();
        assertTrue(redirect.startsWith(sim.baseUrl()));

        Reply completed = admin("POST", redirect.substring(sim.baseUrl().length()), null);

        assertEquals(200, completed.status());
        assertEquals("succeeded", completed.json().get("status").asText());
    }

    private HttpResponse<String> browser(String method, String url, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", accept);
        request = method.equals("GET") ? request.GET()
                : request.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.noBody());
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void authenticationPage_showsABrowserThePaymentToConfirm() throws Exception {
        Reply created = stripe("POST", "/v1/payment_intents", "amount=2500&currency=usd&payment_method=pm_card_authenticationRequired"
                + "&confirm=true&return_url=http%3A%2F%2F127.0.0.1%3A3001%2F%3Freturned%3Dpayment", "k-page");

        HttpResponse<String> page = browser("GET", created.json().get("next_action").get("redirect_to_url").get("url").asText(), "text/html");

        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("25.00 USD") && page.body().contains("Complete authentication"), page.body());
        assertEquals("requires_action", sim.ledger().payment(created.json().get("id").asText()).orElseThrow().status);
    }

    @Test
    void authenticationPage_sendsTheBrowserBackToTheReturnUrl_withTheIntentAndItsOutcome() throws Exception {
        Reply created = stripe("POST", "/v1/payment_intents", "amount=2500&currency=usd&payment_method=pm_card_authenticationRequired"
                + "&confirm=true&return_url=http%3A%2F%2F127.0.0.1%3A3001%2F%3Freturned%3Dpayment", "k-page-back");
        String id = created.json().get("id").asText();

        HttpResponse<String> answer = browser("POST", sim.baseUrl() + "/_simulator/payment_intents/" + id + "/authenticate", "text/html");

        assertEquals(303, answer.statusCode());
        assertEquals("http://127.0.0.1:3001/?returned=payment&payment_intent=" + id + "&redirect_status=succeeded",
                answer.headers().firstValue("Location").orElseThrow());
        assertEquals("succeeded", sim.ledger().payment(id).orElseThrow().status);
    }

    @Test
    void failAuthentication_returnsTheIntentToRequiresPaymentMethod() throws Exception {
        Reply created = stripe("POST", "/v1/payment_intents",
                "amount=500&currency=usd&payment_method=pm_card_authenticationRequired&confirm=true", "k-3ds-f");
        String id = created.json().get("id").asText();

        Reply failed = admin("POST", "/_simulator/payment_intents/" + id + "/fail_authentication", null);

        assertEquals("requires_payment_method", failed.json().get("status").asText());
    }

    @Test
    void authenticatingAnIntentThatIsNotWaiting_isABadRequest() throws Exception {
        Reply created = stripe("POST", "/v1/payment_intents",
                "amount=500&currency=usd&payment_method=pm_card_visa&confirm=true", "k-paid");

        Reply reply = admin("POST", "/_simulator/payment_intents/" + created.json().get("id").asText()
                + "/authenticate", null);

        assertEquals(400, reply.status());
    }

    @Test
    void listings_showIntentsChargesRefundsEventsAndDeliveries() throws Exception {
        Reply paid = stripe("POST", "/v1/payment_intents",
                "amount=1999&currency=usd&payment_method=pm_card_visa&confirm=true", "k-list");
        stripe("POST", "/v1/refunds", "payment_intent=" + paid.json().get("id").asText() + "&amount=100", "k-ref");
        sim.awaitQuiet(WAIT);

        assertEquals(1, admin("GET", "/_simulator/payment_intents", null).json().get("data").size());
        assertEquals(1, admin("GET", "/_simulator/charges", null).json().get("data").size());
        JsonNode refund = admin("GET", "/_simulator/refunds", null).json().get("data").get(0);
        assertEquals("succeeded", refund.get("status").asText());
        JsonNode events = admin("GET", "/_simulator/events", null).json().get("data");
        assertTrue(events.size() >= 5);
        assertEquals("event", events.get(0).get("object").asText());
        JsonNode deliveries = admin("GET", "/_simulator/deliveries", null).json().get("data");
        assertEquals("NO_ENDPOINT", deliveries.get(0).get("outcome").asText());
    }

    @Test
    void redeliverAndReset_workOverHttp() throws Exception {
        stripe("POST", "/v1/payment_intents",
                "amount=1999&currency=usd&payment_method=pm_card_visa&confirm=true", "k-rr");
        String eventId = sim.awaitDeliveries(a -> !a.isEmpty(), WAIT).get(0).eventId();

        Reply redeliver = admin("POST", "/_simulator/events/" + eventId + "/redeliver", null);
        sim.awaitDeliveries(a -> a.size() == 2, WAIT);
        Reply reset = admin("POST", "/_simulator/reset", null);

        assertEquals(200, redeliver.status());
        assertEquals(200, reset.status());
        assertTrue(sim.paymentIntents().isEmpty());
    }

    @Test
    void unknownAdminRoute_isNotFound() throws Exception {
        assertEquals(404, admin("GET", "/_simulator/nothing", null).status());
        assertEquals(200, admin("GET", "/_simulator/health", null).status());
    }
}
