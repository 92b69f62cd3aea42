package dev.checkout.aws.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.aws.logging.JsonLogFormatter;
import dev.checkout.aws.testing.ApiEvent;
import dev.checkout.aws.testing.ApiEvent.ApiResult;
import dev.checkout.domain.StorageUnavailableException;
import dev.checkout.domain.ValidationException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unit tier: what every HTTP function does before and after its handler, on a stand-in function whose
 * {@code POST /orders} echoes its JSON body and whose {@code GET /orders/{orderId}} reads none: the
 * media type of a JSON body (415), Unicode in bodies, parameters and headers (400), and one log line
 * for each 5xx.
 */
@Tag("unit")
class HttpFunctionTest {
    private static final String REQUEST_ID = "Jx1Yk-sample-request-id";

    private final EchoFunction function = new EchoFunction();
    private final List<LogRecord> logged = new ArrayList<>();
    /** Each record as the functions' log format writes it, formatted while the request is served. */
    private final List<JsonNode> lines = new ArrayList<>();
    private final Logger log = Logger.getLogger(HttpFunction.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
            String line = new JsonLogFormatter().format(record);
            assertEquals(1, line.lines().count(), "one line per record");
            lines.add(Json.parse(line));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** Reads a JSON body on POST, none on GET; fails on demand. */
    private static final class EchoFunction extends HttpFunction {
        RuntimeException failure;
        boolean bodyRead;

        @Override
        protected HttpResponse handle(HttpRequest request) {
            if (failure != null) {
                throw failure;
            }
            if (request.method().equals("GET")) {
                return HttpResponse.ok(Json.object().put("order", request.pathParameter("orderId")));
            }
            request.idempotencyKey();
            JsonBody body = request.jsonBody();
            bodyRead = true;
            return HttpResponse.ok(body.node());
        }
    }

    @BeforeEach
    void captureTheLog() {
        log.addHandler(capture);
    }

    @AfterEach
    void releaseTheLog() {
        log.removeHandler(capture);
    }

    private static ApiEvent post(String contentType, String body) {
        ApiEvent event = ApiEvent.from("create-order.json").body(body);
        return contentType == null ? event.withoutHeader("content-type") : event.header("content-type", contentType);
    }

    private static void assertError(ApiResult result, int status, String code) {
        assertEquals(status, result.status(), result.body().toString());
        assertEquals(code, result.errorCode());
        assertEquals(REQUEST_ID, result.body().path("error").path("requestId").asText());
    }

    static Stream<String> notJson() {
        return Stream.of("text/plain", "text/plain; charset=utf-8", "application/octet-stream", null, "",
                "application/json; charset=iso-8859-1", "application/json; charset=utf-16", "application/json; charset=utf8",
                "application/merge-patch+json", "application/problem+json", "application/x-www-form-urlencoded", "application/xml",
                "application/json, text/plain", "application/jsonx", "json", "application/json; charset", "application/json; charset=\"utf-8");
    }

    @ParameterizedTest(name = "Content-Type: {0}")
    @MethodSource("notJson")
    void jsonRoute_refuses415_whenTheBodyIsNotSentAsJson(String contentType) {
        ApiResult result = post(contentType, "{\"items\":[]}").invoke(function);

        assertError(result, 415, "UNSUPPORTED_MEDIA_TYPE");
        assertFalse(function.bodyRead);
    }

    @ParameterizedTest(name = "Content-Type: {0}")
    @MethodSource("notJson")
    void jsonRoute_refuses415_whenTheGatewayBase64EncodedTheBody(String contentType) {
        ApiEvent event = post(contentType, "x").base64Body("{\"items\":[]}".getBytes(StandardCharsets.UTF_8));

        assertError(event.invoke(function), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @ParameterizedTest(name = "Content-Type: {0}")
    @ValueSource(strings = {"application/json", "Application/JSON", "application/json; charset=utf-8", "application/json;charset=UTF-8",
            "application/json; charset=\"utf-8\"", "application/json ; charset=Utf-8 ; q=1", "application/json;"})
    void jsonRoute_takesJson_inUtf8_howeverTheTypeIsSpelled(String contentType) {
        ApiResult result = post(contentType, "{\"items\":[]}").invoke(function);

        assertEquals(200, result.status(), result.body().toString());
        assertTrue(function.bodyRead);
    }

    @ParameterizedTest(name = "Content-Type: {0}")
    @MethodSource("notJson")
    void jsonRoute_withoutABody_isRefusedForTheMissingBody_notForItsType(String contentType) {
        ApiResult result = post(contentType, "x").withoutBody().invoke(function);

        assertError(result, 400, "VALIDATION_FAILED");
    }

    @Test
    void routeWithoutABody_isUnaffected_whenNoBodyAndNoContentTypeAreSent() {
        ApiResult result = ApiEvent.from("get-order.json").withoutHeader("content-type").withoutBody().invoke(function);

        assertEquals(200, result.status(), result.body().toString());
    }

    static Stream<Arguments> invalidUtf8() {
        return Stream.of(
                Arguments.of("a byte that starts nothing", "ff"),
                Arguments.of("a lead byte without its continuation", "c328"),
                Arguments.of("a truncated sequence", "e282"),
                Arguments.of("a lone surrogate encoded as UTF-8 (CESU)", "eda080"),
                Arguments.of("a surrogate pair encoded as two three-byte sequences", "eda0bdedb880"),
                Arguments.of("an overlong slash", "c0af"),
                Arguments.of("a five-byte sequence", "f888808080"),
                Arguments.of("a code point above U+10FFFF", "f4908080"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUtf8")
    void jsonBody_withBytesThatAreNotUtf8_isRefused400(String what, String hex) {
        byte[] prefix = "{\"name\":\"mug ".getBytes(StandardCharsets.UTF_8);
        byte[] bad = HexFormat.of().parseHex(hex);
        byte[] suffix = "\"}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + bad.length + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(bad, 0, body, prefix.length, bad.length);
        System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);

        ApiResult result = post("application/json", "x").base64Body(body).invoke(function);

        assertError(result, 400, "VALIDATION_FAILED");
        assertEquals("the body is not valid UTF-8 text", result.body().path("error").path("message").asText());
        assertFalse(function.bodyRead);
    }

    static Stream<Arguments> unpairedSurrogates() {
        return Stream.of(
                Arguments.of("{\"name\":\"\\ud800\"}", "name"),
                Arguments.of("{\"name\":\"mug \\udc00 blue\"}", "name"),
                Arguments.of("{\"name\":\"\\ude00\\ud83d\"}", "name"),
                Arguments.of("{\"items\":[{\"sku\":\"MUG-01\"},{\"sku\":\"\\uDBFF\"}]}", "items[1].sku"),
                Arguments.of("{\"price\":{\"currency\":\"US\\ud800\"}}", "price.currency"),
                Arguments.of("{\"ignored\":{\"deep\":[\"\\ud800\"]}}", "ignored.deep[0]"),
                Arguments.of("{\"\\ud800\":1}", "a key of the document"),
                Arguments.of("{\"price\":{\"\\udfff\":1}}", "a key of price"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unpairedSurrogates")
    void jsonBody_withAnEscapedUnpairedSurrogate_isRefused400_namingWhere(String body, String where) {
        ApiResult result = post("application/json", body).invoke(function);

        assertError(result, 400, "VALIDATION_FAILED");
        assertTrue(result.body().path("error").path("message").asText().startsWith(where + " must be valid Unicode"), result.body().toString());
        assertFalse(function.bodyRead);
    }

    @Test
    void jsonBody_withAnUnpairedSurrogateInTheEventsText_isRefused400() {
        ApiResult result = post("application/json", "{\"name\":\"mug \uD800\"}").invoke(function);

        assertError(result, 400, "VALIDATION_FAILED");
        assertFalse(function.bodyRead);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"name\":\"\\ud83d\\ude00\"}", "{\"name\":\"\uD83D\uDE00 Grüße 東京\"}"})
    void jsonBody_withSurrogatePairs_andOtherNonAsciiText_isTaken(String body) {
        ApiResult base64 = post("application/json", "x").base64Body(body.getBytes(StandardCharsets.UTF_8)).invoke(function);
        ApiResult text = post("application/json", body).invoke(function);

        assertEquals(200, base64.status(), base64.body().toString());
        assertEquals(200, text.status(), text.body().toString());
        assertEquals(Json.parse(body), base64.body());
    }

    @Test
    void pathParameter_withAnUnpairedSurrogate_isRefused400() {
        ApiResult result = ApiEvent.from("get-order.json").pathParameter("orderId", "ord_\uD800").invoke(function);

        assertError(result, 400, "VALIDATION_FAILED");
        assertEquals("path parameter orderId must be valid Unicode text (it holds an unpaired UTF-16 surrogate)",
                result.body().path("error").path("message").asText());
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badQueries")
    void queryParameter_withAnUnpairedSurrogate_inItsNameOrValue_isRefused400(String name, String value) {
        assertError(ApiEvent.from("get-order.json").query(name, value).invoke(function), 400, "VALIDATION_FAILED");
    }

    static Stream<Arguments> badQueries() {
        return Stream.of(Arguments.of("nextToken", "\uDC00"), Arguments.of("limit", "1\uD800"), Arguments.of("x\uD800", "1"));
    }

    @Test
    void idempotencyKeyHeader_withAnUnpairedSurrogate_isRefused400() {
        ApiResult result = post("application/json", "{}").header("idempotency-key", "key-\uD800").invoke(function);

        assertError(result, 400, "VALIDATION_FAILED");
        assertFalse(function.bodyRead);
    }

    @Test
    void a503_isLoggedAsOneJsonLine_withTheRequestId_theCode_andTheCauseChain() {
        function.failure = new StorageUnavailableException("the table is unavailable: ProvisionedThroughputExceededException",
                new IllegalStateException("throttled", new SocketTimeoutException("read timed out")));

        ApiResult result = post("application/json", "{}").invoke(function);

        assertError(result, 503, "STORAGE_UNAVAILABLE");
        LogRecord record = onlyRecord();
        assertEquals(Level.SEVERE, record.getLevel());
        assertEquals("request " + REQUEST_ID + " answered 503 STORAGE_UNAVAILABLE: cause "
                + "dev.checkout.domain.StorageUnavailableException: the table is unavailable: ProvisionedThroughputExceededException"
                + "; caused by java.lang.IllegalStateException: throttled"
                + "; caused by java.net.SocketTimeoutException: read timed out", record.getMessage());
        JsonNode line = lines.get(0);
        assertEquals("ERROR", line.path("level").asText());
        assertEquals(REQUEST_ID, line.path("requestId").asText());
        assertEquals("dev.checkout.domain.StorageUnavailableException", line.path("errorType").asText());
        assertTrue(line.path("stackTrace").asText().contains("at dev.checkout.aws.lambda.HttpFunctionTest.a503_"), line::toString);
        assertTrue(line.path("stackTrace").asText().contains("Caused by: java.net.SocketTimeoutException: read timed out"), line::toString);
    }

    @Test
    void a500_isLoggedAsOneJsonLine_withTheRequestId_andTheCause_butTheAnswerNamesNothingOfIt() {
        function.failure = new IllegalStateException("inbox entry vanished:\nstripe#evt_1", new ArithmeticException("overflow"));

        ApiResult result = post("application/json", "{}").invoke(function);

        assertError(result, 500, "INTERNAL_ERROR");
        assertFalse(result.body().toString().contains("vanished"));
        assertEquals("request " + REQUEST_ID + " answered 500 INTERNAL_ERROR: cause java.lang.IllegalStateException: inbox entry vanished:\nstripe#evt_1"
                + "; caused by java.lang.ArithmeticException: overflow", onlyRecord().getMessage());
        assertEquals(REQUEST_ID, lines.get(0).path("requestId").asText());
        assertEquals("ERROR", lines.get(0).path("level").asText());
    }

    @Test
    void a4xx_logsNothing() {
        function.failure = new ValidationException("quantity must be from 1 to 1000");

        assertError(post("application/json", "{}").invoke(function), 400, "VALIDATION_FAILED");
        assertError(post("text/plain", "{}").invoke(new EchoFunction()), 415, "UNSUPPORTED_MEDIA_TYPE");

        assertEquals(List.of(), logged);
    }

    private LogRecord onlyRecord() {
        assertEquals(1, logged.size(), () -> logged.stream().map(LogRecord::getMessage).toList().toString());
        return logged.get(0);
    }
}
