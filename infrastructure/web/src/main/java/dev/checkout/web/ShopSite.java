package dev.checkout.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves the shop's static site (the classpath's {@code site/} folder, the same files that are uploaded to S3 on AWS)
 * with its {@code config.json}, written here from what the caller gives, as it is uploaded beside the files on AWS.
 * With a {@link LocalSignIn}, {@code POST /_local/sign-in} ({@code {"user": "alice"}}) answers a token for one of
 * the local issuer's users, the local stand-in for the identity provider's sign-in page.
 */
public final class ShopSite implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    /** Gives a browser a token for a user of the local issuer, or nothing for a user it does not know. */
    public interface LocalSignIn {
        Optional<String> token(String user);
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] config;
    private final LocalSignIn signIn;

    private ShopSite(HttpServer server, ExecutorService executor, byte[] config, LocalSignIn signIn) {
        this.server = server;
        this.executor = executor;
        this.config = config;
        this.signIn = signIn;
    }

    /**
     * Starts serving on {@code host:port} (0 picks a free port).
     *
     * @param config what the site reads from {@code config.json}: {@code apiUrl}, and {@code auth} (see README)
     * @param signIn the local sign-in, or null for none
     */
    public static ShopSite start(String host, int port, ObjectNode config, LocalSignIn signIn) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
            Thread thread = new Thread(r, "shop-site");
            thread.setDaemon(true);
            return thread;
        });
        var site = new ShopSite(server, executor, JSON.writeValueAsBytes(config), signIn);
        server.createContext("/", site::serve);
        server.setExecutor(executor);
        server.start();
        return site;
    }

    public InetSocketAddress boundAddress() {
        return server.getAddress();
    }

    public URI url() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            exchange.getResponseHeaders().set("x-content-type-options", "nosniff");
            exchange.getResponseHeaders().set("referrer-policy", "no-referrer");
            if (path.equals("/_local/sign-in") && signIn != null) {
                signIn(exchange, method);
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                send(exchange, 405, "text/plain; charset=utf-8", "method not allowed".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (path.equals("/config.json")) {
                exchange.getResponseHeaders().set("cache-control", "no-store");
                send(exchange, 200, TYPES.get("json"), config);
                return;
            }
            String file = path.equals("/") ? "index.html" : path.substring(1);
            byte[] bytes = file.contains("..") ? null : resource(file);
            if (bytes == null) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            exchange.getResponseHeaders().set("cache-control", "no-cache");
            String extension = file.substring(file.lastIndexOf('.') + 1);
            send(exchange, 200, TYPES.getOrDefault(extension, "application/octet-stream"), bytes);
        }
    }

    private void signIn(HttpExchange exchange, String method) throws IOException {
        if (!method.equals("POST")) {
            send(exchange, 405, TYPES.get("json"), "{\"message\":\"use POST\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(exchange.getRequestBody());
        } catch (IOException e) {
            body = null;
        }
        String user = body == null ? "" : body.path("user").asText("");
        Optional<String> token = signIn.token(user);
        if (token.isEmpty()) {
            send(exchange, 400, TYPES.get("json"), JSON.writeValueAsBytes(JSON.createObjectNode().put("message", "no local user '" + user + "'")));
            return;
        }
        exchange.getResponseHeaders().set("cache-control", "no-store");
        send(exchange, 200, TYPES.get("json"), JSON.writeValueAsBytes(JSON.createObjectNode().put("user", user).put("token", token.get())));
    }

    private static byte[] resource(String file) throws IOException {
        try (InputStream in = ShopSite.class.getClassLoader().getResourceAsStream("site/" + file)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("content-type", type);
        boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
