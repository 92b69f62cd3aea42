package dev.checkout.local.payments;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * Stripe's webhook signature: {@code Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "t.payload")>}.
 * The whole secret, {@code whsec_} prefix included, is the HMAC key, as Stripe's libraries use it.
 */
public final class WebhookSignature {
    private WebhookSignature() {
    }

    public static String header(String payload, String secret, long timestamp) {
        return "t=" + timestamp + ",v1=" + hmacSha256Hex(secret, timestamp + "." + payload);
    }

    private static String hmacSha256Hex(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
