package dev.checkout.local.payments.wechatpay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.local.payments.DeliveryAttempt;
import dev.checkout.local.payments.FaultSwitches;
import dev.checkout.local.payments.RsaKeys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A local WeChat Pay (API v3, public-key mode) for one merchant: Native orders with a {@code code_url}, query and close
 * by out_trade_no, domestic refunds by out_refund_no, signed and encrypted notifications resent on WeChat Pay's
 * schedule, a buyer who pays or whose payment fails, and fault switches. It checks what WeChat Pay checks (request
 * signatures, merchant and app ids, amounts, state rules, the idempotency of out_trade_no and out_refund_no) and
 * answers with WeChat Pay's error codes. The official SDK (wechatpay-java, {@code RSAPublicKeyConfig}) works against it.
 *
 * <pre>{@code
 * try (WeChatPaySimulator wechat = WeChatPaySimulator.start(WeChatPaySimulatorConfig.forTests())) {
 *     // merchant side: wechat.mchId(), appId(), merchantSerialNumber(), merchantPrivateKeyPem(), apiV3Key(),
 *     //                platformPublicKeyId(), platformPublicKeyPem(), against wechat.baseUrl()
 *     wechat.pay(outTradeNo);                       // the buyer pays: TRANSACTION.SUCCESS goes to notify_url
 *     wechat.faults().serverErrors(1, FaultPhase.AFTER_PROCESSING);
 * }
 * }</pre>
 *
 * <p>Keys are generated at start and live only in memory. Routes: {@code /v3/...} (WeChat Pay),
 * {@code POST /customer/pay} and {@code /customer/decline} with {@code {"out_trade_no": ...}} or {@code {"code_url": ...}},
 * {@code GET /admin/trades|refunds|notifications|deliveries|credentials} and {@code POST /admin/reset}.
 */
public final class WeChatPaySimulator implements AutoCloseable {
    private final WeChatPaySimulatorConfig config;
    private final SimulatorKeys keys = new SimulatorKeys();
    private final FaultSwitches faults = new FaultSwitches();
    private final ScheduledExecutorService settlement;
    private final NotificationSender sender;
    private final WeChatPayLedger ledger;
    private final LoopbackHttpServer server;
    private final URI baseUrl;

