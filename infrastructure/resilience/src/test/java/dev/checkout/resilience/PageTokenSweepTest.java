package dev.checkout.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.checkout.local.cloud.LocalCloud;
import dev.checkout.local.cloud.LocalCloudConfig;
import dev.checkout.local.stepfunctions.ExecutionStatus;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Page tokens on every paged route of {@code infrastructure/openapi.yaml} (each operation that takes {@code nextToken}),
 * against the running local cloud: a genuine token of each route pages on, and every crafted, altered, truncated or
 * foreign token, or a genuine one sent with other filters or by another caller, gets a 4xx with the error body
 * ({@code VALIDATION_FAILED}) and writes nothing: the table's items and the queues are the same before and after.
 */
@Tag("end-to-end")
class PageTokenSweepTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalCloud cloud;
    private static String alice;
    private static String bob;
    private static String admin;
    private static Map<String, PagedRoute> routes;
    private final HttpClient http = HttpClient.newHttpClient();

    /** A paged route: its path with the query of its first page, who calls it, and a genuine token for its second page. */
    record PagedRoute(String operation, String firstPage, String caller, String token) {
        String page(String query, String nextToken) {
            return firstPage + query + "&nextToken=" + URLEncoder.encode(nextToken, StandardCharsets.UTF_8);
        }
    }

    record Case(String operation, String what, String path, String caller) {
    }

    @BeforeAll
    static void start() throws Exception {
        cloud = LocalCloud.start(LocalCloudConfig.forTests(LocalCloud.projectRoot()));
        alice = cloud.token("alice");
        bob = cloud.token("bob");
        admin = cloud.token("admin");
        ShopClient shop = new ShopClient(cloud.apiEndpoint());
        for (String sku : List.of("PAGE-1", "PAGE-2", "PAGE-3")) {
            assertEquals(201, shop.send("PUT", "/products/" + sku, admin,
                    "{\"name\":\"mug\",\"price\":{\"amount\":1250,\"currency\":\"USD\"},\"available\":100}", null).status());
        }
        for (int i = 0; i < 3; i++) {
            String orderId = shop.send("POST", "/orders", alice, "{\"items\":[{\"sku\":\"PAGE-1\",\"quantity\":1}],\"paymentMethod\":\"pm_card_visa\"}",
                    UUID.randomUUID().toString()).body().path("orderId").asText();
            assertEquals("PAID", shop.awaitOrder(alice, orderId, o -> o.path("status").asText().equals("PAID"), Duration.ofSeconds(60))
                    .path("status").asText());
        }
        cloud.paymentSimulator().awaitQuiet(Duration.ofSeconds(30));
        for (var execution : cloud.engine().listExecutions(cloud.stateMachineArn("CheckoutStateMachine"), null)) {
            cloud.engine().awaitTermination(execution.executionArn(), Duration.ofSeconds(30));
        }
        awaitWebhooksApplied();
        CloudState.awaitSettled(cloud);
        routes = Map.of(
                "listOrders", pagedRoute(shop, "listOrders", "/orders?limit=1", alice),
                "listAllOrders", pagedRoute(shop, "listAllOrders", "/admin/orders?limit=1", admin),
                "listProducts", pagedRoute(shop, "listProducts", "/products?limit=1", null));
    }

    private static PagedRoute pagedRoute(ShopClient shop, String operation, String firstPage, String caller) {
        JsonNode page = shop.send("GET", firstPage, caller, null, null).body();
        assertTrue(page.path("nextToken").isTextual(), operation + " gave a token for its second page: " + page);
        return new PagedRoute(operation, firstPage, caller, page.path("nextToken").asText());
    }

    /** The provider's webhooks may be applied after the orders are PAID: the sweep starts once they are. */
    private static void awaitWebhooksApplied() throws InterruptedException {
        for (int attempt = 0; attempt < 600; attempt++) {
            boolean waiting = Invariants.scan(cloud.services().dynamoDbClient(), cloud.services().tableName("CheckoutTable")).stream()
                    .anyMatch(item -> item.get("PK").s().startsWith("WEBHOOK#") && !"APPLIED".equals(item.get("state").s()));
            if (!waiting) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the payments' webhooks were not applied");
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    @Test
    void theSweep_coversEveryPagedRouteOfTheContract() throws IOException {
        Map<String, Object> spec = asMap(new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(LocalCloud.projectRoot().resolve("infrastructure/openapi.yaml"))));
        var paged = new TreeSet<String>();
        asMap(spec.get("paths")).values().forEach(pathItem -> asMap(pathItem).values().forEach(operation -> {
            if (operation instanceof Map<?, ?> map && String.valueOf(map.get("parameters")).contains("#/components/parameters/NextToken")) {
                paged.add(String.valueOf(map.get("operationId")));
            }
        }));

        assertFalse(paged.isEmpty());
        assertEquals(paged, new TreeSet<>(routes.keySet()), "the paged operations of the contract, each with its token cases here");
    }

    @Test
    void everyPagedRoute_pagesOnWithItsOwnToken() throws Exception {
        for (PagedRoute route : routes.values()) {
            HttpResponse<String> next = send(new Case(route.operation(), "its own token", route.page("", route.token()), route.caller()));

            assertEquals(200, next.statusCode(), route.operation() + ": " + next.body());
        }
    }

    @Test
    void everyPagedRoute_answersACraftedAlteredOrForeignTokenWith4xx_andWritesNothing() throws Exception {
        List<Case> cases = cases();
        var failures = new ArrayList<String>();
        Map<String, Integer> perOperation = new TreeMap<>();
        for (Case c : cases) {
            String before = state();
            HttpResponse<String> response = send(c);
            String after = state();
            perOperation.merge(c.operation(), 1, Integer::sum);
            String problem = judge(response);
            if (!before.equals(after)) {
                problem = (problem == null ? "" : problem + "; ") + "it wrote to the table or a queue";
            }
            if (problem != null) {
                failures.add(c.operation() + " [" + c.what() + "] GET " + abbreviate(c.path()) + " -> " + response.statusCode() + " "
                        + abbreviate(response.body()) + ": " + problem);
            }
        }
        System.out.println("page-token sweep: " + cases.size() + " requests " + perOperation);
        failures.forEach(System.out::println);
        assertEquals(routes.keySet(), perOperation.keySet());
        assertEquals(List.of(), failures);
    }

    /** The table of cases: for each paged route, tokens it never issued for this request. */
    private static List<Case> cases() {
        var cases = new ArrayList<Case>();
        for (PagedRoute route : routes.values()) {
            String genuine = route.token();
            String otherRoutesToken = routes.values().stream().filter(r -> r != route).findFirst().orElseThrow().token();
            var tokens = new TreeMap<String, String>();
            tokens.put("truncated by 8 characters", genuine.substring(0, genuine.length() - 8));
            tokens.put("truncated to its first half", genuine.substring(0, genuine.length() / 2));
            tokens.put("a character of its key changed", changedAt(genuine, genuine.length() / 3));
            tokens.put("a character of its signature changed", changedAt(genuine, genuine.length() - 10));
            tokens.put("a character appended", genuine + "A");
            tokens.put("the other paged route's token", otherRoutesToken);
            tokens.put("made up: empty key fields, unsigned", base64("\n\n" + (route.operation().equals("listOrders") ? "USER#alice" : "CATALOG") + "\n"));
            tokens.put("made up: plausible key fields, unsigned", switch (route.operation()) {
                case "listOrders" -> base64("ORDER#ord_01JDZ8Q4K3M5N7P9R2T4V6X8Y0\nORDER\nUSER#alice\n2026-11-22T10:00:00.000Z#ord_01JDZ8Q4K3M5N7P9R2T4V6X8Y0");
                case "listAllOrders" -> base64("2026-11-15T10:00:00Z\n2026-11-22T10:00:00Z\n2026-11-22\n2026-11-22T10:00:00.000Z#ord_01JDZ8Q4K3M5N7P9R2T4V6X8Y0");
                default -> base64("PRODUCT#PAGE-1\nPRODUCT\nCATALOG\nPAGE-1");
            });
            tokens.put("made up: a signed-looking token of zeros", base64(new String(new byte[80], StandardCharsets.ISO_8859_1)));
            tokens.put("not base64", "*not~a;token*");
            tokens.put("standard base64 with padding", "+/8=");
            tokens.put("over 2 KB", "A".repeat(4096));
            tokens.forEach((what, token) -> cases.add(new Case(route.operation(), what, route.page("", token), route.caller())));
            if (route.operation().equals("listOrders")) {
                cases.add(new Case(route.operation(), "its token sent by another caller", route.page("", genuine), bob));
            }
            if (route.operation().endsWith("Orders")) {
                cases.add(new Case(route.operation(), "its token with a status filter", route.page("&status=PAID", genuine), route.caller()));
                cases.add(new Case(route.operation(), "its token with a from filter", route.page("&from=2020-01-01T00:00:00Z", genuine), route.caller()));
                cases.add(new Case(route.operation(), "its token with a to filter", route.page("&to=2100-01-01T00:00:00Z", genuine), route.caller()));
                cases.add(new Case(route.operation(), "its token with a from filter of yesterday",
                        route.page("&from=" + java.time.Instant.now().minus(Duration.ofDays(1)), genuine), route.caller()));
            }
        }
        return cases;
    }

    private static String judge(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status < 400 || status >= 500) {
            return "expected a 4xx";
        }
        JsonNode error;
        try {
            error = JSON.readTree(response.body()).path("error");
        } catch (IOException e) {
            return "the body is not JSON";
        }
        if (!error.path("code").isTextual() || !error.path("message").isTextual() || !error.path("requestId").isTextual()) {
            return "no {\"error\": {code, message, requestId}} body";
        }
        return "VALIDATION_FAILED".equals(error.path("code").asText()) ? null : "expected the code VALIDATION_FAILED";
    }

    private HttpResponse<String> send(Case c) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cloud.apiEndpoint() + c.path())).timeout(Duration.ofSeconds(30)).GET();
        if (c.caller() != null) {
            request.header("authorization", "Bearer " + c.caller());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The table's items, the queues' depths and the executions, as one comparable text. */
    private static String state() {
        return CloudState.of(cloud);
    }

    private static String changedAt(String token, int index) {
        char replacement = token.charAt(index) == 'A' ? 'B' : 'A';
        return token.substring(0, index) + replacement + token.substring(index + 1);
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object node) {
        return node == null ? Map.of() : (Map<String, Object>) node;
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() > 80 ? oneLine.substring(0, 80) + "..." : oneLine;
    }
}
