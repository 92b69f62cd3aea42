package dev.checkout.local.cloud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.local.cloud.HttpApiGateway.EventBody;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Unit tier: how the local gateway puts a request body into the event, as API Gateway's HTTP API does. */
@Tag("unit")
class HttpApiGatewayEventBodyTest {
    private static final byte[] JSON = "{\"name\":\"Grüße \uD83C\uDF75\"}".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest(name = "Content-Type: {0}")
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "Application/JSON", "text/plain", "text/csv; charset=utf-8",
            "application/xml", "application/javascript"})
    void textTypes_withValidUtf8_arePassedAsText(String contentType) {
        EventBody body = EventBody.of(contentType, JSON);

        assertFalse(body.isBase64Encoded());
        assertEquals(new String(JSON, StandardCharsets.UTF_8), body.body());
    }

    @ParameterizedTest(name = "Content-Type: {0}")
    @NullSource
    @ValueSource(strings = {"", "application/octet-stream", "application/x-www-form-urlencoded", "application/problem+json", "image/png", "multipart/form-data"})
    void otherTypes_andNone_areBase64Encoded(String contentType) {
        EventBody body = EventBody.of(contentType, JSON);

        assertTrue(body.isBase64Encoded());
        assertArrayEquals(JSON, Base64.getDecoder().decode(body.body()));
    }

    @ParameterizedTest(name = "bytes {0}")
    @ValueSource(strings = {"ff", "eda080", "c328", "e282"})
    void aTextTypeWhoseBytesAreNotUtf8_isBase64Encoded_soTheFunctionSeesTheBytesSent(String hex) {
        byte[] sent = HexFormat.of().parseHex("7b226e616d65223a22" + hex + "227d");

        EventBody body = EventBody.of("application/json; charset=utf-8", sent);

        assertTrue(body.isBase64Encoded());
        assertArrayEquals(sent, Base64.getDecoder().decode(body.body()));
    }
}