    private WeChatPaySimulator(WeChatPaySimulatorConfig config) {
        this.config = config;
        Clock clock = Clock.systemUTC();
        this.settlement = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "wechatpay-simulator-refunds");
            thread.setDaemon(true);
            return thread;
        });
        this.sender = new NotificationSender(config, keys, faults, clock);
        this.ledger = new WeChatPayLedger(config, keys, clock, settlement, sender::send);
        this.server = new LoopbackHttpServer(config.host(), config.port(),
                new WeChatPayApiHandler(this, config, keys, ledger, faults, clock), "wechatpay-simulator-http");
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        this.baseUrl = URI.create("http://" + host + ":" + server.port());
    }

    /** Starts a simulator; port 0 takes any free port ({@link #baseUrl()}). */
    public static WeChatPaySimulator start(WeChatPaySimulatorConfig config) {
        return new WeChatPaySimulator(config);
    }

    /**
     * Runs a simulator until stopped: {@code [--port N]} (or {@code WECHATPAY_SIMULATOR_PORT}), default
     * {@link WeChatPaySimulatorConfig#DEFAULT_PORT}. The merchant's credentials are at {@code GET /admin/credentials}.
     */
    public static void main(String[] args) throws InterruptedException {
        WeChatPaySimulatorConfig config = WeChatPaySimulatorConfig.defaults();
        String port = System.getenv("WECHATPAY_SIMULATOR_PORT");
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--port")) {
                port = args[i + 1];
            } else {
                throw new IllegalArgumentException("unknown option " + args[i] + "; usage: [--port N]");
            }
        }
        if (port != null && !port.isBlank()) {
            config = config.withPort(Integer.parseInt(port.trim()));
        }
        WeChatPaySimulator simulator = start(config);
        System.out.println("WeChat Pay simulator at " + simulator.baseUrl() + " (credentials: GET " + simulator.baseUrl() + "/admin/credentials)");
        Thread.currentThread().join();
    }

    /** Where the API is, e.g. {@code http://127.0.0.1:54321}: the merchant's base URI in place of {@code https://api.mch.weixin.qq.com}. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The address the simulator's socket is bound to. */
    public java.net.InetSocketAddress boundAddress() {
        return server.boundAddress();
    }

    public String mchId() {
        return config.mchId();
    }

    public String appId() {
        return config.appId();
    }

    /** The serial number of the merchant's API certificate, as the Authorization's {@code serial_no}. */
    public String merchantSerialNumber() {
        return keys.merchantSerial;
    }

    /** The merchant's private key, PKCS#8 PEM ({@code apiclient_key.pem}). */
    public String merchantPrivateKeyPem() {
        return RsaKeys.pem(keys.merchant.getPrivate());
    }

    /** The 32-character APIv3 key. */
    public String apiV3Key() {
        return keys.apiV3Key;
    }

    /** {@code PUB_KEY_ID_...}: the platform public key's id, as {@code Wechatpay-Serial} names it. */
    public String platformPublicKeyId() {
        return keys.platformKeyId;
    }

    /** The platform's public key, X.509 PEM ({@code pub_key.pem}). */
    public String platformPublicKeyPem() {
        return RsaKeys.pem(keys.platform.getPublic());
    }

    /**
     * Sends every notification to {@code endpoint} instead of the notify_url the order or refund named ({@code null}:
     * the notify_url again). For a local cloud whose notify_url is not reachable from here.
     */
    public void setNotifyEndpoint(URI endpoint) {
        ledger.setNotifyOverride(endpoint == null ? null : endpoint.toString());
    }

    public FaultSwitches faults() {
        return faults;
    }

    /** The buyer pays the trade named by its out_trade_no or code_url. */
    public WeChatPayTrade pay(String outTradeNoOrCodeUrl) {
        return ledger.pay(outTradeNoOrCodeUrl);
    }

    /** The buyer's payment fails: PAYERROR (WeChat Pay sends no notification for it). */
    public WeChatPayTrade decline(String outTradeNoOrCodeUrl) {
        return ledger.decline(outTradeNoOrCodeUrl);
    }

    /** The next {@code count} refunds end ABNORMAL (REFUND.ABNORMAL notification) instead of SUCCESS. */
    public void failNextRefunds(int count) {
        ledger.failNextRefunds(count);
    }

    public Optional<WeChatPayTrade> trade(String outTradeNo) {
        return ledger.trade(outTradeNo);
    }

    public List<WeChatPayTrade> trades() {
        return ledger.trades();
    }

    public Optional<WeChatPayRefund> refund(String outRefundNo) {
        return ledger.findRefund(outRefundNo);
    }

    public List<WeChatPayRefund> refunds() {
        return ledger.refunds();
    }

    /** Every notification made, in order (each once, however often it was sent). */
    public List<WeChatPayNotification> notifications() {
        return ledger.notifications();
    }

    /** Every delivery attempt, in order. */
    public List<DeliveryAttempt> deliveries() {
        return sender.attempts();
    }

    /** A notification as WeChat Pay posts it: the JSON body and the headers that sign it. */
    public record SignedNotification(String body, Map<String, String> headers) {
    }

    /**
     * Test-only: a notification of {@code eventType} ({@code TRANSACTION.SUCCESS}, {@code REFUND.SUCCESS}, ...) about
     * {@code resource} (the decrypted object, e.g. a transaction), encrypted with the APIv3 key and signed now with the
     * platform key, as WeChat Pay would send it; nothing is recorded or sent. For forged-but-signed notifications.
     */
    public SignedNotification signedNotification(String eventType, ObjectNode resource) {
        return signedNotification(eventType, resource, Instant.now());
    }

    /** Test-only: {@code notification} as a resend would post it: the same id and body, headers signed now. */
    public SignedNotification signed(WeChatPayNotification notification) {
        return new SignedNotification(notification.body(), NotificationSender.headers(keys,
                notification.body().getBytes(StandardCharsets.UTF_8), Instant.now().getEpochSecond()));
    }

    /** The trade as a TRANSACTION notification's resource states it: a starting point for a forged one. */
    public Optional<ObjectNode> transactionResource(String outTradeNo) {
        return ledger.trade(outTradeNo).map(ledger::transactionJson);
    }

    /** As {@link #signedNotification(String, ObjectNode)}, signed with {@code Wechatpay-Timestamp} {@code signedAt}. */
    public SignedNotification signedNotification(String eventType, ObjectNode resource, Instant signedAt) {
        String originalType = eventType.startsWith("REFUND.") ? "refund" : "transaction";
        String body = ledger.envelope(eventType, originalType, eventType, resource.toString()).toString();
        return new SignedNotification(body, NotificationSender.headers(keys, body.getBytes(StandardCharsets.UTF_8), signedAt.getEpochSecond()));
    }

    /** Forgets trades, refunds, notifications and deliveries, abandons pending resends, switches faults off. Keys stay. */
    public void reset() {
        ledger.reset();
        sender.reset();
        faults.clear();
        ledger.setNotifyOverride(null);
    }

    @Override
    public void close() {
        server.close();
        sender.close();
        settlement.shutdownNow();
    }
}
