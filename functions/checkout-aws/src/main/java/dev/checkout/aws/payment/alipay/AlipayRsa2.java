package dev.checkout.aws.payment.alipay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Alipay's RSA2 signatures: SHA256withRSA, base64.
 * <ul>
 *   <li>Requests: over every parameter except {@code sign} ({@code sign_type} included), sorted by name, joined
 *       {@code k=v&k=v} with the raw (not URL-encoded) values; empty values are left out.</li>
 *   <li>Notifications: the same, without {@code sign} and {@code sign_type}, over exactly the parameters received.</li>
 *   <li>Responses: over the exact JSON text of the {@code ..._response} object, as it stands in the response text
 *       ({@link #responseObjectText}): never a re-serialization, which may order or escape differently.</li>
 * </ul>
 */
public final class AlipayRsa2 {
    public static final String SIGN_TYPE = "RSA2";
    private static final String ALGORITHM = "SHA256withRSA";
    private static final JsonFactory JSON = new JsonFactory();

    private AlipayRsa2() {
    }

    /** The text a request's signature covers: every parameter but {@code sign}. */
    public static String requestContent(Map<String, String> params) {
        return content(params, Set.of("sign"));
    }

    /** The text a notification's signature covers: every parameter but {@code sign} and {@code sign_type}. */
    public static String notificationContent(Map<String, String> params) {
        return content(params, Set.of("sign", "sign_type"));
    }

    static String content(Map<String, String> params, Set<String> excluded) {
        StringBuilder content = new StringBuilder();
        for (Map.Entry<String, String> param : new TreeMap<>(params).entrySet()) {
            if (excluded.contains(param.getKey()) || param.getKey().isEmpty() || param.getValue() == null
                    || param.getValue().isEmpty()) {
                continue;
            }
            if (!content.isEmpty()) {
                content.append('&');
            }
            content.append(param.getKey()).append('=').append(param.getValue());
        }
        return content.toString();
    }

    /** The base64 SHA256withRSA signature of {@code content} (UTF-8). */
    public static String sign(String content, PrivateKey key) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(content.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with SHA256withRSA", e);
        }
    }

    /** Whether {@code sign} (base64) is {@code key}'s signature of {@code content}; false for malformed input. */
    public static boolean verify(String content, String sign, PublicKey key) {
        if (sign == null || sign.isBlank()) {
            return false;
        }
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(key);
            signature.update(content.getBytes(StandardCharsets.UTF_8));
            return signature.verify(Base64.getMimeDecoder().decode(sign));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The exact text of the top-level member {@code name} of the JSON object {@code responseText}, e.g. the
     * {@code {...}} of {@code "alipay_trade_query_response":{...}}: what Alipay signed. Empty when there is no such
     * member or the text is not a JSON object.
     */
    public static Optional<String> responseObjectText(String responseText, String name) {
        try (JsonParser parser = JSON.createParser(responseText)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals(name) && value == JsonToken.START_OBJECT) {
                    int start = (int) parser.currentTokenLocation().getCharOffset();
                    parser.skipChildren();
                    int end = (int) parser.currentLocation().getCharOffset();
                    return Optional.of(responseText.substring(start, end));
                }
                parser.skipChildren();
            }
            return Optional.empty();
        } catch (IOException malformed) {
            return Optional.empty();
        }
    }

    /** A PKCS#8 RSA private key, PEM ({@code -----BEGIN PRIVATE KEY-----}) or bare base64 as Alipay's console gives it. */
    public static PrivateKey privateKey(String pemOrBase64) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(pemOrBase64, "private")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PKCS#8 RSA private key (Alipay's console shows the app key as PKCS#8 base64)", e);
        }
    }

    /** An X.509 (SubjectPublicKeyInfo) RSA public key, PEM ({@code -----BEGIN PUBLIC KEY-----}) or bare base64. */
    public static PublicKey publicKey(String pemOrBase64) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pemOrBase64, "public")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an X.509 RSA public key", e);
        }
    }

    /** {@code key} as PEM. */
    public static String pem(java.security.Key key) {
        String type = key instanceof PrivateKey ? "PRIVATE KEY" : "PUBLIC KEY";
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String pemOrBase64, String what) {
        if (pemOrBase64 == null || pemOrBase64.isBlank()) {
            throw new IllegalArgumentException("the " + what + " key is missing");
        }
        String base64 = pemOrBase64.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + what + " key is neither PEM nor base64", e);
        }
    }
}
