package dev.checkout.aws.payment.wechatpay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.checkout.aws.lambda.Json;
import dev.checkout.domain.PaymentProviderUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Signed calls to the WeChat Pay API v3 and verified answers. A call whose outcome is unknown (no answer, a 5xx,
 * {@code SYSTEM_ERROR}, {@code FREQUENCY_LIMITED}) is sent once more, re-signed, with the same body: every call
 * made here is keyed by an out_trade_no or out_refund_no, so repeating it moves no money twice. An answer whose
 * {@code Wechatpay-Signature} does not verify with the platform key, names another key, or is older or newer than
 * five minutes is never read: it counts as no answer.
 */
final class WeChatPayApi {
    private final WeChatPayConfig config;
    private final HttpClient http;
    private final Clock clock;

    WeChatPayApi(WeChatPayConfig config, HttpClient http, Clock clock) {
        Objects.requireNonNull(config.merchantPrivateKey(), "the merchant private key (it signs the API's requests)");
        this.config = config;
        this.http = http;
        this.clock = clock;
    }

    /** A verified answer: status and body ({@code code} and {@code message} on an error). */
    record Answer(int status, JsonNode body, String requestId) {
        String code() {
            return body.path("code").asText("");
        }

        String message() {
            return body.path("message").asText("");
        }

        /** Status, code and WeChat Pay's request id, for an error message (never the request). */
        String describe() {
            return "HTTP " + status + " " + code() + ", Request-ID " + requestId;
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    Answer get(String pathAndQuery, String what) {
        return call("GET", pathAndQuery, null, what);
    }

    Answer post(String path, JsonNode body, String what) {
        return call("POST", path, Json.write(body), what);
    }

    private Answer call(String method, String pathAndQuery, String body, String what) {
        Optional<Answer> first = attempt(method, pathAndQuery, body);
        if (first.isPresent() && !unknownOutcome(first.get())) {
            return first.get();
        }
        // Unknown outcome: ask again under the same out_trade_no / out_refund_no.
        Optional<Answer> second = attempt(method, pathAndQuery, body);
        if (second.isPresent() && !unknownOutcome(second.get())) {
            return second.get();
        }
        throw new PaymentProviderUnavailableException("WeChat Pay could not " + what + second
                .map(answer -> " (HTTP " + answer.status() + " " + answer.code() + ", Request-ID " + answer.requestId() + ")")
                .orElse(" (no verified answer)"));
    }

    private static boolean unknownOutcome(Answer answer) {
        return answer.status() >= 500 || answer.status() == 429
                || answer.code().equals("SYSTEM_ERROR") || answer.code().equals("SYSTEMERROR")
                || answer.code().equals("FREQUENCY_LIMITED");
    }

    /** One signed request; empty when there was no answer or it did not verify. */
    private Optional<Answer> attempt(String method, String pathAndQuery, String body) {
        byte[] bodyBytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        String nonce = WeChatPaySignatures.nonce();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.baseUri().toString().replaceAll("/$", "") + pathAndQuery))
                .timeout(config.readTimeout())
                .header("Accept", "application/json")
                .header("User-Agent", "serverless-checkout")
                .header("Authorization", WeChatPaySignatures.authorization(config.mchId(), config.merchantSerialNumber(),
                        config.merchantPrivateKey(), method, pathAndQuery, timestamp, nonce, bodyBytes));
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bodyBytes));
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PaymentProviderUnavailableException("interrupted while waiting for WeChat Pay");
        }
        if (!verified(response)) {
            return Optional.empty();
        }
        return Optional.of(new Answer(response.statusCode(), parse(response.body()),
                response.headers().firstValue("Request-ID").orElse("none")));
    }

    private boolean verified(HttpResponse<byte[]> response) {
        String timestamp = response.headers().firstValue("Wechatpay-Timestamp").orElse(null);
        String nonce = response.headers().firstValue("Wechatpay-Nonce").orElse(null);
        String serial = response.headers().firstValue("Wechatpay-Serial").orElse(null);
        String signature = response.headers().firstValue("Wechatpay-Signature").orElse(null);
        if (timestamp == null || nonce == null || signature == null || !config.platformPublicKeyId().equals(serial)) {
            return false;
        }
        try {
            if (Math.abs(clock.instant().getEpochSecond() - Long.parseLong(timestamp.trim())) > WeChatPaySignatures.TOLERANCE_SECONDS) {
                return false;
            }
        } catch (NumberFormatException e) {
            return false;
        }
        return WeChatPaySignatures.verify(config.platformPublicKey(),
                WeChatPaySignatures.responseMessage(timestamp, nonce, response.body()), signature);
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return Json.parse(new String(body, StandardCharsets.UTF_8));
        } catch (UncheckedIOException e) {
            return MissingNode.getInstance();
        }
    }
}
