package dev.checkout.local.cloud;

import static dev.checkout.local.services.SamTemplate.asList;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An HTTP API's {@code CorsConfiguration} and what API Gateway does with it: it answers a preflight
 * ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) itself, before routes and the
 * authorizer, and adds the allowed origin and exposed headers to every answer to a request from an allowed origin.
 * An origin, method or request header the configuration does not allow gets no CORS headers, so the browser refuses.
 */
record CorsRules(List<String> allowOrigins, List<String> allowMethods, List<String> allowHeaders, List<String> exposeHeaders,
                 Integer maxAge, boolean allowCredentials) {

    static CorsRules none() {
        return new CorsRules(List.of(), List.of(), List.of(), List.of(), null, false);
    }

    /** From the template's {@code CorsConfiguration}, intrinsics already resolved. */
    static CorsRules from(Map<String, Object> configuration) {
        return new CorsRules(strings(configuration.get("AllowOrigins")), strings(configuration.get("AllowMethods")),
                strings(configuration.get("AllowHeaders")), strings(configuration.get("ExposeHeaders")),
                configuration.get("MaxAge") == null ? null : Integer.valueOf(String.valueOf(configuration.get("MaxAge"))),
                Boolean.parseBoolean(String.valueOf(configuration.get("AllowCredentials"))));
    }

    private static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        List<Object> list = value instanceof String s ? Arrays.asList((Object[]) s.split(",")) : asList(value);
        return list.stream().map(v -> String.valueOf(v).strip()).filter(v -> !v.isEmpty()).toList();
    }

    boolean isPreflight(String method, String origin, String requestMethod) {
        return method.equals("OPTIONS") && origin != null && requestMethod != null && !allowOrigins.isEmpty();
    }

    /** The value of {@code Access-Control-Allow-Origin} for {@code origin}, when it is allowed. */
    Optional<String> allowedOrigin(String origin) {
        if (origin == null) {
            return Optional.empty();
        }
        if (allowOrigins.contains("*")) {
            return Optional.of(allowCredentials ? origin : "*");
        }
        return allowOrigins.stream().anyMatch(o -> o.equalsIgnoreCase(origin)) ? Optional.of(origin) : Optional.empty();
    }

    /** The headers answering a preflight, or empty when the origin, the method or a requested header is not allowed. */
    Optional<Map<String, String>> preflight(String origin, String requestMethod, String requestHeaders) {
        Optional<String> allowed = allowedOrigin(origin);
        if (allowed.isEmpty() || !(allowMethods.contains("*") || allowMethods.stream().anyMatch(m -> m.equalsIgnoreCase(requestMethod)))) {
            return Optional.empty();
        }
        List<String> asked = requestHeaders == null ? List.of()
                : Arrays.stream(requestHeaders.split(",")).map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
        boolean headersAllowed = allowHeaders.contains("*")
                || asked.stream().allMatch(h -> allowHeaders.stream().anyMatch(a -> a.equalsIgnoreCase(h)));
        if (!headersAllowed) {
            return Optional.empty();
        }
        var headers = new java.util.LinkedHashMap<String, String>();
        headers.put("access-control-allow-origin", allowed.get());
        headers.put("access-control-allow-methods", String.join(",", allowMethods));
        if (!asked.isEmpty()) {
            headers.put("access-control-allow-headers", allowHeaders.contains("*") ? String.join(",", asked)
                    : allowHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.joining(",")));
        }
        if (maxAge != null) {
            headers.put("access-control-max-age", maxAge.toString());
        }
        if (allowCredentials) {
            headers.put("access-control-allow-credentials", "true");
        }
        return Optional.of(headers);
    }

    /** The headers added to an answer to a request from {@code origin}, or none when it is not allowed. */
    Map<String, String> response(String origin) {
        Optional<String> allowed = allowedOrigin(origin);
        if (allowed.isEmpty()) {
            return Map.of();
        }
        var headers = new java.util.LinkedHashMap<String, String>();
        headers.put("access-control-allow-origin", allowed.get());
        if (!exposeHeaders.isEmpty()) {
            headers.put("access-control-expose-headers", String.join(",", exposeHeaders));
        }
        if (allowCredentials) {
            headers.put("access-control-allow-credentials", "true");
        }
        if (!allowed.get().equals("*")) {
            headers.put("vary", "origin");
        }
        return headers;
    }
}
