package dev.checkout.aws.payment.wechatpay;

import dev.checkout.domain.ValidationException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * A merchant's WeChat Pay API v3 settings, in public-key mode (the platform's public key and its id
 * {@code PUB_KEY_ID_...}, no certificate download).
 *
 * @param mchId                 the merchant id ({@code mchid})
 * @param appId                 the app id the payments are made under ({@code appid})
 * @param merchantSerialNumber  the serial number of the merchant's API certificate, named in each request's Authorization
 * @param merchantPrivateKey    the merchant's RSA 2048 private key ({@code apiclient_key.pem}), signs requests; null where
 *                              only notifications are read
 * @param apiV3Key              the 32-byte APIv3 key, decrypts notification resources; null where only the API is called
 * @param platformPublicKeyId   the id of the platform public key, as the {@code Wechatpay-Serial} header names it
 * @param platformPublicKey     the platform's public key, verifies responses and notifications
 * @param baseUri               the API host, {@link #DEFAULT_BASE_URI} unless a simulator stands in
 * @param notifyUrl             where WeChat Pay sends payment and refund notifications (HTTPS, no query)
 * @param connectTimeout        to open a connection
 * @param readTimeout           for a whole answer
 */
public record WeChatPayConfig(
        String mchId,
        String appId,
        String merchantSerialNumber,
        PrivateKey merchantPrivateKey,
        String apiV3Key,
        String platformPublicKeyId,
        PublicKey platformPublicKey,
        URI baseUri,
        String notifyUrl,
        Duration connectTimeout,
        Duration readTimeout) {

    public static final URI DEFAULT_BASE_URI = URI.create("https://api.mch.weixin.qq.com");
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

    public WeChatPayConfig {
        requireText(mchId, "mchId");
        requireText(appId, "appId");
        requireText(merchantSerialNumber, "merchantSerialNumber");
        requireText(platformPublicKeyId, "platformPublicKeyId");
        requireText(notifyUrl, "notifyUrl");
        Objects.requireNonNull(platformPublicKey, "platformPublicKey");
        Objects.requireNonNull(baseUri, "baseUri");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        // A function holds only the keys its work needs: the merchant key where it calls the API, the APIv3 key where it
        // reads notifications; the other is null.
        if (apiV3Key != null && apiV3Key.getBytes(StandardCharsets.UTF_8).length != 32) {
            throw new ValidationException("the WeChat Pay APIv3 key must be 32 bytes");
        }
        if ((merchantPrivateKey != null && !"RSA".equals(merchantPrivateKey.getAlgorithm())) || !"RSA".equals(platformPublicKey.getAlgorithm())) {
            throw new ValidationException("WeChat Pay keys are RSA keys");
        }
        if (merchantPrivateKey != null && ((RSAKey) merchantPrivateKey).getModulus().bitLength() < 2048) {
            throw new ValidationException("the merchant key must be RSA 2048 or longer");
        }
        URI notify = URI.create(notifyUrl);
        if (notify.getScheme() == null || !notify.getScheme().startsWith("http") || notify.getRawQuery() != null) {
            throw new ValidationException("notifyUrl must be an http(s) URL without query parameters");
        }
        if (baseUri.getPath() != null && !baseUri.getPath().isEmpty() && !baseUri.getPath().equals("/")) {
            throw new ValidationException("baseUri is a scheme, host and port, without a path");
        }
    }

    /**
     * The settings from their stored text: keys as PEM ({@code -----BEGIN PRIVATE KEY-----} PKCS#8,
     * {@code -----BEGIN PUBLIC KEY-----} X.509) or the same bytes as bare base64; the official host and
     * default timeouts.
     */
    public static WeChatPayConfig of(String mchId, String appId, String merchantSerialNumber, String merchantPrivateKeyPem,
                                     String apiV3Key, String platformPublicKeyId, String platformPublicKeyPem, String notifyUrl) {
        return new WeChatPayConfig(mchId, appId, merchantSerialNumber, merchantPrivateKeyPem == null ? null : privateKey(merchantPrivateKeyPem), apiV3Key,
                platformPublicKeyId, publicKey(platformPublicKeyPem), DEFAULT_BASE_URI, notifyUrl,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    /** The same settings against another host (a simulator). */
    public WeChatPayConfig withBaseUri(URI baseUri) {
        return new WeChatPayConfig(mchId, appId, merchantSerialNumber, merchantPrivateKey, apiV3Key, platformPublicKeyId,
                platformPublicKey, baseUri, notifyUrl, connectTimeout, readTimeout);
    }

    public WeChatPayConfig withTimeouts(Duration connectTimeout, Duration readTimeout) {
        return new WeChatPayConfig(mchId, appId, merchantSerialNumber, merchantPrivateKey, apiV3Key, platformPublicKeyId,
                platformPublicKey, baseUri, notifyUrl, connectTimeout, readTimeout);
    }

    public WeChatPayConfig withNotifyUrl(String notifyUrl) {
        return new WeChatPayConfig(mchId, appId, merchantSerialNumber, merchantPrivateKey, apiV3Key, platformPublicKeyId,
                platformPublicKey, baseUri, notifyUrl, connectTimeout, readTimeout);
    }

    /** A PKCS#8 RSA private key from PEM or bare base64. PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) is refused. */
    public static PrivateKey privateKey(String pemOrBase64) {
        if (pemOrBase64 != null && pemOrBase64.contains("BEGIN RSA PRIVATE KEY")) {
            throw new ValidationException("the merchant key must be PKCS#8 (BEGIN PRIVATE KEY), as apiclient_key.pem is");
        }
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(pemOrBase64, "private key")));
        } catch (GeneralSecurityException e) {
            throw new ValidationException("the merchant private key is not a PKCS#8 RSA key");
        }
    }

    /** An X.509 (SubjectPublicKeyInfo) RSA public key from PEM or bare base64. */
    public static PublicKey publicKey(String pemOrBase64) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pemOrBase64, "public key")));
        } catch (GeneralSecurityException e) {
            throw new ValidationException("the platform public key is not an X.509 RSA public key");
        }
    }

    private static byte[] der(String pemOrBase64, String what) {
        if (pemOrBase64 == null || pemOrBase64.isBlank()) {
            throw new ValidationException("the WeChat Pay " + what + " is missing");
        }
        String base64 = pemOrBase64.replaceAll("-----(BEGIN|END)[A-Z ]*-----", "").replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("the WeChat Pay " + what + " is neither PEM nor base64");
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new ValidationException("WeChat Pay " + name + " is required");
        }
    }

    /** Names the merchant and host; never a key. */
    @Override
    public String toString() {
        return "WeChatPayConfig[mchId=" + mchId + ", appId=" + appId + ", merchantSerialNumber=" + merchantSerialNumber
                + ", platformPublicKeyId=" + platformPublicKeyId + ", baseUri=" + baseUri + ", notifyUrl=" + notifyUrl + "]";
    }
}
