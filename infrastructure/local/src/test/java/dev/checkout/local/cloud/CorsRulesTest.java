package dev.checkout.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.local.services.SamTemplate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CorsRulesTest {
    private static final String SHOP = "http://127.0.0.1:3001";

    /** The template's CorsConfiguration, with the shop's origin given as the local cloud gives it. */
    private static CorsRules templateRules() {
        SamTemplate template = SamTemplate.load(LocalCloud.projectRoot().resolve("infrastructure/template.yaml"));
        var wiring = new TemplateWiring(template, new CloudResources(template, Map.of("ShopOrigin", SHOP)));
        return wiring.cors();
    }

    @Test
    void template_allowsTheShopOrigin_withTheHeadersTheSiteSends() {
        Map<String, String> headers = templateRules().preflight(SHOP, "POST", "authorization, content-type, idempotency-key").orElseThrow();

        assertEquals(SHOP, headers.get("access-control-allow-origin"));
        assertTrue(headers.get("access-control-allow-methods").contains("POST"));
        assertEquals("authorization,content-type,idempotency-key", headers.get("access-control-allow-headers"));
        assertEquals("600", headers.get("access-control-max-age"));
    }

    @Test
    void answers_exposeTheLocationAndRequestId_toTheShopOnly() {
        CorsRules rules = templateRules();

        assertTrue(rules.response(SHOP).get("access-control-expose-headers").contains("x-request-id"));
        assertEquals(Map.of(), rules.response("http://elsewhere.example"));
        assertEquals(Map.of(), rules.response(null));
    }

    @Test
    void preflight_givesNoHeaders_forAnOriginMethodOrHeaderNotAllowed() {
        CorsRules rules = templateRules();

        assertFalse(rules.preflight("http://elsewhere.example", "GET", null).isPresent());
        assertFalse(rules.preflight(SHOP, "DELETE", null).isPresent());
        assertFalse(rules.preflight(SHOP, "GET", "x-secret").isPresent());
    }

    @Test
    void wildcardOrigin_answersStar_withoutCredentials() {
        var rules = new CorsRules(List.of("*"), List.of("*"), List.of("*"), List.of(), null, false);

        assertEquals("*", rules.response("http://any.example").get("access-control-allow-origin"));
        assertEquals("x-a", rules.preflight("http://any.example", "PATCH", "X-A").orElseThrow().get("access-control-allow-headers"));
    }
}
