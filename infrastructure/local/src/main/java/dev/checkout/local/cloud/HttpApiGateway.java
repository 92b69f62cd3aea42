package dev.checkout.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An API Gateway HTTP API on localhost: the template's routes, the JWT authorizer (routes with
 * {@code Authorizer: NONE} skip it), and payload format 2.0 events to in-process functions (the
 * body as text or base64 as the gateway chooses, {@link EventBody}). Answers
 * the way API Gateway does when no route matches (404), the token is bad (401), the function fails
 * (500), or the body is over API Gateway's 10 MB limit (413). CORS as the API's {@code CorsConfiguration} says ({@link CorsRules}).
 */
final class HttpApiGateway implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HttpApiGateway.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PAYLOAD = 10 * 1024 * 1024;
    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** One route of the template. */
    record Route(String method, String path, Pattern pattern, List<String> parameters, LocalFunction function, boolean authorized) {
        static Route of(String method, String path, LocalFunction function, boolean authorized) {
            var parameters = new ArrayList<String>();
            Matcher matcher = Pattern.compile("\\{([^}+]+)(\\+?)}").matcher(path);
            var regex = new StringBuilder();
            int last = 0;
            while (matcher.find()) {
                regex.append(Pattern.quote(path.substring(last, matcher.start())));
                regex.append(matcher.group(2).isEmpty() ? "([^/]+)" : "(.+)");
                parameters.add(matcher.group(1));
                last = matcher.end();
            }
            regex.append(Pattern.quote(path.substring(last)));
            return new Route(method.toUpperCase(Locale.ROOT), path, Pattern.compile(regex.toString()), parameters, function, authorized);
        }

        String routeKey() {
            return method + " " + path;
        }
    }

    /** Extra local endpoints (under {@code /_local/}) served beside the routes. */
    interface LocalEndpoint {
        int handle(String method, String path, Map<String, String> query, OutputStream body) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Route> routes;
    private final LocalJwtIssuer issuer;
    private final Map<String, LocalEndpoint> localEndpoints;
    private final CorsRules cors;

    private HttpApiGateway(HttpServer server, ExecutorService executor, List<Route> routes, LocalJwtIssuer issuer, Map<String, LocalEndpoint> localEndpoints,
            CorsRules cors) {
        this.server = server;
        this.executor = executor;
        this.routes = routes;
        this.issuer = issuer;
        this.localEndpoints = localEndpoints;
        this.cors = cors;
    }

    static HttpApiGateway start(String host, int port, List<Route> routes, LocalJwtIssuer issuer, Map<String, LocalEndpoint> localEndpoints) throws IOException {
        return start(host, port, routes, issuer, localEndpoints, CorsRules.none());
    }

    /** With the API's {@code CorsConfiguration} ({@link CorsRules}): preflights answered here, CORS headers on every answer. */
    static HttpApiGateway start(String host, int port, List<Route> routes, LocalJwtIssuer issuer, Map<String, LocalEndpoint> localEndpoints,
            CorsRules cors) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 256);
        ExecutorService executor = Executors.newFixedThreadPool(32, r -> {
            Thread thread = new Thread(r, "http-api");
            thread.setDaemon(true);
            return thread;
        });
        var gateway = new HttpApiGateway(server, executor, List.copyOf(routes), issuer, Map.copyOf(localEndpoints), cors);
        server.createContext("/", gateway::serve);
        server.setExecutor(executor);
        server.start();
        return gateway;
    }

    int port() {
        return server.getAddress().getPort();
    }

    InetSocketAddress boundAddress() {
        return server.getAddress();
    }

    List<Route> routes() {
        return routes;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            if (path.startsWith("/_local/") || path.equals("/.well-known/jwks.json")) {
                serveLocal(exchange, method, path);
                return;
            }
            String origin = exchange.getRequestHeaders().getFirst("Origin");
            String requestMethod = exchange.getRequestHeaders().getFirst("Access-Control-Request-Method");
            if (cors.isPreflight(method, origin, requestMethod)) {
                cors.preflight(origin, requestMethod, exchange.getRequestHeaders().getFirst("Access-Control-Request-Headers"))
                        .ifPresent(headers -> headers.forEach(exchange.getResponseHeaders()::set));
                send(exchange, 204, new byte[0]);
                return;
            }
            cors.response(origin).forEach(exchange.getResponseHeaders()::set);
            byte[] body = readLimited(exchange.getRequestBody());
            if (body == null) {
                reply(exchange, 413, "{\"message\":\"Request Entity Too Large\"}");
                return;
            }
            Optional<Match> match = match(method, path);
            if (match.isEmpty()) {
                reply(exchange, 404, "{\"message\":\"Not Found\"}");
                return;
            }
            Route route = match.get().route();
            JWTClaimsSet claims = null;
            if (route.authorized()) {
                claims = issuer.verify(exchange.getRequestHeaders().getFirst("Authorization")).orElse(null);
                if (claims == null) {
                    exchange.getResponseHeaders().add("www-authenticate", "Bearer");
                    reply(exchange, 401, "{\"message\":\"Unauthorized\"}");
                    return;
                }
            }
            String requestId = UUID.randomUUID().toString();
            byte[] response;
            try {
                response = route.function().invoke(JSON.writeValueAsBytes(event(exchange, route, match.get().parameters(), claims, body, requestId)));
            } catch (LocalFunction.FunctionError e) {
                LOG.log(System.Logger.Level.ERROR, route.routeKey() + " failed: " + e.getMessage());
                reply(exchange, 500, "{\"message\":\"Internal Server Error\"}");
                return;
            }
            respond(exchange, response, requestId);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "gateway error", e);
            reply(exchange, 500, "{\"message\":\"Internal Server Error\"}");
        }
    }

    private void serveLocal(HttpExchange exchange, String method, String path) throws IOException {
        if (path.equals("/.well-known/jwks.json")) {
            reply(exchange, 200, issuer.jwks());
            return;
        }
        LocalEndpoint endpoint = localEndpoints.get(path);
        if (endpoint == null) {
            reply(exchange, 404, "{\"message\":\"Not Found\"}");
            return;
        }
        var out = new java.io.ByteArrayOutputStream();
        int status = endpoint.handle(method, path, query(exchange.getRequestURI().getRawQuery()), out);
        reply(exchange, status, out.toString(StandardCharsets.UTF_8));
    }

    private record Match(Route route, Map<String, String> parameters) {
    }

    private Optional<Match> match(String method, String path) {
        for (Route route : routes) {
            if (!route.method().equals(method) && !route.method().equals("ANY")) {
                continue;
            }
            Matcher matcher = route.pattern().matcher(path);
            if (matcher.matches()) {
                var parameters = new LinkedHashMap<String, String>();
                for (int i = 0; i < route.parameters().size(); i++) {
                    parameters.put(route.parameters().get(i), URLDecoder.decode(matcher.group(i + 1), StandardCharsets.UTF_8));
                }
                return Optional.of(new Match(route, parameters));
            }
        }
        return Optional.empty();
    }

    private ObjectNode event(HttpExchange exchange, Route route, Map<String, String> parameters, JWTClaimsSet claims, byte[] body, String requestId) {
        ObjectNode event = JSON.createObjectNode();
        String rawQuery = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
        event.put("version", "2.0");
        event.put("routeKey", route.routeKey());
        event.put("rawPath", exchange.getRequestURI().getRawPath());
        event.put("rawQueryString", rawQuery);
        ObjectNode headers = event.putObject("headers");
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        Map<String, String> query = query(rawQuery);
        if (!query.isEmpty()) {
            ObjectNode queryNode = event.putObject("queryStringParameters");
            query.forEach(queryNode::put);
        }
        if (!parameters.isEmpty()) {
            ObjectNode pathNode = event.putObject("pathParameters");
            parameters.forEach(pathNode::put);
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", CloudResources.ACCOUNT);
        context.put("apiId", "local");
        context.put("domainName", "127.0.0.1");
        context.put("domainPrefix", "local");
        ObjectNode http = context.putObject("http");
        http.put("method", route.method());
        http.put("path", exchange.getRequestURI().getRawPath());
        http.put("protocol", exchange.getProtocol());
        http.put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        http.put("userAgent", Optional.ofNullable(exchange.getRequestHeaders().getFirst("User-Agent")).orElse(""));
        context.put("requestId", requestId);
        context.put("routeKey", route.routeKey());
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(Instant.now()));
        context.put("timeEpoch", System.currentTimeMillis());
        if (claims != null) {
            ObjectNode claimNode = context.putObject("authorizer").putObject("jwt").putObject("claims");
            claims.getClaims().forEach((name, value) -> claimNode.put(name, claimText(value)));
            context.with("authorizer").with("jwt").putNull("scopes");
        }
        if (body.length > 0) {
            EventBody eventBody = EventBody.of(exchange.getRequestHeaders().getFirst("Content-Type"), body);
            event.put("body", eventBody.body());
            event.put("isBase64Encoded", eventBody.isBase64Encoded());
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    /**
     * A request body as API Gateway's HTTP API puts it into a payload format 2.0 event. AWS documents
     * only that the gateway infers the encoding from the {@code Content-Type} and base64-encodes a
     * binary body; a comparison against AWS (ministack pull request 766, 2026) found the split: text
     * for {@code text/*}, {@code application/json}, {@code application/xml} and
     * {@code application/javascript} (parameters aside), base64 for every other type, a missing one
     * and {@code application/x-www-form-urlencoded} included. A text type whose bytes are not valid
     * UTF-8 is base64-encoded too, so that the function sees the bytes that were sent, never
     * characters replaced by U+FFFD (what AWS does there is not documented).
     */
    record EventBody(String body, boolean isBase64Encoded) {
        private static final Set<String> TEXT_TYPES = Set.of("application/json", "application/xml", "application/javascript");

        static EventBody of(String contentType, byte[] body) {
            String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (mediaType.startsWith("text/") || TEXT_TYPES.contains(mediaType)) {
                try {
                    return new EventBody(StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(body)).toString(), false);
                } catch (CharacterCodingException notUtf8) {
                    // falls through to base64
                }
            }
            return new EventBody(Base64.getEncoder().encodeToString(body), true);
        }
    }

    /** API Gateway passes every claim as a string; lists become "[a b]". */
    private static String claimText(Object value) {
        if (value instanceof Date date) {
            return Long.toString(date.getTime() / 1000);
        }
        if (value instanceof List<?> list) {
            return "[" + String.join(" ", list.stream().map(String::valueOf).toList()) + "]";
        }
        return String.valueOf(value);
    }

    private static void respond(HttpExchange exchange, byte[] response, String requestId) throws IOException {
        JsonNode result = JSON.readTree(response);
        exchange.getResponseHeaders().set("apigw-requestid", requestId);
        if (result != null && result.isObject() && result.has("statusCode")) {
            // A function's own CORS headers give way to the API's, as API Gateway overrides them when CORS is configured.
            result.path("headers").fields().forEachRemaining(h -> {
                if (!h.getKey().toLowerCase(Locale.ROOT).startsWith("access-control-") || !exchange.getResponseHeaders().containsKey("access-control-allow-origin")) {
                    exchange.getResponseHeaders().set(h.getKey(), h.getValue().asText());
                }
            });
            String body = result.path("body").asText("");
            byte[] bytes = result.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
            send(exchange, result.path("statusCode").asInt(200), bytes);
        } else {
            exchange.getResponseHeaders().set("content-type", "application/json");
            send(exchange, 200, response);
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        exchange.getResponseHeaders().set("content-type", "application/json");
        send(exchange, status, json.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_PAYLOAD + 1);
        return bytes.length > MAX_PAYLOAD ? null : bytes;
    }

    private static Map<String, String> query(String raw) {
        var query = new LinkedHashMap<String, String>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.merge(name, value, (a, b) -> a + "," + b);
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
