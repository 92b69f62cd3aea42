package dev.checkout.local.payments.alipay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.checkout.local.payments.DeliveryAttempt;
import dev.checkout.local.payments.FaultPhase;
import dev.checkout.local.payments.FaultSwitches;
import dev.checkout.local.payments.RsaKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local Alipay that speaks the OpenAPI gateway protocol (RSA2) for the methods the checkout uses:
 * {@code alipay.trade.precreate}, {@code alipay.trade.page.pay} (the buyer's page), {@code alipay.trade.query},
 * {@code alipay.trade.close}, {@code alipay.trade.refund}, {@code alipay.trade.fastpay.refund.query}. It checks what
 * Alipay's gateway checks (app id, signature with the app's public key, common parameters, timestamp format) and
 * Alipay's trade rules ({@link AlipayTrades}), signs every answer with its own "Alipay" key, and sends signed
 * notifications, resent on Alipay's schedule (scaled) until answered {@code success}. Point an adapter or Alipay's SDK
 * at {@link #gatewayUrl()} with {@link #appPrivateKeyPem()} and {@link #alipayPublicKeyPem()}.
 *
 * <pre>{@code
 * try (AlipaySimulator alipay = AlipaySimulator.start(AlipaySimulatorConfig.forTests())) {
 *     // the merchant side: alipay.appId(), alipay.appPrivateKeyPem(), alipay.alipayPublicKeyPem(), alipay.gatewayUrl()
 *     alipay.pay(outTradeNo);                      // the buyer scans the QR code and pays
 *     alipay.faults().serverErrors(1, FaultPhase.AFTER_PROCESSING, "alipay.trade.refund");
 * }
 * }</pre>
 *
 * <p>Fault switches ({@link #faults()}) match API calls by method name ({@code "alipay.trade.refund"}): a 5xx answers HTTP
 * 502, a timeout holds the call and drops it. {@link #systemErrors} answers a signed {@code ACQ.SYSTEM_ERROR} instead.
 * The event faults (duplicates, out of order, dropped attempts, lost) act on notifications.
 */
public final class AlipaySimulator implements AutoCloseable {
    private final AlipaySimulatorConfig config;
    private final HttpServer server;
    private final ExecutorService requestThreads;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final FaultSwitches faults = new FaultSwitches();
    private final AlipaySystemErrors systemErrors = new AlipaySystemErrors();
    private final KeyPair alipayKeys = RsaKeys.generate();
    private final KeyPair appKeys;
    private final PublicKey appPublicKey;
    private final AlipayNotifier notifier;
    private final AlipayTrades trades;
    private final String baseUrl;

    private AlipaySimulator(AlipaySimulatorConfig config) throws IOException {
        this.config = config;
        Clock clock = Clock.systemUTC();
        // instants (refunds, delivery attempts) as ISO-8601 text, without the JSR-310 module
        ObjectMapper mapper = new ObjectMapper().registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
                .addSerializer(java.time.Instant.class, com.fasterxml.jackson.databind.ser.std.ToStringSerializer.instance));
        if (config.appPublicKey() == null) {
            this.appKeys = RsaKeys.generate();
            this.appPublicKey = appKeys.getPublic();
        } else {
            this.appKeys = null;
            this.appPublicKey = AlipaySigning.publicKey(config.appPublicKey());
        }
        this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        this.baseUrl = "http://" + host + ":" + server.getAddress().getPort();
        this.notifier = new AlipayNotifier(config, faults, alipayKeys.getPrivate(), clock);
        this.trades = new AlipayTrades(mapper, clock, config.appId(), config.sellerId(), notifier::emit);
        AtomicInteger counter = new AtomicInteger();
        this.requestThreads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "alipay-simulator-http-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(requestThreads);
        server.createContext("/_simulator/", exchange -> admin(exchange, mapper));
        server.createContext("/", new AlipayHttpHandler(config, mapper, trades, faults, systemErrors, appPublicKey,
                alipayKeys.getPrivate(), () -> baseUrl, clock, closing));
        server.start();
    }

    /** Starts a simulator; port 0 picks a free port (see {@link #baseUrl()}). */
    public static AlipaySimulator start(AlipaySimulatorConfig config) {
        try {
            return new AlipaySimulator(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Alipay simulator on " + config.host() + ":" + config.port(), e);
        }
    }

    /** E.g. {@code http://127.0.0.1:12112}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The gateway, {@code <baseUrl>/gateway.do}: the adapter's gateway URI, the SDK's {@code serverUrl}. */
    /** The address the simulator's socket is bound to. */
    public InetSocketAddress boundAddress() {
        return server.getAddress();
    }

    public String gatewayUrl() {
        return baseUrl + "/gateway.do";
    }

    public AlipaySimulatorConfig config() {
        return config;
    }

    public String appId() {
        return config.appId();
    }

    public String sellerId() {
        return config.sellerId();
    }

    /** Alipay's public key (PEM), which verifies answers and notifications. */
    public String alipayPublicKeyPem() {
        return RsaKeys.pem(alipayKeys.getPublic());
    }

    /** Alipay's public key as the bare base64 Alipay's console shows. */
    public String alipayPublicKeyBase64() {
        return AlipaySigning.base64(alipayKeys.getPublic());
    }

    /** The app's private key (PKCS#8 PEM) the simulator generated; null when the configuration gave the app's public key. */
    public String appPrivateKeyPem() {
        return appKeys == null ? null : RsaKeys.pem(appKeys.getPrivate());
    }

    /** The app's private key as bare PKCS#8 base64; null when the configuration gave the app's public key. */
    public String appPrivateKeyBase64() {
        return appKeys == null ? null : AlipaySigning.base64(appKeys.getPrivate());
    }

    /** Sends every notification to {@code endpoint} instead of the trade's {@code notify_url} ({@code null}: the trade's again). */
    public void setNotifyEndpoint(URI endpoint) {
        notifier.setEndpointOverride(endpoint);
    }

    public Optional<URI> notifyEndpoint() {
        return Optional.ofNullable(notifier.endpointOverride());
    }

    public FaultSwitches faults() {
        return faults;
    }

    /** The next {@code count} calls of {@code method} ({@code null}: any) answer a signed {@code ACQ.SYSTEM_ERROR} at {@code phase}. */
    public AlipaySimulator systemErrors(int count, FaultPhase phase, String method) {
        systemErrors.arm(count, phase, method);
        return this;
    }

    // ---- the buyer

    /** The buyer scans the QR code ({@code out_trade_no} or the QR code's content): the trade now exists, WAIT_BUYER_PAY. */
    public SimulatedAlipayTrade scan(String outTradeNoOrQrCode) {
        return trades.scan(outTradeNoOrQrCode);
    }

    /** The buyer scans and pays: TRADE_SUCCESS, notified. */
    public SimulatedAlipayTrade pay(String outTradeNoOrQrCode) {
        return trades.pay(outTradeNoOrQrCode);
    }

    /** The buyer scans and gives up; the trade closes: TRADE_CLOSED, notified. */
    public SimulatedAlipayTrade decline(String outTradeNoOrQrCode) {
        return trades.decline(outTradeNoOrQrCode);
    }

    /** The refund period of a paid trade ends: TRADE_FINISHED, notified; refunds are refused from now on. */
    public SimulatedAlipayTrade finish(String outTradeNo) {
        return trades.finish(outTradeNo);
    }

    // ---- inspection

    public List<SimulatedAlipayTrade> trades() {
        return trades.trades();
    }

    public Optional<SimulatedAlipayTrade> trade(String outTradeNo) {
        return trades.trade(outTradeNo);
    }

    /** Every notification emitted, in order, whether it was delivered or not. */
    public List<AlipayNotification> notifications() {
        return notifier.notifications();
    }

    /** Every notification delivery attempt, in order ({@code eventId} is the {@code notify_id}). */
    public List<DeliveryAttempt> deliveries() {
        return notifier.attempts();
    }

    /** The form body one delivery attempt of {@code notification} would send now (signed, with a fresh notify_time). */
    public String notificationBody(AlipayNotification notification) {
        return notifier.body(notification);
    }

    /**
     * Test-only: a notification form body with {@code params} (a current {@code notify_time} unless they name one),
     * signed RSA2 with Alipay's key as Alipay signs its notifications; nothing is recorded or sent. For
     * forged-but-signed notifications.
     */
    public String signedNotification(Map<String, String> params) {
        return notifier.signedBody(params);
    }

    /** Sends a notification again: one copy, no faults, the usual resends. */
    public void redeliver(String notifyId) {
        notifier.redeliver(notifyId);
    }

    /** Forgets every trade, refund, notification, delivery and fault; keeps the keys and the notify endpoint. */
    public void reset() {
        faults.clear();
        systemErrors.clear();
        notifier.reset();
        trades.reset();
    }

    /** {@code GET /_simulator/trades}, {@code GET /_simulator/notifications}, {@code GET /_simulator/deliveries}, {@code POST /_simulator/reset}. */
    private void admin(com.sun.net.httpserver.HttpExchange exchange, ObjectMapper mapper) throws IOException {
        try (exchange) {
            String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            Object body = switch (route) {
                case "GET /_simulator/trades" -> trades();
                case "GET /_simulator/notifications" -> notifications();
                case "GET /_simulator/deliveries" -> deliveries();
                case "POST /_simulator/reset" -> {
                    reset();
                    yield java.util.Map.of("reset", true);
                }
                default -> null;
            };
            byte[] bytes = mapper.writeValueAsBytes(body != null ? body : java.util.Map.of("error", "no route " + route));
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(body != null ? 200 : 404, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        requestThreads.shutdownNow();
        notifier.close();
    }

    /**
     * Runs the simulator standalone. Options: {@code --port N} (default 12112, or {@code ALIPAY_SIMULATOR_PORT}),
     * {@code --host H}, {@code --notify-url URL} (every notification there). Prints the app id and keys the merchant
     * side needs.
     */
    public static void main(String[] args) throws InterruptedException {
        AlipaySimulatorConfig config = AlipaySimulatorConfig.defaults();
        String port = System.getenv("ALIPAY_SIMULATOR_PORT");
        String notifyUrl = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = args[i + 1];
                case "--host" -> config = config.withHost(args[i + 1]);
                case "--notify-url" -> notifyUrl = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --port N --host H --notify-url URL");
            }
        }
        if (port != null) {
            config = config.withPort(Integer.parseInt(port));
        }
        AlipaySimulator simulator = start(config);
        if (notifyUrl != null) {
            simulator.setNotifyEndpoint(URI.create(notifyUrl));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "alipay-simulator-shutdown"));
        System.out.println("Alipay simulator: gateway " + simulator.gatewayUrl() + ", app_id " + simulator.appId() + ", seller_id "
                + simulator.sellerId());
        System.out.println("app private key (PKCS#8 base64): " + simulator.appPrivateKeyBase64());
        System.out.println("Alipay public key (base64): " + simulator.alipayPublicKeyBase64());
        simulator.closing.await();
    }
}
