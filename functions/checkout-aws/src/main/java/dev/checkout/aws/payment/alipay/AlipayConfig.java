package dev.checkout.aws.payment.alipay;

import java.net.URI;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Objects;

/**
 * What the Alipay adapter needs: the app ({@code app_id}, its RSA private key, which signs requests), Alipay's RSA
 * public key (which verifies responses and notifications), the merchant's PID ({@code seller_id}, checked on
 * notifications when set), the gateway, where notifications go and where page pay returns the browser.
 *
 * @param sellerId       the merchant's PID ({@code 2088...}); null skips the check of notifications' {@code seller_id}
 * @param returnUrl      where page pay sends the browser after paying; null for none
 * @param connectTimeout to open a connection to the gateway
 * @param readTimeout    for the gateway's answer; after it the outcome is unknown and the adapter asks again
 */
public record AlipayConfig(
        String appId,
        String sellerId,
        URI gateway,
        URI notifyUrl,
        URI returnUrl,
        PrivateKey appPrivateKey,
        PublicKey alipayPublicKey,
        Duration connectTimeout,
        Duration readTimeout) {
    public static final URI DEFAULT_GATEWAY = URI.create("https://openapi.alipay.com/gateway.do");
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

    public AlipayConfig {
        if (appId == null || appId.isBlank()) {
            throw new IllegalArgumentException("the Alipay app id is required");
        }
        if (sellerId != null && sellerId.isBlank()) {
            sellerId = null;
        }
        gateway = gateway == null ? DEFAULT_GATEWAY : gateway;
        Objects.requireNonNull(notifyUrl, "notifyUrl (Alipay's notifications are sent there)");
        // appPrivateKey is null in a function that only verifies notifications (it holds no grant on the key).
        Objects.requireNonNull(alipayPublicKey, "alipayPublicKey");
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        readTimeout = readTimeout == null ? DEFAULT_READ_TIMEOUT : readTimeout;
    }

    /**
     * A configuration from keys as text: the app's PKCS#8 private key and Alipay's X.509 public key, each PEM or the
     * bare base64 Alipay's console shows; the private key null where only notifications are verified. {@code gateway} null means {@link #DEFAULT_GATEWAY}; default timeouts.
     */
    public static AlipayConfig of(String appId, String sellerId, URI gateway, URI notifyUrl, URI returnUrl,
                                  String appPrivateKey, String alipayPublicKey) {
        return new AlipayConfig(appId, sellerId, gateway, notifyUrl, returnUrl, appPrivateKey == null ? null : AlipayRsa2.privateKey(appPrivateKey),
                AlipayRsa2.publicKey(alipayPublicKey), null, null);
    }

    public AlipayConfig withTimeouts(Duration connect, Duration read) {
        return new AlipayConfig(appId, sellerId, gateway, notifyUrl, returnUrl, appPrivateKey, alipayPublicKey, connect, read);
    }

    @Override
    public String toString() {
        return "AlipayConfig[appId=" + appId + ", sellerId=" + sellerId + ", gateway=" + gateway + ", notifyUrl=" + notifyUrl
                + ", returnUrl=" + returnUrl + ", keys hidden]";
    }
}
