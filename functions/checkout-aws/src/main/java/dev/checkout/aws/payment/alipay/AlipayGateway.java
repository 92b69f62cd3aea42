package dev.checkout.aws.payment.alipay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.aws.lambda.Json;
import dev.checkout.domain.PaymentProviderUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Alipay's OpenAPI gateway: one signed form POST per call, one signed JSON answer. Every answer's signature is
 * checked before anything in it is read; an answer that does not verify is never trusted.
 */
final class AlipayGateway {
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    static final String SUCCESS = "10000";
    /** {@code 20000}: the gateway failed on its side; the call's outcome is unknown. */
    static final String SERVICE_UNAVAILABLE = "20000";

    private final AlipayConfig config;
    private final HttpClient http;
    private final Clock clock;

    AlipayGateway(AlipayConfig config, HttpClient http, Clock clock) {
        Objects.requireNonNull(config.appPrivateKey(), "the app private key (it signs the gateway's requests)");
        this.config = config;
        this.http = http;
        this.clock = clock;
    }

    static HttpClient httpClient(AlipayConfig config) {
        return HttpClient.newBuilder().connectTimeout(config.connectTimeout()).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The common parameters, {@code biz_content} and {@code extra}, signed with the app's key. */
    Map<String, String> signedParameters(String method, ObjectNode bizContent, Map<String, String> extra) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("app_id", config.appId());
        params.put("method", method);
        params.put("format", "JSON");
        params.put("charset", "utf-8");
        params.put("sign_type", AlipayRsa2.SIGN_TYPE);
        params.put("timestamp", TIMESTAMP.format(clock.instant().atZone(BEIJING)));
        params.put("version", "1.0");
        params.putAll(extra);
        params.put("biz_content", Json.write(bizContent));
        params.put("sign", AlipayRsa2.sign(AlipayRsa2.requestContent(params), config.appPrivateKey()));
        return params;
    }

    /** The gateway URL with {@code params} in its query, e.g. for page pay, where the browser makes the call. */
    String url(Map<String, String> params) {
        String gateway = config.gateway().toString();
        return gateway + (gateway.contains("?") ? "&" : "?") + form(params);
    }

    /**
     * Sends {@code method} and returns its verified answer.
     *
     * @throws UnknownOutcome when the call may or may not have been carried out: no answer in time, a broken
     *     connection, HTTP 5xx, code {@code 20000} or {@code ACQ.SYSTEM_ERROR}
     * @throws PaymentProviderUnavailableException when the answer cannot be trusted or read (a signature that does not
     *     verify, an unsigned answer, an unexpected status)
     */
    Reply call(String method, ObjectNode bizContent, Map<String, String> extra) throws UnknownOutcome {
        String body = form(signedParameters(method, bizContent, extra));
        HttpRequest request = HttpRequest.newBuilder(config.gateway())
                .timeout(config.readTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UnknownOutcome(method + ": no answer (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PaymentProviderUnavailableException("interrupted while calling Alipay " + method);
        }
        if (response.statusCode() >= 500) {
            throw new UnknownOutcome(method + ": HTTP " + response.statusCode());
        }
        if (response.statusCode() != 200) {
            throw new PaymentProviderUnavailableException("Alipay answered " + method + " with HTTP " + response.statusCode());
        }
        Reply reply = verified(method, response.body());
        if (reply.code().equals(SERVICE_UNAVAILABLE) || "ACQ.SYSTEM_ERROR".equals(reply.subCode())) {
            throw new UnknownOutcome(method + ": " + reply.describe());
        }
        return reply;
    }

    private Reply verified(String method, String text) {
        String member = method.replace('.', '_') + "_response";
        Optional<String> signed = AlipayRsa2.responseObjectText(text, member);
        if (signed.isEmpty()) {
            member = "error_response";
            signed = AlipayRsa2.responseObjectText(text, member);
        }
        if (signed.isEmpty()) {
            throw new PaymentProviderUnavailableException("Alipay's answer to " + method + " holds no " + method.replace('.', '_')
                    + "_response");
        }
        JsonNode document;
        try {
            document = Json.parse(text);
        } catch (UncheckedIOException e) {
            throw new PaymentProviderUnavailableException("Alipay's answer to " + method + " is not JSON");
        }
        String sign = document.path("sign").asText("");
        if (!AlipayRsa2.verify(signed.get(), sign, config.alipayPublicKey())) {
            JsonNode unsigned = document.path(member);
            throw new PaymentProviderUnavailableException("Alipay's answer to " + method + " is " + (sign.isEmpty() ? "unsigned" : "not signed by Alipay's key")
                    + " and is not trusted (it said " + unsigned.path("code").asText("?") + " " + unsigned.path("sub_code").asText("") + ")");
        }
        JsonNode answer = document.path(member);
        return new Reply(answer.path("code").asText(""), text(answer, "sub_code"), text(answer, "sub_msg"), answer);
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isValueNode() || value.asText().isEmpty() ? null : value.asText();
    }

    /** A verified answer: {@code code} ({@code 10000} success, {@code 40004} business refusal...), {@code sub_code}, the object. */
    record Reply(String code, String subCode, String subMsg, JsonNode body) {
        boolean isSuccess() {
            return SUCCESS.equals(code);
        }

        String describe() {
            return code + (subCode != null ? " " + subCode : "") + (subMsg != null ? " (" + subMsg + ")" : "");
        }
    }

    /** The call may or may not have been carried out. */
    static final class UnknownOutcome extends Exception {
        UnknownOutcome(String message) {
            super(message, null, false, false);
        }
    }
}
