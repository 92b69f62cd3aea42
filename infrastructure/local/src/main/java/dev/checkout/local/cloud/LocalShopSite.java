package dev.checkout.local.cloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.web.ShopSite;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shop's site on the local cloud, on its own port: its {@code config.json} (the API, the local sign-in, the
 * template's payment platforms and the payment simulator's test cards) and the local sign-in that gives a browser a
 * token of the local issuer for alice, bob or admin. The template learns the site's origin as {@code ShopOrigin}
 * (the API's CORS) and, unless given, as {@code CheckoutReturnUrl} (where a platform's page sends the customer back).
 */
final class LocalShopSite {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, List<String>> USERS = Map.of(
            "alice", List.of(), "bob", List.of(), "admin", List.of("admin"));
    private static final List<List<String>> TEST_CARDS = List.of(
            List.of("pm_card_visa", "Visa 4242 — pays"),
            List.of("pm_card_mastercard", "Mastercard 4444 — pays"),
            List.of("pm_card_authenticationRequired", "Visa 3184 — asks for 3-D Secure"),
            List.of("pm_card_chargeDeclined", "Visa 0002 — declined"),
            List.of("pm_card_insufficientFunds", "Visa 9995 — insufficient funds"));

    private LocalShopSite() {
    }

    static String origin(String host, int port) {
        return "http://" + host + ":" + port;
    }

    /** The template's parameters with the site's origin added where the caller gave none. */
    static Map<String, String> parameters(Map<String, String> overrides, String origin) {
        var parameters = new HashMap<>(overrides);
        parameters.putIfAbsent("ShopOrigin", origin);
        parameters.putIfAbsent("CheckoutReturnUrl", origin + "/?returned=payment");
        return Map.copyOf(parameters);
    }

    static ShopSite start(String host, int port, URI api, LocalJwtIssuer issuer, CloudResources resources) throws IOException {
        ObjectNode config = JSON.createObjectNode();
        config.put("apiUrl", api.toString());
        ObjectNode auth = config.putObject("auth");
        auth.put("mode", "local");
        auth.put("signInUrl", "/_local/sign-in");
        ArrayNode users = auth.putArray("users");
        users.addObject().put("id", "alice").put("label", "Alice").put("description", "a customer");
        users.addObject().put("id", "bob").put("label", "Bob").put("description", "a customer");
        users.addObject().put("id", "admin").put("label", "Admin").put("description", "the shop's operations team (admin group)");
        ObjectNode payments = config.putObject("payments");
        ArrayNode platforms = payments.putArray("platforms");
        for (String platform : resources.resolveString(Map.of("Ref", "PaymentPlatforms")).split(",")) {
            platforms.add(platform.strip());
        }
        ArrayNode cards = payments.putArray("testCards");
        TEST_CARDS.forEach(card -> cards.addObject().put("token", card.get(0)).put("label", card.get(1)));
        return ShopSite.start(host, port, config, user -> Optional.ofNullable(USERS.get(user))
                .map(groups -> issuer.issue(user, groups, Duration.ofHours(12))));
    }
}
