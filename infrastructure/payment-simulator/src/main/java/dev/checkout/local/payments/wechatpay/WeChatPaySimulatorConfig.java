package dev.checkout.local.payments.wechatpay;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link WeChatPaySimulator}.
 *
 * @param host          the address to listen on (loopback)
 * @param port          0 for any free port
 * @param mchId         the merchant id the simulator serves
 * @param appId         the app id bound to that merchant
 * @param retryScale    multiplies WeChat Pay's notification retry schedule ({@link #RETRY_SCHEDULE}): 1 is the real
 *                      one (about 24 h), 0.001 turns 15 s into 15 ms
 * @param refundDelay   how long a refund stays PROCESSING before it succeeds
 * @param timeoutHold   how long a call hit by a timeout fault is held before its connection is dropped (longer
 *                      than the client's read timeout)
 * @param notifyTimeout how long a notification waits for the merchant's answer
 */
public record WeChatPaySimulatorConfig(
        String host,
        int port,
        String mchId,
        String appId,
        double retryScale,
        Duration refundDelay,
        Duration timeoutHold,
        Duration notifyTimeout) {

    /** WeChat Pay's resends after the first notification: 15 s, 15 s, 30 s, 3 m, 10 m, 20 m, 30 m ×3, 60 m, 3 h ×3, 6 h ×2. */
    public static final List<Duration> RETRY_SCHEDULE = List.of(
            Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(3),
            Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(30), Duration.ofMinutes(30),
            Duration.ofMinutes(30), Duration.ofMinutes(60), Duration.ofHours(3), Duration.ofHours(3), Duration.ofHours(3),
            Duration.ofHours(6), Duration.ofHours(6));
    public static final int DEFAULT_PORT = 12112;

    public WeChatPaySimulatorConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(mchId, "mchId");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(refundDelay, "refundDelay");
        Objects.requireNonNull(timeoutHold, "timeoutHold");
        Objects.requireNonNull(notifyTimeout, "notifyTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535: " + port);
        }
        if (!(retryScale > 0)) {
            throw new IllegalArgumentException("retryScale must be positive: " + retryScale);
        }
    }

    /** Loopback, {@link #DEFAULT_PORT}, the real retry schedule, refunds succeed after 1 s, timeouts hold for 90 s. */
    public static WeChatPaySimulatorConfig defaults() {
        return new WeChatPaySimulatorConfig("127.0.0.1", DEFAULT_PORT, "1900000109", "wxd678efh567hg6787", 1.0,
                Duration.ofSeconds(1), Duration.ofSeconds(90), Duration.ofSeconds(5));
    }

    /** For tests: any free port, retries a thousand times faster (15 ms first), refunds after 50 ms, timeouts hold 3 s. */
    public static WeChatPaySimulatorConfig forTests() {
        return new WeChatPaySimulatorConfig("127.0.0.1", 0, "1900000109", "wxd678efh567hg6787", 0.001,
                Duration.ofMillis(50), Duration.ofSeconds(3), Duration.ofSeconds(5));
    }

    public WeChatPaySimulatorConfig withHost(String value) {
        return new WeChatPaySimulatorConfig(value, port, mchId, appId, retryScale, refundDelay, timeoutHold, notifyTimeout);
    }

    public WeChatPaySimulatorConfig withPort(int value) {
        return new WeChatPaySimulatorConfig(host, value, mchId, appId, retryScale, refundDelay, timeoutHold, notifyTimeout);
    }

    public WeChatPaySimulatorConfig withRetryScale(double value) {
        return new WeChatPaySimulatorConfig(host, port, mchId, appId, value, refundDelay, timeoutHold, notifyTimeout);
    }

    public WeChatPaySimulatorConfig withMerchant(String mchIdValue, String appIdValue) {
        return new WeChatPaySimulatorConfig(host, port, mchIdValue, appIdValue, retryScale, refundDelay, timeoutHold, notifyTimeout);
    }

    public WeChatPaySimulatorConfig withRefundDelay(Duration value) {
        return new WeChatPaySimulatorConfig(host, port, mchId, appId, retryScale, value, timeoutHold, notifyTimeout);
    }

    public WeChatPaySimulatorConfig withTimeoutHold(Duration value) {
        return new WeChatPaySimulatorConfig(host, port, mchId, appId, retryScale, refundDelay, value, notifyTimeout);
    }

    /** The wait before resend {@code n} (from 1), scaled; empty past the schedule's end. */
    Duration retryDelay(int resend) {
        if (resend < 1 || resend > RETRY_SCHEDULE.size()) {
            return null;
        }
        return Duration.ofNanos(Math.max(1, (long) (RETRY_SCHEDULE.get(resend - 1).toNanos() * retryScale)));
    }
}
