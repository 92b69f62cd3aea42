package dev.checkout.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.cloud.LocalCloud;
import dev.checkout.local.cloud.LocalCloudConfig;
import dev.checkout.local.stepfunctions.ExecutionStatus;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Bad input on every route of {@code infrastructure/openapi.yaml}, generated from the contract: malformed JSON, missing
 * required fields, wrong types, out-of-range numbers, pattern and length violations, oversize bodies, bad path and
 * query parameters, missing and forged tokens, missing or malformed {@code Idempotency-Key}; a JSON body under another
 * media type (415); text that is not valid Unicode (a JSON escape of an unpaired surrogate, bytes that are not UTF-8)
 * in every string and a new key of every body, in every path and query parameter and in the {@code Idempotency-Key}.
 * Webhook bodies of those last two kinds are signed with the endpoint's secret, so that only the flaw is wrong. Each
 * request must get a 4xx with the error body and write nothing: the table's items and the queues are the same before
 * and after.
 */
@Tag("end-to-end")
class BadInputSweepTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static LocalCloud cloud;
    private static Map<String, Object> spec;
    private static String alice;
    private static String admin;
    private static String sku;
    private static String orderId;
    private static String paymentId;
    private final HttpClient http = HttpClient.newHttpClient();

    /**
     * One request. {@code contentType} null sends none; {@code expectedStatus} 0 accepts any 4xx. Headers with bytes
     * beyond ASCII ({@code overSocket}) are written by hand: java.net.http turns them into '?'.
     */
    record Case(String operation, String what, String method, String path, String token, Map<String, String> headers, byte[] body,
                String contentType, int expectedStatus, boolean overSocket) {
        /** A JSON body sent as {@code application/json}; any 4xx will do. */
        Case(String operation, String what, String method, String path, String token, Map<String, String> headers, String body) {
            this(operation, what, method, path, token, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8), "application/json", 0, false);
        }
    }

    /** Text that is not valid Unicode, as it is put into a JSON string: an escape, or raw bytes. */
    private enum InvalidUnicode {
        ESCAPED_LONE_SURROGATE("\\ud800".getBytes(StandardCharsets.US_ASCII)),
        INVALID_UTF8_BYTE(new byte[] {(byte) 0xff}),
        ENCODED_LONE_SURROGATE(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80});

        final byte[] bytes;

        InvalidUnicode(byte[] bytes) {
            this.bytes = bytes;
        }
    }

    /** The same flaws in a URL: percent-encoded bytes that are not UTF-8 (a lone surrogate is one), as the gateway decodes them. */
    private static final List<String> NOT_UTF8_IN_URL = List.of("%ED%A0%80", "%FF", "%C3%28");
    private static final String MARK = "INVALID-UNICODE-GOES-HERE";

    @BeforeAll
    static void start() throws Exception {
        spec = asMap(new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(LocalCloud.projectRoot().resolve("infrastructure/openapi.yaml"))));
        cloud = LocalCloud.start(LocalCloudConfig.forTests(LocalCloud.projectRoot()));
        alice = cloud.token("alice");
        admin = cloud.token("admin");
        ShopClient shop = new ShopClient(cloud.apiEndpoint());
        sku = "SWEEP-1";
        assertEquals(201, shop.send("PUT", "/products/" + sku, admin,
                "{\"name\":\"mug\",\"price\":{\"amount\":1250,\"currency\":\"USD\"},\"available\":100}", null).status());
        orderId = shop.send("POST", "/orders", alice, "{\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":2}],\"paymentMethod\":\"pm_card_visa\"}",
                UUID.randomUUID().toString()).body().path("orderId").asText();
        JsonNode paid = shop.awaitOrder(alice, orderId, o -> o.path("status").asText().equals("PAID"), Duration.ofSeconds(60));
        assertEquals("PAID", paid.path("status").asText());
        paymentId = paid.path("payments").path(0).path("paymentId").asText();
        cloud.paymentSimulator().awaitQuiet(Duration.ofSeconds(30));
        cloud.engine().awaitTermination(cloud.engine().listExecutions(cloud.stateMachineArn("CheckoutStateMachine"), null).get(0).executionArn(),
                Duration.ofSeconds(30));
        awaitWebhooksApplied();
        CloudState.awaitSettled(cloud);
    }

    /** The provider's webhook for the payment may be applied after the order is PAID: the sweep starts once it is. */
    private static void awaitWebhooksApplied() {
        Awaitility.await("the payment's webhooks applied").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> Invariants.scan(cloud.services().dynamoDbClient(), cloud.services().tableName("CheckoutTable")).stream()
                        .noneMatch(item -> item.get("PK").s().startsWith("WEBHOOK#") && !"APPLIED".equals(item.get("state").s())));
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    @Test
    void everyRoute_answersBadInputWith4xx_andWritesNothing() throws Exception {
        List<Case> cases = cases();
        var failures = new ArrayList<String>();
        Map<String, Integer> perOperation = new TreeMap<>();
        for (Case c : cases) {
            String before = state();
            Answer response = c.overSocket() ? sendOverSocket(c) : send(c);
            String after = state();
            perOperation.merge(c.operation(), 1, Integer::sum);
            String problem = judge(response, c.expectedStatus());
            if (!before.equals(after)) {
                problem = (problem == null ? "" : problem + "; ") + "it wrote to the table or a queue";
            }
            if (problem != null) {
                failures.add(c.operation() + " [" + c.what() + "] " + c.method() + " " + c.path() + " -> " + response.status() + " "
                        + abbreviate(response.body()) + ": " + problem);
            }
        }
        System.out.println("bad-input sweep: " + cases.size() + " requests " + perOperation);
        failures.forEach(System.out::println);
        assertTrue(perOperation.size() >= 13, "every operation of the contract was tried: " + perOperation.keySet());
        assertEquals(List.of(), failures);
    }

    /** What the API answered. */
    record Answer(int status, String body) {
    }

    private static String judge(Answer response, int expectedStatus) {
        int status = response.status();
        if (status < 400 || status >= 500) {
            return "expected a 4xx";
        }
        if (expectedStatus != 0 && status != expectedStatus) {
            return "expected " + expectedStatus;
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            return "the body is not JSON";
        }
        if (status == 401 && body.path("message").isTextual()) {
            return null;
        }
        JsonNode error = body.path("error");
        if (!error.path("code").isTextual() || !error.path("message").isTextual() || !error.path("requestId").isTextual()) {
            return "no {\"error\": {code, message, requestId}} body";
        }
        return null;
    }

    private List<Case> cases() throws IOException {
        var cases = new ArrayList<Case>();
        Map<String, Object> paths = asMap(spec.get("paths"));
        for (var pathEntry : paths.entrySet()) {
            Map<String, Object> pathItem = asMap(pathEntry.getValue());
            List<Object> pathParameters = list(pathItem.get("parameters"));
            for (String method : List.of("get", "post", "put", "delete", "patch")) {
                if (!pathItem.containsKey(method)) {
                    continue;
                }
                Map<String, Object> operation = asMap(pathItem.get(method));
                var parameters = new ArrayList<Map<String, Object>>();
                for (Object p : pathParameters) {
                    parameters.add(resolve(p));
                }
                for (Object p : list(operation.get("parameters"))) {
                    parameters.add(resolve(p));
                }
                operationCases(cases, String.valueOf(operation.get("operationId")), method.toUpperCase(), pathEntry.getKey(), operation, parameters);
            }
        }
        return cases;
    }

    private void operationCases(List<Case> cases, String id, String method, String template, Map<String, Object> operation,
                                List<Map<String, Object>> parameters) throws IOException {
        boolean secured = !(operation.containsKey("security") && list(operation.get("security")).isEmpty());
        boolean idempotent = parameters.stream().anyMatch(p -> "Idempotency-Key".equals(p.get("name")));
        String token = id.equals("refundOrder") || id.equals("putProduct") || id.equals("shipOrder") || id.equals("completeOrder")
                || operation.get("tags") != null && list(operation.get("tags")).contains("operations") ? admin : alice;
        String path = fill(template, Map.of());
        Map<String, String> headers = new LinkedHashMap<>();
        if (idempotent) {
            headers.put("idempotency-key", UUID.randomUUID().toString());
        }
        Map<String, Object> bodySchema = bodySchema(operation);
        JsonNode valid = validBody(id);
        String validText = valid == null ? null : valid.toString();
        if (id.equals("receivePaymentWebhook")) {
            headers.put("stripe-signature", "t=" + (System.currentTimeMillis() / 1000) + ",v1=" + "0".repeat(64));
        }

        // Tokens.
        if (secured) {
            cases.add(new Case(id, "no token", method, path, null, headers, validText));
            String forged = token.substring(0, token.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
            cases.add(new Case(id, "forged token", method, path, forged, headers, validText));
            cases.add(new Case(id, "garbage token", method, path, "not-a-jwt", headers, validText));
            String otherIssuer = cloud.issueToken("mallory", true);
            cases.add(new Case(id, "token with a tampered payload", method, path,
                    otherIssuer.substring(0, otherIssuer.indexOf('.') + 1) + token.split("\\.")[1].replace('A', 'B') + otherIssuer.substring(otherIssuer.lastIndexOf('.')),
                    headers, validText));
        }
        String caller = secured ? token : null;
        // Idempotency-Key.
        if (idempotent) {
            cases.add(new Case(id, "no Idempotency-Key", method, path, caller, Map.of(), validText));
            cases.add(new Case(id, "Idempotency-Key with a space", method, path, caller, Map.of("idempotency-key", "a b"), validText));
            cases.add(new Case(id, "Idempotency-Key over 255 characters", method, path, caller, Map.of("idempotency-key", "k".repeat(256)), validText));
        }
        // Path parameters.
        for (Map<String, Object> p : parameters) {
            if (!"path".equals(p.get("in"))) {
                continue;
            }
            String name = String.valueOf(p.get("name"));
            Object pattern = resolve(p.get("schema")).get("pattern");
            for (String bad : List.of("not-an-id", "ord_" + "0".repeat(26), "%2e%2e%2f", "x".repeat(300), "%00", "UPPER%20CASE")) {
                if (pattern != null && URLDecoder.decode(bad, StandardCharsets.UTF_8).matches(String.valueOf(pattern))) {
                    continue;
                }
                cases.add(new Case(id, "path " + name + "=" + abbreviate(bad), method, fill(template, Map.of(name, bad)), caller, fresh(headers), validText));
            }
            for (String bytes : NOT_UTF8_IN_URL) {
                String bad = value(name) + bytes;
                cases.add(new Case(id, "Unicode: path " + name + "=" + bad, method, fill(template, Map.of(name, bad)), caller, fresh(headers), validText));
            }
        }
        // Query parameters.
        for (Map<String, Object> p : parameters) {
            if (!"query".equals(p.get("in"))) {
                continue;
            }
            String name = String.valueOf(p.get("name"));
            for (String bad : badValues(resolve(p.get("schema")))) {
                cases.add(new Case(id, "query " + name + "=" + abbreviate(bad), method, path + "?" + name + "=" + URLEncoder.encode(bad, StandardCharsets.UTF_8),
                        caller, fresh(headers), validText));
            }
            for (String bytes : NOT_UTF8_IN_URL) {
                cases.add(new Case(id, "Unicode: query " + name + "=x" + bytes, method, path + "?" + name + "=x" + bytes, caller, fresh(headers), validText));
            }
        }
        // Idempotency-Key bytes that are not UTF-8 (ISO-8859-1 characters are written as those bytes).
        if (idempotent) {
            for (InvalidUnicode how : List.of(InvalidUnicode.INVALID_UTF8_BYTE, InvalidUnicode.ENCODED_LONE_SURROGATE)) {
                Map<String, String> badKey = new LinkedHashMap<>(headers);
                badKey.put("idempotency-key", "key-" + new String(how.bytes, StandardCharsets.ISO_8859_1));
                cases.add(new Case(id, "Unicode: Idempotency-Key with " + how, method, path, caller, badKey,
                        validText == null ? new byte[0] : validText.getBytes(StandardCharsets.UTF_8), "application/json", 0, true));
            }
        }
        // Bodies.
        if (bodySchema != null) {
            for (String malformed : List.of("{\"items\": [", "", "null", "[]", "\"text\"", "42", "{\"a\":1,}", "\u0000\u0001")) {
                cases.add(new Case(id, "malformed body " + abbreviate(malformed), method, path, caller, fresh(headers), malformed));
            }
            cases.add(new Case(id, "body over 64 KiB", method, path, caller, fresh(headers),
                    "{\"reason\":\"" + "x".repeat(70 * 1024) + "\",\"name\":\"" + "y".repeat(10) + "\"}"));
            if (valid != null) {
                for (var mutation : mutations(valid, bodySchema, "")) {
                    cases.add(new Case(id, "body " + mutation.getKey(), method, path, caller, fresh(headers), mutation.getValue().toString()));
                }
                // Media types: the valid body (signed, for the webhook) under every type but JSON in UTF-8.
                for (String type : java.util.Arrays.asList("text/plain", "application/octet-stream", null, "application/json; charset=iso-8859-1")) {
                    byte[] body = withFreshEventId(id, valid);
                    cases.add(new Case(id, "Content-Type: " + (type == null ? "none" : type), method, path, caller, signed(id, fresh(headers), body),
                            body, type, 415, false));
                }
                // Unicode: each string of the body, and a new key, holding text that is not valid Unicode.
                for (String pointer : stringPointers(valid, "")) {
                    for (InvalidUnicode how : InvalidUnicode.values()) {
                        byte[] body = spliced(JSON.readTree(withFreshEventId(id, valid)), pointer, how);
                        cases.add(new Case(id, "Unicode: body " + pointer + " with " + how, method, path, caller, signed(id, fresh(headers), body),
                                body, "application/json", 400, false));
                    }
                }
                byte[] withKey = spliced(JSON.readTree(withFreshEventId(id, valid)), null, InvalidUnicode.ESCAPED_LONE_SURROGATE);
                cases.add(new Case(id, "Unicode: body with a new key holding a lone surrogate", method, path, caller, signed(id, fresh(headers), withKey),
                        withKey, "application/json", 400, false));
            }
        }
    }

    /** The pointers of every string in {@code node}, e.g. {@code /items/0/sku}. */
    private static List<String> stringPointers(JsonNode node, String at) {
        var pointers = new ArrayList<String>();
        if (node.isTextual()) {
            pointers.add(at);
        } else if (node.isObject()) {
            node.fields().forEachRemaining(field -> pointers.addAll(stringPointers(field.getValue(), at + "/" + field.getKey())));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                pointers.addAll(stringPointers(node.get(i), at + "/" + i));
            }
        }
        return pointers;
    }

    /** {@code body} with the string at {@code pointer} (a new key, when null) made "x" and then {@code how}'s text, as bytes. */
    private static byte[] spliced(JsonNode body, String pointer, InvalidUnicode how) throws IOException {
        JsonNode copy = body.deepCopy();
        if (pointer == null) {
            ((ObjectNode) copy).put(MARK, 1);
        } else {
            int slash = pointer.lastIndexOf('/');
            JsonNode parent = at(copy, pointer.substring(0, slash));
            if (parent.isArray()) {
                ((ArrayNode) parent).set(Integer.parseInt(pointer.substring(slash + 1)), NODES.textNode(MARK));
            } else {
                ((ObjectNode) parent).put(pointer.substring(slash + 1), MARK);
            }
        }
        String text = JSON.writeValueAsString(copy);
        int mark = text.indexOf("\"" + MARK + "\"");
        var out = new java.io.ByteArrayOutputStream();
        out.writeBytes(text.substring(0, mark).getBytes(StandardCharsets.UTF_8));
        out.writeBytes("\"x".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(how.bytes);
        out.writeBytes(text.substring(mark + MARK.length() + 1).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** The body's bytes; a webhook event gets an id of its own, so that an event wrongly taken would show as a write. */
    private static byte[] withFreshEventId(String operationId, JsonNode valid) throws IOException {
        JsonNode copy = valid.deepCopy();
        if (operationId.equals("receivePaymentWebhook")) {
            ((ObjectNode) copy).put("id", "evt_sweep_" + UUID.randomUUID().toString().replace("-", ""));
        }
        return JSON.writeValueAsBytes(copy);
    }

    /** For the webhook: a genuine Stripe-Signature over exactly these bytes (HMAC-SHA256 of {@code t.body}), so only the flaw is wrong. */
    private static Map<String, String> signed(String operationId, Map<String, String> headers, byte[] body) {
        if (!operationId.equals("receivePaymentWebhook")) {
            return headers;
        }
        try {
            long now = System.currentTimeMillis() / 1000;
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cloud.paymentSimulator().webhookSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((now + ".").getBytes(StandardCharsets.UTF_8));
            var copy = new LinkedHashMap<>(headers);
            copy.put("stripe-signature", "t=" + now + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body)));
            return copy;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Valid bodies for the operations that take one, pointing at the sweep's own product and order. */
    private static JsonNode validBody(String operationId) {
        try {
            return switch (operationId) {
                case "createOrder" -> JSON.readTree("{\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":1}],\"paymentMethod\":\"pm_card_visa\"}");
                case "refundOrder" -> JSON.readTree("{\"amount\":100,\"reason\":\"damaged\"}");
                case "putProduct" -> JSON.readTree("{\"name\":\"mug\",\"price\":{\"amount\":100,\"currency\":\"USD\"},\"available\":5}");
                // Points at no order of the table: were a signed copy ever taken, it would change nothing but the inbox.
                case "receivePaymentWebhook" -> JSON.readTree("{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\","
                        + "\"data\":{\"object\":{\"id\":\"pi_sweep\",\"object\":\"payment_intent\",\"status\":\"succeeded\",\"currency\":\"usd\","
                        + "\"metadata\":{\"orderId\":\"ord_00000000000000000000000000\",\"paymentId\":\"pay_00000000000000000000000000_1\"}}}}");
                default -> null;
            };
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each way to break a valid body against its schema: a required field missing, a wrong type, a value out of range. */
    private List<Map.Entry<String, JsonNode>> mutations(JsonNode valid, Map<String, Object> schema, String at) {
        var result = new ArrayList<Map.Entry<String, JsonNode>>();
        Map<String, Object> properties = schema.containsKey("properties") ? asMap(schema.get("properties")) : Map.of();
        List<Object> required = list(schema.get("required"));
        for (var property : properties.entrySet()) {
            String name = property.getKey();
            Map<String, Object> propertySchema = resolve(property.getValue());
            String where = at + "/" + name;
            if (required.contains(name)) {
                result.add(Map.entry("without " + where, replaced(valid, at, name, null)));
            }
            for (JsonNode wrong : wrongTypes(String.valueOf(propertySchema.get("type")))) {
                result.add(Map.entry(where + " = " + wrong, replaced(valid, at, name, wrong)));
            }
            for (JsonNode outOfRange : outOfRange(propertySchema)) {
                result.add(Map.entry(where + " = " + abbreviate(outOfRange.toString()), replaced(valid, at, name, outOfRange)));
            }
            JsonNode current = at(valid, at).get(name);
            if ("object".equals(propertySchema.get("type")) && current != null) {
                result.addAll(mutations(valid, propertySchema, where));
            }
            if ("array".equals(propertySchema.get("type")) && current != null && current.size() > 0) {
                Map<String, Object> itemSchema = resolve(propertySchema.get("items"));
                if (propertySchema.containsKey("maxItems")) {
                    ArrayNode many = NODES.arrayNode();
                    for (int i = 0; i <= ((Number) propertySchema.get("maxItems")).intValue(); i++) {
                        many.add(current.get(0).deepCopy());
                    }
                    result.add(Map.entry(where + " with more than maxItems", replaced(valid, at, name, many)));
                }
                if (propertySchema.containsKey("minItems")) {
                    result.add(Map.entry(where + " empty", replaced(valid, at, name, NODES.arrayNode())));
                }
                ArrayNode repeated = NODES.arrayNode().add(current.get(0).deepCopy()).add(current.get(0).deepCopy());
                if (name.equals("items")) {
                    result.add(Map.entry(where + " with a repeated SKU", replaced(valid, at, name, repeated)));
                }
                for (var inner : mutations(current.get(0), itemSchema, "")) {
                    result.add(Map.entry(where + "/0" + inner.getKey(), replaced(valid, at, name, NODES.arrayNode().add(inner.getValue()))));
                }
            }
        }
        return result;
    }

    private static List<JsonNode> wrongTypes(String type) {
        return switch (type) {
            case "integer" -> List.of(NODES.textNode("abc"), NODES.numberNode(1.5), NODES.booleanNode(true), NODES.objectNode(), NODES.nullNode());
            case "string" -> List.of(NODES.numberNode(12345), NODES.booleanNode(true), NODES.arrayNode().add("x"), NODES.objectNode(), NODES.nullNode());
            case "array" -> List.of(NODES.textNode("x"), NODES.objectNode(), NODES.numberNode(1));
            case "object" -> List.of(NODES.textNode("x"), NODES.arrayNode(), NODES.numberNode(1));
            default -> List.of();
        };
    }

    private static List<JsonNode> outOfRange(Map<String, Object> schema) {
        var result = new ArrayList<JsonNode>();
        if (schema.get("minimum") instanceof Number min) {
            result.add(NODES.numberNode(min.longValue() - 1));
        }
        if (schema.get("maximum") instanceof Number max) {
            result.add(NODES.numberNode(max.longValue() + 1));
        }
        if ("integer".equals(schema.get("type"))) {
            result.add(NODES.numberNode(new java.math.BigInteger("1" + "0".repeat(30))));
        }
        if (schema.get("maxLength") instanceof Number max) {
            result.add(NODES.textNode("x".repeat(max.intValue() + 1)));
        }
        if (schema.get("minLength") instanceof Number min && min.intValue() > 0) {
            result.add(NODES.textNode(""));
            result.add(NODES.textNode("   "));
        }
        if (schema.containsKey("pattern")) {
            result.add(NODES.textNode("no such-thing!"));
        }
        if (schema.containsKey("enum")) {
            result.add(NODES.textNode("BOGUS"));
        }
        return result;
    }

    private static List<String> badValues(Map<String, Object> schema) {
        var result = new ArrayList<String>();
        String type = String.valueOf(schema.get("type"));
        if (type.equals("integer")) {
            result.addAll(List.of("abc", "1.5", "-1", "1" + "0".repeat(30)));
        }
        if (schema.get("minimum") instanceof Number min) {
            result.add(Long.toString(min.longValue() - 1));
        }
        if (schema.get("maximum") instanceof Number max) {
            result.add(Long.toString(max.longValue() + 1));
        }
        if ("date-time".equals(schema.get("format"))) {
            result.addAll(List.of("yesterday", "2026-13-45T99:00:00Z", "1"));
        }
        if (schema.containsKey("enum")) {
            result.add("BOGUS");
        }
        if (type.equals("string") && !schema.containsKey("enum") && !schema.containsKey("format")) {
            result.addAll(List.of("garbage", "eyJhIjoxfQ", "%%%"));
        }
        return result;
    }

    private static JsonNode replaced(JsonNode root, String at, String name, JsonNode value) {
        JsonNode copy = root.deepCopy();
        ObjectNode parent = (ObjectNode) at(copy, at);
        if (value == null) {
            parent.remove(name);
        } else {
            parent.set(name, value);
        }
        return copy;
    }

    private static JsonNode at(JsonNode root, String pointer) {
        return pointer.isEmpty() ? root : root.at(pointer);
    }

    private Map<String, Object> bodySchema(Map<String, Object> operation) {
        if (!operation.containsKey("requestBody")) {
            return null;
        }
        Map<String, Object> content = asMap(asMap(resolve(operation.get("requestBody"))).get("content"));
        return resolve(asMap(content.get("application/json")).get("schema"));
    }

    private static String fill(String template, Map<String, String> overrides) {
        String path = template;
        for (String name : List.of("orderId", "paymentId", "sku", "provider", "queue")) {
            path = path.replace("{" + name + "}", overrides.getOrDefault(name, value(name)));
        }
        return path;
    }

    /** The sweep's valid value of a path parameter. */
    private static String value(String parameter) {
        return switch (parameter) {
            case "orderId" -> orderId;
            case "paymentId" -> paymentId;
            case "sku" -> sku;
            case "provider" -> "stripe";
            case "queue" -> "charge";
            default -> throw new IllegalArgumentException(parameter);
        };
    }

    private static Map<String, String> fresh(Map<String, String> headers) {
        var copy = new LinkedHashMap<>(headers);
        copy.computeIfPresent("idempotency-key", (k, v) -> UUID.randomUUID().toString());
        return copy;
    }

    private Answer send(Case c) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cloud.apiEndpoint() + c.path())).timeout(Duration.ofSeconds(30))
                .method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(c.body()));
        if (c.contentType() != null) {
            request.header("content-type", c.contentType());
        }
        if (c.token() != null) {
            request.header("authorization", "Bearer " + c.token());
        }
        c.headers().forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    /** HTTP/1.1 written by hand, header values as ISO-8859-1 bytes; the gateway answers with a Content-Length and closes. */
    private static Answer sendOverSocket(Case c) throws IOException {
        URI uri = URI.create(cloud.apiEndpoint() + c.path());
        var head = new StringBuilder(c.method()).append(' ').append(uri.getRawPath()).append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                .append(" HTTP/1.1\r\nHost: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\nConnection: close\r\n");
        if (c.contentType() != null) {
            head.append("Content-Type: ").append(c.contentType()).append("\r\n");
        }
        if (c.token() != null) {
            head.append("Authorization: Bearer ").append(c.token()).append("\r\n");
        }
        c.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        byte[] body = c.body() == null ? new byte[0] : c.body();
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(response.indexOf(' ') + 1, response.indexOf(' ') + 4));
            int bodyStart = response.indexOf("\r\n\r\n");
            return new Answer(status, bodyStart < 0 ? "" : response.substring(bodyStart + 4));
        }
    }

    /** The table's items, the queues' depths and the executions, as one comparable text. */
    private static String state() {
        return CloudState.of(cloud);
    }

    private static Map<String, Object> resolve(Object node) {
        Map<String, Object> map = asMap(node);
        if (map.containsKey("$ref")) {
            Object target = spec;
            for (String part : String.valueOf(map.get("$ref")).substring(2).split("/")) {
                target = asMap(target).get(part);
            }
            return resolve(target);
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object node) {
        return node == null ? Map.of() : (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node) {
        return node == null ? List.of() : (List<Object>) node;
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() > 60 ? oneLine.substring(0, 60) + "..." : oneLine;
    }
}
