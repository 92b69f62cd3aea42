package dev.checkout.local.payments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The 3-D Secure page a browser is sent to: a page with two buttons, whose form sends the browser back to the shop. */
@Tag("unit")
class AuthenticationPageTest {
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

    private JsonNode intentAskingForAuthentication(String returnUrl) throws Exception {
        String form = "amount=2500&currency=usd&payment_method=pm_card_authenticationRequired&confirm=true&return_url="
                + java.net.URLEncoder.encode(returnUrl, StandardCharsets.UTF_8);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/payment_intents"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("sk_test_page:".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(created.body());
    }

    @Test
    void browser_seesThePaymentToConfirm() throws Exception {
        JsonNode intent = intentAskingForAuthentication("http://127.0.0.1:3001/?returned=payment");
        String url = intent.path("next_action").path("redirect_to_url").path("url").asText();

        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("25.00 USD"), page.body());
        assertTrue(page.body().contains("Complete authentication"));
        assertEquals("requires_action", sim.ledger().payment(intent.path("id").asText()).orElseThrow().status);
    }

    @Test
    void completing_sendsTheBrowserBackToTheReturnUrl_withTheIntentAndItsOutcome() throws Exception {
        JsonNode intent = intentAskingForAuthentication("http://127.0.0.1:3001/?returned=payment");
        String id = intent.path("id").asText();

        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/_simulator/payment_intents/" + id + "/authenticate"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(303, answer.statusCode());
        assertEquals("http://127.0.0.1:3001/?returned=payment&payment_intent=" + id + "&redirect_status=succeeded",
                answer.headers().firstValue("Location").orElseThrow());
        assertEquals("succeeded", sim.ledger().payment(id).orElseThrow().status);
    }
}
