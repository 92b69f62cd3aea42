package dev.checkout.local.cloud;

import static dev.checkout.local.services.SamTemplate.asMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.checkout.local.services.SamTemplate;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Secrets Manager for the functions of the local cloud: {@code GetSecretValue} (JSON 1.1 over HTTP,
 * on the loopback interface) of the template's secrets whose value the template makes. A secret with
 * {@code GenerateSecretString} gets a fresh random value at each start, as CloudFormation generates
 * one when it creates the stack; one with {@code SecretString} gets that. The others (the payment
 * platforms' keys, put by hand after a deploy) get the value given at start (the simulators' keys),
 * or none, as on AWS before one is put.
 * A secret is found by its ARN or its name (the logical id here).
 */
final class LocalSecretsManager implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private record StoredSecret(String arn, String name, String value, String versionId, Instant created) {
    }

    private final HttpServer server;
    private final Map<String, StoredSecret> byIdentifier;

    private LocalSecretsManager(HttpServer server, Map<String, StoredSecret> byIdentifier) {
        this.server = server;
        this.byIdentifier = byIdentifier;
    }

    /**
     * Starts on a free port of {@code host} with the values of the template's secrets, {@code put} giving (by logical id) those
     * the template does not make; their ARNs come from {@code resources}.
     */
    static LocalSecretsManager start(String host, SamTemplate template, CloudResources resources, Map<String, String> put) throws IOException {
        var byIdentifier = new HashMap<String, StoredSecret>();
        SecureRandom random = new SecureRandom();
        template.resourcesOfType("AWS::SecretsManager::Secret").forEach((id, properties) -> {
            String value = properties.containsKey("GenerateSecretString")
                    ? generate(id, asMap(properties.get("GenerateSecretString")), random)
                    : properties.containsKey("SecretString") ? resources.resolveString(properties.get("SecretString")) : put.get(id);
            if (value != null) {
                var secret = new StoredSecret(resources.resolveString(Map.of("Ref", id)), id, value, UUID.randomUUID().toString(), Instant.now());
                byIdentifier.put(secret.arn(), secret);
                byIdentifier.put(secret.name(), secret);
            }
        });
        HttpServer server = HttpServer.create(new InetSocketAddress(host, 0), 16);
        var secretsManager = new LocalSecretsManager(server, Map.copyOf(byIdentifier));
        server.createContext("/", secretsManager::serve);
        server.start();
        return secretsManager;
    }

    URI endpoint() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    /** Where it listens: the loopback interface only. */
    InetSocketAddress boundAddress() {
        return server.getAddress();
    }

    /**
     * A random value as {@code GenerateSecretString} describes it: {@code PasswordLength} (32) characters from the
     * included types (upper and lower case, numbers, punctuation, and a space with {@code IncludeSpace}), less
     * {@code ExcludeCharacters}, at least one of each included type unless {@code RequireEachIncludedType} is false;
     * put under {@code GenerateStringKey} of the JSON {@code SecretStringTemplate} when both are given.
     */
    static String generate(String id, Map<String, Object> spec, SecureRandom random) {
        String excluded = String.valueOf(spec.getOrDefault("ExcludeCharacters", ""));
        var types = new ArrayList<String>();
        addType(types, !flag(spec, "ExcludeUppercase", false), "ABCDEFGHIJKLMNOPQRSTUVWXYZ", excluded);
        addType(types, !flag(spec, "ExcludeLowercase", false), "abcdefghijklmnopqrstuvwxyz", excluded);
        addType(types, !flag(spec, "ExcludeNumbers", false), "0123456789", excluded);
        addType(types, !flag(spec, "ExcludePunctuation", false), PUNCTUATION, excluded);
        addType(types, flag(spec, "IncludeSpace", false), " ", excluded);
        String characters = String.join("", types);
        int length = Integer.parseInt(String.valueOf(spec.getOrDefault("PasswordLength", 32)));
        boolean eachType = flag(spec, "RequireEachIncludedType", true);
        if (characters.isEmpty() || length < 1 || (eachType && length < types.size())) {
            throw new IllegalStateException("secret " + id + ": GenerateSecretString leaves nothing to generate");
        }
        var value = new ArrayList<Character>(length);
        if (eachType) {
            types.forEach(type -> value.add(type.charAt(random.nextInt(type.length()))));
        }
        while (value.size() < length) {
            value.add(characters.charAt(random.nextInt(characters.length())));
        }
        Collections.shuffle(value, random);
        var generated = new StringBuilder(length);
        value.forEach(generated::append);
        return withinTemplate(id, spec, generated.toString());
    }

    /** A type of characters the value may hold, less the excluded ones; left out when excluded or emptied. */
    private static void addType(List<String> types, boolean included, String characters, String excluded) {
        String left = characters.chars().filter(c -> excluded.indexOf(c) < 0)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        if (included && !left.isEmpty()) {
            types.add(left);
        }
    }

    private static String withinTemplate(String id, Map<String, Object> spec, String generated) {
        Object template = spec.get("SecretStringTemplate");
        Object key = spec.get("GenerateStringKey");
        if (template == null && key == null) {
            return generated;
        }
        if (template == null || key == null) {
            throw new IllegalStateException("secret " + id + ": GenerateSecretString needs both SecretStringTemplate and GenerateStringKey, or neither");
        }
        try {
            ObjectNode json = (ObjectNode) JSON.readTree(String.valueOf(template));
            json.put(String.valueOf(key), generated);
            return JSON.writeValueAsString(json);
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("secret " + id + ": SecretStringTemplate is not a JSON object", e);
        }
    }

    private static boolean flag(Map<String, Object> spec, String name, boolean otherwise) {
        return Boolean.parseBoolean(String.valueOf(spec.getOrDefault(name, otherwise)));
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            JsonNode request;
            try {
                request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            } catch (IOException e) {
                reply(exchange, 400, error("SerializationException", "the body is not JSON"));
                return;
            }
            if (!target.equals("secretsmanager.GetSecretValue")) {
                reply(exchange, 400, error("UnknownOperationException", "the local cloud's Secrets Manager answers GetSecretValue only"));
                return;
            }
            StoredSecret secret = byIdentifier.get(request == null ? "" : request.path("SecretId").asText(""));
            if (secret == null) {
                reply(exchange, 400, error("ResourceNotFoundException", "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT"));
                return;
            }
            ObjectNode answer = JSON.createObjectNode();
            answer.put("ARN", secret.arn());
            answer.put("Name", secret.name());
            answer.put("SecretString", secret.value());
            answer.put("VersionId", secret.versionId());
            answer.putArray("VersionStages").add("AWSCURRENT");
            answer.put("CreatedDate", secret.created().toEpochMilli() / 1000.0);
            reply(exchange, 200, answer);
        }
    }

    private static ObjectNode error(String type, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("__type", type);
        error.put("Message", message);
        return error;
    }

    private static void reply(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
