package dev.checkout.aws.testing;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.interaction.request.CustomRequestValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.aws.lambda.Json;
import dev.checkout.aws.testing.ApiEvent.ApiResult;
import dev.checkout.local.services.ProjectFiles;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP API contract, {@code infrastructure/openapi.yaml}, as a test oracle: checks a request the
 * handler was given and the response it answered against the spec with the Atlassian OpenAPI
 * validator, and fails with the validator's messages. The spec is parsed once per test JVM.
 */
public final class OpenApiContract {
    public static final String SPEC = "infrastructure/openapi.yaml";
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static OpenApiContract shared;

    private final OpenApiInteractionValidator validator;

    private OpenApiContract(OpenApiInteractionValidator validator) {
        this.validator = validator;
    }

    /** The project's contract; fails if the spec does not parse. */
    public static synchronized OpenApiContract load() {
        if (shared == null) {
            String url = ProjectFiles.locate(SPEC).toUri().toString();
            OpenAPI api = new OpenAPIV3Parser().read(url);
            shared = new OpenApiContract(OpenApiInteractionValidator.createForSpecificationUrl(url)
                    .withCustomRequestValidation(inheritedBearerAuth(api))
                    .build());
        }
        return shared;
    }

    /**
     * The validator checks only the security an operation declares itself; this applies the
     * document's global requirement (bearer tokens) to the operations that inherit it.
     */
    private static CustomRequestValidator inheritedBearerAuth(OpenAPI api) {
        boolean globalBearer = api.getSecurity() != null && api.getSecurity().stream().anyMatch(requirement -> requirement.keySet().stream()
                .map(name -> api.getComponents().getSecuritySchemes().get(name))
                .anyMatch(scheme -> scheme.getType() == SecurityScheme.Type.HTTP && "bearer".equalsIgnoreCase(scheme.getScheme())));
        return (request, operation) -> {
            boolean inherits = operation.getOperation().getSecurity() == null;
            boolean bearer = request.getHeaderValue("Authorization").filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7)).isPresent();
            if (!globalBearer || !inherits || bearer) {
                return ValidationReport.empty();
            }
            return ValidationReport.singleton(ValidationReport.Message.create("validation.request.security.missing",
                    operation.getMethod() + " " + operation.getApiPath().original() + " requires a bearer token (global security). None found.").build());
        };
    }

    /**
     * One call as the client made it and as the API answered it. Header names are matched without
     * regard to case; an empty or null body means none.
     */
    public record Exchange(
            String method,
            String path,
            Map<String, String> query,
            Map<String, String> requestHeaders,
            String requestBody,
            int status,
            Map<String, String> responseHeaders,
            String responseBody) {

        public Exchange {
            query = Map.copyOf(query);
            requestHeaders = Map.copyOf(requestHeaders);
            responseHeaders = Map.copyOf(responseHeaders);
        }

        /**
         * The call an API Gateway event stands for (method, the route's path with the event's path
         * parameters, query, headers, body decoded from base64 when it is) and what the handler answered.
         */
        public static Exchange of(ApiEvent event, ApiResult result) {
            JsonNode json = event.json();
            String routeKey = json.path("routeKey").asText();
            String method = json.path("requestContext").path("http").path("method").asText(routeKey.split(" ", 2)[0]);
            String body = null;
            if (json.hasNonNull("body")) {
                body = json.path("isBase64Encoded").asBoolean(false)
                        ? new String(Base64.getDecoder().decode(json.path("body").asText()), StandardCharsets.UTF_8)
                        : json.path("body").asText();
            }
            return new Exchange(method, path(routeKey.split(" ", 2)[1], json.path("pathParameters")),
                    strings(json.path("queryStringParameters")), strings(json.path("headers")), body,
                    result.status(), strings(result.headers()), Json.write(result.body()));
        }

        private static String path(String template, JsonNode parameters) {
            Matcher matcher = PATH_PARAMETER.matcher(template);
            var path = new StringBuilder();
            while (matcher.find()) {
                JsonNode value = parameters.get(matcher.group(1));
                if (value == null) {
                    throw new IllegalArgumentException("the event has no path parameter " + matcher.group(1) + " for " + template);
                }
                matcher.appendReplacement(path, Matcher.quoteReplacement(value.asText()));
            }
            matcher.appendTail(path);
            return path.toString();
        }

        private static Map<String, String> strings(JsonNode node) {
            var map = new LinkedHashMap<String, String>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
            return map;
        }
    }

    /** The request and the response both conform to the contract. */
    public void assertConforms(Exchange exchange) {
        List<String> problems = new ArrayList<>(requestViolations(exchange));
        problems.addAll(responseViolations(exchange));
        fail(exchange, "does not conform to " + SPEC, problems);
    }

    /** The response conforms, whatever the request was (for requests that are wrong on purpose). */
    public void assertResponseConforms(Exchange exchange) {
        fail(exchange, "answered outside " + SPEC, responseViolations(exchange));
    }

    /** The contract itself refuses the request: a client reading the spec would not have sent it. */
    public void assertRequestViolatesContract(Exchange exchange) {
        if (requestViolations(exchange).isEmpty()) {
            throw new AssertionError(describe(exchange) + "\n  the request conforms to " + SPEC
                    + ", but the handler refused it; the spec should say why");
        }
    }

    public List<String> requestViolations(Exchange exchange) {
        return messages("request", validator.validateRequest(request(exchange)));
    }

    public List<String> responseViolations(Exchange exchange) {
        return messages("response", validator.validateResponse(exchange.path(), method(exchange), response(exchange)));
    }

    private static Request request(Exchange exchange) {
        var builder = new SimpleRequest.Builder(method(exchange), exchange.path());
        exchange.query().forEach(builder::withQueryParam);
        exchange.requestHeaders().forEach(builder::withHeader);
        if (exchange.requestBody() != null && !exchange.requestBody().isEmpty()) {
            builder.withBody(exchange.requestBody());
        }
        return builder.build();
    }

    private static Response response(Exchange exchange) {
        var builder = SimpleResponse.Builder.status(exchange.status());
        exchange.responseHeaders().forEach(builder::withHeader);
        if (exchange.responseBody() != null && !exchange.responseBody().isEmpty()) {
            builder.withBody(exchange.responseBody());
        }
        return builder.build();
    }

    private static Request.Method method(Exchange exchange) {
        return Request.Method.valueOf(exchange.method().toUpperCase(Locale.ROOT));
    }

    private static List<String> messages(String side, ValidationReport report) {
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> side + " " + m.getKey() + ": " + m.getMessage()
                        + (m.getAdditionalInfo().isEmpty() ? "" : " " + m.getAdditionalInfo()))
                .toList();
    }

    private static void fail(Exchange exchange, String what, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new AssertionError(describe(exchange) + "\n  " + what + ":\n  - " + String.join("\n  - ", problems));
        }
    }

    private static String describe(Exchange exchange) {
        return exchange.method() + " " + exchange.path() + (exchange.query().isEmpty() ? "" : " " + exchange.query())
                + " -> " + exchange.status() + " " + exchange.responseBody();
    }
}
