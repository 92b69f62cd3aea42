package dev.checkout.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ShopSiteTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ShopSite site;

    @BeforeAll
    static void start() throws Exception {
        site = ShopSite.start("127.0.0.1", 0, JSON.createObjectNode().put("apiUrl", "http://127.0.0.1:3000"),
                user -> user.equals("alice") ? Optional.of("token-for-alice") : Optional.empty());
    }

    @AfterAll
    static void stop() {
        site.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(site.url() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> signIn(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(site.url() + "/_local/sign-in")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void root_isTheSitesPage_andItsModulesAreJavaScript() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script type=\"module\" src=\"js/app.js\">"));
        assertEquals("text/javascript; charset=utf-8", get("/js/app.js").headers().firstValue("content-type").orElseThrow());
    }

    @Test
    void configJson_isWhatTheServerWasGiven_neverCached() throws Exception {
        HttpResponse<String> config = get("/config.json");
        assertEquals("http://127.0.0.1:3000", JSON.readTree(config.body()).path("apiUrl").asText());
        assertEquals("no-store", config.headers().firstValue("cache-control").orElseThrow());
    }

    @Test
    void unknownFiles_andPathsLeavingTheSite_areNotFound() throws Exception {
        assertEquals(404, get("/nothing.js").statusCode());
        assertEquals(404, get("/js/../../dev/checkout/web/ShopSite.class").statusCode());
    }

    @Test
    void localSignIn_givesATokenForAKnownUser_andRefusesOthers() throws Exception {
        HttpResponse<String> alice = signIn("{\"user\":\"alice\"}");
        assertEquals(200, alice.statusCode());
        assertEquals("token-for-alice", JSON.readTree(alice.body()).path("token").asText());
        assertEquals(400, signIn("{\"user\":\"mallory\"}").statusCode());
        assertEquals(400, signIn("not json").statusCode());
    }
}
