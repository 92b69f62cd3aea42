package dev.checkout.aws.lambda;

import dev.checkout.domain.Text;
import dev.checkout.domain.UnauthenticatedException;
import dev.checkout.domain.ValidationException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An API Gateway HTTP API request (payload format 2.0) as the handlers see it: headers lower-cased,
 * the body as the bytes the client sent (decoded from base64 when the gateway encoded it), the caller
 * taken from the claims that the JWT authorizer verified (never from the body).
 *
 * <p>Text from the request is valid Unicode or refused with 400: path and query parameters when the
 * request is built, a header when it is read, the body when it is read ({@link #body()} decodes it
 * as strict UTF-8, {@link #jsonBody()} also refuses a JSON escape of an unpaired surrogate). A route
 * whose body is JSON reads it with {@link #jsonBody()} or {@link #jsonText()}, which refuse a body of
 * another media type with 415.
 */
public record HttpRequest(
        String routeKey,
        String method,
        String path,
        Map<String, String> pathParameters,
        Map<String, String> queryParameters,
        Map<String, String> headers,
        byte[] rawBody,
        String requestId,
        Caller caller) {

    public HttpRequest {
        requireValidUnicode(pathParameters, "path parameter");
        requireValidUnicode(queryParameters, "query parameter");
    }

    private static void requireValidUnicode(Map<String, String> parameters, String kind) {
        parameters.forEach((name, value) -> {
            Text.requireValid(name, "a " + kind + " name");
            Text.requireValid(value, kind + " " + name);
        });
    }

    /** The body as text, decoded as UTF-8 that must be well-formed (400 otherwise); empty when there is none. */
    public String body() {
        if (rawBody == null || rawBody.length == 0) {
            return "";
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(rawBody))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ValidationException("the body is not valid UTF-8 text");
        }
    }

    /**
     * The JSON body's text exactly as it was sent (a webhook's signature is over it): 415 when a body
     * came with a {@code Content-Type} other than {@code application/json} (UTF-8), 400 when it is
     * not valid UTF-8. An empty body is returned empty, whatever its type, for the caller to refuse.
     */
    public String jsonText() {
        if (rawBody != null && rawBody.length > 0) {
            Optional<ContentType> type = header("content-type").flatMap(ContentType::parse);
            if (type.isEmpty() || !type.get().isJsonInUtf8()) {
                throw new UnsupportedMediaTypeException("the body must be JSON sent with Content-Type application/json (a charset, if given, must be utf-8)");
            }
        }
        return body();
    }

    /**
     * A form body's text exactly as it was sent (Alipay signs the parameters it holds): 415 unless it came with
     * {@code Content-Type application/x-www-form-urlencoded} in UTF-8, 400 when it is not valid UTF-8.
     */
    public String formText() {
        if (rawBody != null && rawBody.length > 0) {
            Optional<ContentType> type = header("content-type").flatMap(ContentType::parse);
            if (type.isEmpty() || !type.get().isFormInUtf8()) {
                throw new UnsupportedMediaTypeException("the body must be a form sent with Content-Type application/x-www-form-urlencoded (a charset, if given, must be utf-8)");
            }
        }
        return body();
    }

    /** The body of a route that takes a JSON object: {@link #jsonText()}, then {@link JsonBody#parse}. */
    public JsonBody jsonBody() {
        return JsonBody.parse(jsonText());
    }

    /** The verified caller, or 401. */
    public Caller requireCaller() {
        if (caller == null) {
            throw new UnauthenticatedException("a valid bearer token is required");
        }
        return caller;
    }

    public String pathParameter(String name) {
        String value = pathParameters.get(name);
        if (value == null || value.isEmpty()) {
            throw new ValidationException("path parameter " + name + " is missing");
        }
        return value;
    }

    public Optional<String> query(String name) {
        return Optional.ofNullable(queryParameters.get(name)).filter(v -> !v.isEmpty());
    }

    /** A header's value, blank treated as absent; a value that is not valid Unicode is 400. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)))
                .filter(v -> !v.isBlank())
                .map(v -> Text.requireValid(v, "the " + name + " header"));
    }

    /** The {@code Idempotency-Key} header: required, 1 to 255 printable ASCII characters. */
    public String idempotencyKey() {
        String key = header("idempotency-key").orElseThrow(() -> new ValidationException("the Idempotency-Key header is required"));
        if (key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new ValidationException("Idempotency-Key must be 1-255 printable ASCII characters without spaces");
        }
        return key;
    }
}
