package dev.checkout.local.payments.alipay;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How an {@link AlipaySimulator} runs.
 *
 * @param host              the address to bind, normally {@code 127.0.0.1}
 * @param port              0 picks a free port
 * @param appId             the merchant app's {@code app_id}; requests for any other app are refused
 *                          ({@code isv.invalid-app-id})
 * @param sellerId          the merchant's PID ({@code 2088...}), stated as {@code seller_id} in notifications
 * @param appPublicKey      the app's RSA public key (PEM or base64 X.509) that checks request signatures; null lets the
 *                          simulator generate the app's key pair and hand out its private key
 *                          ({@link AlipaySimulator#appPrivateKeyPem()})
 * @param retryScale        multiplies Alipay's notification resend schedule ({@link #ALIPAY_RESEND_SCHEDULE}): 1 is real
 *                          time, 1/60 turns minutes into seconds
 * @param timeoutHold       how long a call hit by a timeout fault is held before its connection is dropped; longer
 *                          than the client's read timeout
 * @param notifyTimeout     how long a notification's receiver has to answer
 * @param outOfOrderMaxHold how long the out-of-order fault holds a notification back when no other follows
 */
public record AlipaySimulatorConfig(
        String host,
        int port,
        String appId,
        String sellerId,
        String appPublicKey,
        double retryScale,
        Duration timeoutHold,
        Duration notifyTimeout,
        Duration outOfOrderMaxHold) {

    /** After the first attempt, Alipay resends an unanswered notification after these pauses (about 25 h in all). */
    public static final List<Duration> ALIPAY_RESEND_SCHEDULE = List.of(Duration.ofMinutes(4), Duration.ofMinutes(10),
            Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(6), Duration.ofHours(15));
    public static final int DEFAULT_PORT = 12112;
    public static final String DEFAULT_APP_ID = "9021000000000001";
    public static final String DEFAULT_SELLER_ID = "2088000000000001";

    public AlipaySimulatorConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535: " + port);
        }
        if (appId == null || appId.isBlank() || sellerId == null || sellerId.isBlank()) {
            throw new IllegalArgumentException("appId and sellerId are required");
        }
        if (!(retryScale > 0)) {
            throw new IllegalArgumentException("retryScale must be positive: " + retryScale);
        }
        Objects.requireNonNull(timeoutHold, "timeoutHold");
        Objects.requireNonNull(notifyTimeout, "notifyTimeout");
        Objects.requireNonNull(outOfOrderMaxHold, "outOfOrderMaxHold");
    }

    /** Port 12112, generated app keys, resends after seconds instead of minutes (scale 1/60). */
    public static AlipaySimulatorConfig defaults() {
        return new AlipaySimulatorConfig("127.0.0.1", DEFAULT_PORT, DEFAULT_APP_ID, DEFAULT_SELLER_ID, null, 1.0 / 60,
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    /**
     * A free port, generated app keys, resends after milliseconds (4 min becomes 100 ms), timeouts held 3 s, an
     * out-of-order notification held up to 3 s for a successor.
     */
    public static AlipaySimulatorConfig forTests() {
        return new AlipaySimulatorConfig("127.0.0.1", 0, DEFAULT_APP_ID, DEFAULT_SELLER_ID, null, 1.0 / 2400,
                Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(3));
    }

    /** The pause before resend {@code n} (from 1), scaled. */
    public Duration resendDelay(int n) {
        return Duration.ofNanos(Math.max(1, (long) (ALIPAY_RESEND_SCHEDULE.get(n - 1).toNanos() * retryScale)));
    }

    public AlipaySimulatorConfig withHost(String host) {
        return new AlipaySimulatorConfig(host, port, appId, sellerId, appPublicKey, retryScale, timeoutHold, notifyTimeout, outOfOrderMaxHold);
    }

    public AlipaySimulatorConfig withPort(int port) {
        return new AlipaySimulatorConfig(host, port, appId, sellerId, appPublicKey, retryScale, timeoutHold, notifyTimeout, outOfOrderMaxHold);
    }

    public AlipaySimulatorConfig withApp(String appId, String appPublicKey) {
        return new AlipaySimulatorConfig(host, port, appId, sellerId, appPublicKey, retryScale, timeoutHold, notifyTimeout, outOfOrderMaxHold);
    }

    public AlipaySimulatorConfig withSellerId(String sellerId) {
        return new AlipaySimulatorConfig(host, port, appId, sellerId, appPublicKey, retryScale, timeoutHold, notifyTimeout, outOfOrderMaxHold);
    }

    public AlipaySimulatorConfig withRetryScale(double retryScale) {
        return new AlipaySimulatorConfig(host, port, appId, sellerId, appPublicKey, retryScale, timeoutHold, notifyTimeout, outOfOrderMaxHold);
    }
}
