package dev.checkout.aws.wiring;

import com.stripe.StripeClient;
import dev.checkout.application.ApplyPaymentEvent;
import dev.checkout.application.CancelPayment;
import dev.checkout.application.CompensatePayment;
import dev.checkout.application.PaymentTransitions;
import dev.checkout.application.ReceivePaymentEvent;
import dev.checkout.application.RefundOrder;
import dev.checkout.application.ReportPaymentSuccess;
import dev.checkout.application.RequestCharge;
import dev.checkout.application.SendRefund;
import dev.checkout.application.SettleRefund;
import dev.checkout.aws.dynamodb.DynamoDbWebhookInbox;
import dev.checkout.aws.lambda.SqsBatch;
import dev.checkout.aws.payment.StripePaymentEventReader;
import dev.checkout.aws.payment.StripePaymentProvider;
import dev.checkout.aws.payment.alipay.AlipayConfig;
import dev.checkout.aws.payment.alipay.AlipayPaymentEventReader;
import dev.checkout.aws.payment.alipay.AlipayPaymentProvider;
import dev.checkout.aws.payment.wechatpay.WeChatPayConfig;
import dev.checkout.aws.payment.wechatpay.WeChatPayEventReader;
import dev.checkout.aws.payment.wechatpay.WeChatPayProvider;
import dev.checkout.aws.sqs.SqsPaymentEventQueue;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentMethod;
import dev.checkout.port.CheckoutWorkflow;
import dev.checkout.port.IdGenerator;
import dev.checkout.port.PaymentEventReader;
import dev.checkout.port.PaymentEventReaders;
import dev.checkout.port.PaymentProvider;
import dev.checkout.port.PaymentProviders;
import dev.checkout.port.WebhookInbox;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The payment side of a function: the providers of the platforms the shop takes, their notification
 * readers, the inbox and the payment use cases, built from the environment. A provider's client (and its
 * keys, which may be Secrets Manager lookups) is made by the first call that reaches that provider: a
 * payment event that needs no refund, say, never makes one. A function reads only the secrets its work needs (the
 * template grants each role those only): the platforms' API keys where it calls them, the verification keys where
 * it reads notifications.
 *
 * <p>Environment: {@code PAYMENT_PLATFORMS} (comma-separated: {@code stripe}, {@code alipay}, {@code wechatpay};
 * default {@code stripe}), and for each platform named its settings:
 * <ul>
 *   <li>Stripe: {@code STRIPE_API_KEY} (local runs) or {@code STRIPE_API_KEY_SECRET_ARN} (a Secrets Manager secret
 *       holding the key); {@code STRIPE_WEBHOOK_SECRET} or {@code STRIPE_WEBHOOK_SECRET_ARN}; {@code STRIPE_API_BASE}
 *       (unset in production; the simulator's URL locally); {@code STRIPE_MAX_NETWORK_RETRIES} (default 1),
 *       {@code STRIPE_READ_TIMEOUT_MS} (default 10000).</li>
 *   <li>Alipay (OpenAPI, RSA2): {@code ALIPAY_APP_ID}, {@code ALIPAY_SELLER_ID} (optional: checked on notifications),
 *       {@code ALIPAY_NOTIFY_URL}, {@code ALIPAY_GATEWAY_URL} (optional; the simulator's locally); the keys
 *       {@code ALIPAY_PRIVATE_KEY} (the app's) and {@code ALIPAY_PUBLIC_KEY} (Alipay's), each or its {@code _SECRET_ARN}.</li>
 *   <li>WeChat Pay (API v3, public-key mode): {@code WECHATPAY_MCH_ID}, {@code WECHATPAY_APP_ID}, {@code WECHATPAY_MCH_SERIAL} (the
 *       merchant certificate's serial), {@code WECHATPAY_PLATFORM_PUBLIC_KEY_ID}, {@code WECHATPAY_NOTIFY_URL}; the keys
 *       {@code WECHATPAY_PRIVATE_KEY}, {@code WECHATPAY_API_V3_KEY} and {@code WECHATPAY_PLATFORM_PUBLIC_KEY}, each or its
 *       {@code _SECRET_ARN}; {@code WECHATPAY_API_BASE} (unset in production; the simulator's URL locally).</li>
 * </ul>
 * {@code CHECKOUT_RETURN_URL}: the shop's page a customer comes back to from a platform's page (Stripe's 3-D Secure,
 * Alipay's page pay); without it Stripe asks the client to authenticate with Stripe.js.
 * {@code NOTIFICATION_QUEUE_URL} for the webhook receiver.
 */
public final class PaymentAdapters {
    private final CheckoutAdapters adapters;
    private final FunctionEnvironment env;
    private final SecretValues secrets;
    private CheckoutWorkflow workflow;
    private PaymentProviders providers;
    private String stripeWebhookSecret;
    private WeChatPayConfig weChatPayApiConfig;
    private WeChatPayConfig weChatPayNotificationConfig;
    private AlipayConfig alipayApiConfig;
    private AlipayConfig alipayNotificationConfig;

    public PaymentAdapters(CheckoutAdapters adapters) {
        this.adapters = adapters;
        this.env = adapters.environment();
        this.secrets = new SecretValues(env, adapters.clients());
    }

    /** For tests and the local cloud: a workflow other than the one named by the environment. */
    public PaymentAdapters(CheckoutAdapters adapters, CheckoutWorkflow workflow) {
        this(adapters);
        this.workflow = workflow;
    }

    public CheckoutAdapters checkout() {
        return adapters;
    }

    public synchronized CheckoutWorkflow workflow() {
        if (workflow == null) {
            workflow = adapters.workflow();
        }
        return workflow;
    }

    /** The providers of the platforms the shop takes; each one's client is built by the first call that reaches it. */
    public synchronized PaymentProviders providers() {
        if (providers == null) {
            providers = new PaymentProviders(adapters.paymentPlatforms().stream().map(this::provider).toList());
            // A lookup of a payment that does not exist loads the provider clients' request, JSON and error paths
            // before the snapshot; only in a function that calls the platforms (the webhook receiver holds no API key).
            SnapStartPriming.register(env, "payment providers", () -> providers().names().forEach(this::primeLookup));
        }
        return providers;
    }

    private PaymentProvider provider(String platform) {
        return switch (platform) {
            case PaymentMethod.STRIPE -> {
                secrets.requireConfigured("STRIPE_API_KEY", "STRIPE_API_KEY_SECRET_ARN");
                int maxNetworkRetries = (int) env.number("STRIPE_MAX_NETWORK_RETRIES", 1);
                int readTimeoutMillis = (int) env.number("STRIPE_READ_TIMEOUT_MS", 10_000);
                yield new ProviderOnFirstUse(platform, adapters.onFirstUse(() -> {
                    var builder = StripeClient.builder()
                            .setApiKey(secrets.read("STRIPE_API_KEY", "STRIPE_API_KEY_SECRET_ARN"))
                            .setMaxNetworkRetries(maxNetworkRetries)
                            .setConnectTimeout(2_000)
                            .setReadTimeout(readTimeoutMillis);
                    env.optional("STRIPE_API_BASE").ifPresent(builder::setApiBase);
                    return new StripePaymentProvider(builder.build(), env.optional("CHECKOUT_RETURN_URL").orElse(null));
                }));
            }
            case PaymentMethod.ALIPAY -> {
                requireAlipaySettings(true);
                yield new ProviderOnFirstUse(platform, adapters.onFirstUse(() -> new AlipayPaymentProvider(alipayApiConfig())));
            }
            case PaymentMethod.WECHATPAY -> {
                requireWeChatPaySettings(true);
                yield new ProviderOnFirstUse(platform, adapters.onFirstUse(() -> new WeChatPayProvider(weChatPayApiConfig())));
            }
            default -> throw unknownPlatform(platform);
        };
    }

    /**
     * The webhook readers, which verify what they read; each platform's keys are read when its first notification is verified,
     * and only the verification keys: Stripe's signing secret, Alipay's public key, WeChat Pay's platform public key and APIv3
     * key (never a merchant private key or the Stripe API key).
     */
    public PaymentEventReaders eventReaders() {
        return new PaymentEventReaders(adapters.paymentPlatforms().stream().map(platform -> reader(platform, true)).toList());
    }

    /**
     * Reads events verified when they were received (from the notification queue). Stripe's and Alipay's need no key;
     * WeChat Pay's decrypts the stored notification again with the APIv3 key.
     */
    public PaymentEventReaders eventParsers() {
        return new PaymentEventReaders(adapters.paymentPlatforms().stream().map(platform -> reader(platform, false)).toList());
    }

    private PaymentEventReader reader(String platform, boolean verifying) {
        return switch (platform) {
            case PaymentMethod.STRIPE -> new StripePaymentEventReader(verifying ? this::stripeWebhookSecret : () -> {
                throw new IllegalStateException("this reader only reads events that were verified on receipt");
            });
            case PaymentMethod.ALIPAY -> {
                if (verifying) {
                    requireAlipaySettings(false);
                }
                yield new AlipayPaymentEventReader(verifying ? this::alipayNotificationConfig : () -> {
                    throw new IllegalStateException("this reader only reads notifications that were verified on receipt");
                });
            }
            case PaymentMethod.WECHATPAY -> {
                requireWeChatPaySettings(false);
                yield new WeChatPayEventReader(this::weChatPayNotificationConfig);
            }
            default -> throw unknownPlatform(platform);
        };
    }

    private static IllegalStateException unknownPlatform(String platform) {
        return new IllegalStateException("PAYMENT_PLATFORMS names '" + platform + "'; the platforms are "
                + List.of(PaymentMethod.STRIPE, PaymentMethod.ALIPAY, PaymentMethod.WECHATPAY));
    }

    private void primeLookup(String platform) {
        try {
            providers().named(platform).findPayment(PRIMING_REFERENCES.get(platform));
        } catch (RuntimeException expected) {
            // The lookup loads the classes; its answer does not matter.
        }
    }

    /** References that name no payment, in each platform's format, so that a priming lookup is answered "not found". */
    private static final Map<String, String> PRIMING_REFERENCES = Map.of(
            PaymentMethod.STRIPE, "pi_snapstart_priming",
            PaymentMethod.ALIPAY, "pay_00000000000000000000000000_1",
            PaymentMethod.WECHATPAY, "00000000000000000000000000_1");

    private synchronized String stripeWebhookSecret() {
        if (stripeWebhookSecret == null) {
            stripeWebhookSecret = secrets.read("STRIPE_WEBHOOK_SECRET", "STRIPE_WEBHOOK_SECRET_ARN");
        }
        return stripeWebhookSecret;
    }

    /** The settings of a function that calls Alipay's gateway ({@code callsApi}) or only verifies its notifications. */
    private void requireAlipaySettings(boolean callsApi) {
        env.require("ALIPAY_APP_ID");
        env.require("ALIPAY_NOTIFY_URL");
        if (callsApi) {
            secrets.requireConfigured("ALIPAY_PRIVATE_KEY", "ALIPAY_PRIVATE_KEY_SECRET_ARN");
        }
        secrets.requireConfigured("ALIPAY_PUBLIC_KEY", "ALIPAY_PUBLIC_KEY_SECRET_ARN");
    }

    /** Alipay's settings for its gateway: the app's private key signs requests, Alipay's public key verifies answers; read on first use. */
    private synchronized AlipayConfig alipayApiConfig() {
        if (alipayApiConfig == null) {
            alipayApiConfig = alipayConfig(secrets.read("ALIPAY_PRIVATE_KEY", "ALIPAY_PRIVATE_KEY_SECRET_ARN"));
        }
        return alipayApiConfig;
    }

    /** Alipay's settings for verifying its notifications: its public key only, read on first use. */
    private synchronized AlipayConfig alipayNotificationConfig() {
        if (alipayNotificationConfig == null) {
            alipayNotificationConfig = alipayConfig(null);
        }
        return alipayNotificationConfig;
    }

    private AlipayConfig alipayConfig(String appPrivateKey) {
        return AlipayConfig.of(env.require("ALIPAY_APP_ID"), nonBlank("ALIPAY_SELLER_ID"),
                Optional.ofNullable(nonBlank("ALIPAY_GATEWAY_URL")).map(URI::create).orElse(null),
                URI.create(env.require("ALIPAY_NOTIFY_URL")),
                Optional.ofNullable(nonBlank("CHECKOUT_RETURN_URL")).map(URI::create).orElse(null),
                appPrivateKey, secrets.read("ALIPAY_PUBLIC_KEY", "ALIPAY_PUBLIC_KEY_SECRET_ARN"));
    }

    /** A setting that the template may pass as an empty parameter: null when unset or empty. */
    private String nonBlank(String name) {
        return env.optional(name).filter(value -> !value.isBlank()).orElse(null);
    }

    /**
     * The settings of a function that calls WeChat Pay's API ({@code callsApi}: the merchant key signs, the platform key
     * verifies answers) or reads its notifications (the platform key verifies, the APIv3 key decrypts).
     */
    private void requireWeChatPaySettings(boolean callsApi) {
        for (String name : List.of("WECHATPAY_MCH_ID", "WECHATPAY_APP_ID", "WECHATPAY_MCH_SERIAL", "WECHATPAY_PLATFORM_PUBLIC_KEY_ID",
                "WECHATPAY_NOTIFY_URL")) {
            env.require(name);
        }
        if (callsApi) {
            secrets.requireConfigured("WECHATPAY_PRIVATE_KEY", "WECHATPAY_PRIVATE_KEY_SECRET_ARN");
        } else {
            secrets.requireConfigured("WECHATPAY_API_V3_KEY", "WECHATPAY_API_V3_KEY_SECRET_ARN");
        }
        secrets.requireConfigured("WECHATPAY_PLATFORM_PUBLIC_KEY", "WECHATPAY_PLATFORM_PUBLIC_KEY_SECRET_ARN");
    }

    /** WeChat Pay's settings for its API, without the APIv3 key; the keys read on first use. */
    private synchronized WeChatPayConfig weChatPayApiConfig() {
        if (weChatPayApiConfig == null) {
            weChatPayApiConfig = weChatPayConfig(secrets.read("WECHATPAY_PRIVATE_KEY", "WECHATPAY_PRIVATE_KEY_SECRET_ARN"), null);
        }
        return weChatPayApiConfig;
    }

    /** WeChat Pay's settings for its notifications, without the merchant key; the keys read on first use. */
    private synchronized WeChatPayConfig weChatPayNotificationConfig() {
        if (weChatPayNotificationConfig == null) {
            weChatPayNotificationConfig = weChatPayConfig(null, secrets.read("WECHATPAY_API_V3_KEY", "WECHATPAY_API_V3_KEY_SECRET_ARN"));
        }
        return weChatPayNotificationConfig;
    }

    private WeChatPayConfig weChatPayConfig(String merchantPrivateKey, String apiV3Key) {
        var config = WeChatPayConfig.of(env.require("WECHATPAY_MCH_ID"), env.require("WECHATPAY_APP_ID"), env.require("WECHATPAY_MCH_SERIAL"),
                merchantPrivateKey, apiV3Key, env.require("WECHATPAY_PLATFORM_PUBLIC_KEY_ID"),
                secrets.read("WECHATPAY_PLATFORM_PUBLIC_KEY", "WECHATPAY_PLATFORM_PUBLIC_KEY_SECRET_ARN"),
                env.require("WECHATPAY_NOTIFY_URL"));
        return env.optional("WECHATPAY_API_BASE").filter(base -> !base.isBlank()).map(URI::create).map(config::withBaseUri).orElse(config);
    }

    public WebhookInbox inbox() {
        return new DynamoDbWebhookInbox(adapters.dynamoDb(), env.require("TABLE_NAME"), adapters.clock());
    }

    public SettleRefund settleRefund() {
        return new SettleRefund(adapters.orders(), adapters.refunds(), adapters.clock());
    }

    public SendRefund sendRefund() {
        return new SendRefund(adapters.payments(), adapters.refunds(), providers(), settleRefund(), adapters.clock());
    }

    public RefundOrder refundOrder() {
        return new RefundOrder(adapters.orders(), adapters.payments(), adapters.refunds(), adapters.idempotency(), sendRefund(),
                IdGenerator.ulid(), adapters.clock());
    }

    public CompensatePayment compensatePayment() {
        return new CompensatePayment(adapters.orders(), adapters.payments(), refundOrder(), adapters.clock());
    }

    private PaymentTransitions paymentTransitions() {
        return new PaymentTransitions(adapters.payments());
    }

    private ReportPaymentSuccess reportPaymentSuccess() {
        return new ReportPaymentSuccess(adapters.orders(), workflow(), compensatePayment());
    }

    public RequestCharge requestCharge() {
        return new RequestCharge(adapters.payments(), providers(), workflow(), reportPaymentSuccess(), paymentTransitions(),
                adapters.clock());
    }

    public CancelPayment cancelPayment() {
        return new CancelPayment(adapters.payments(), providers(), workflow(), paymentTransitions(), compensatePayment(), adapters.clock());
    }

    public ApplyPaymentEvent applyPaymentEvent() {
        return new ApplyPaymentEvent(adapters.orders(), adapters.payments(), adapters.refunds(), inbox(), workflow(), providers(),
                reportPaymentSuccess(), paymentTransitions(), compensatePayment(), settleRefund(), adapters.clock());
    }

    /**
     * The charge queue as its consumer reads it ({@code CHARGE_QUEUE_URL}): a failed message comes back
     * after 15 s, growing to 15 min.
     */
    public SqsBatch chargeQueueBatch() {
        return new SqsBatch(adapters.sqsOnFirstUse(), env.require("CHARGE_QUEUE_URL"), Duration.ofSeconds(15), Duration.ofMinutes(15));
    }

    /** How often the charge queue delivers a message before its dead-letter queue takes it ({@code CHARGE_MAX_RECEIVES}, default 5). */
    public int chargeMaxReceives() {
        return (int) env.number("CHARGE_MAX_RECEIVES", 5);
    }

    /** The notification queue as its consumer reads it ({@code NOTIFICATION_QUEUE_URL}): a failed message comes back after 10 s, growing to 15 min. */
    public SqsBatch notificationQueueBatch() {
        return new SqsBatch(adapters.sqsOnFirstUse(), env.require("NOTIFICATION_QUEUE_URL"), Duration.ofSeconds(10), Duration.ofMinutes(15));
    }

    public ReceivePaymentEvent receivePaymentEvent() {
        return new ReceivePaymentEvent(eventReaders(), inbox(), new SqsPaymentEventQueue(adapters.sqs(), env.require("NOTIFICATION_QUEUE_URL")));
    }

    private record ProviderOnFirstUse(String name, OnFirstUse<PaymentProvider> adapter) implements PaymentProvider {
        @Override
        public ProviderPayment charge(ChargeRequest request) {
            return adapter.get().charge(request);
        }

        @Override
        public Optional<ProviderPayment> findPayment(String reference) {
            return adapter.get().findPayment(reference);
        }

        @Override
        public Optional<ProviderPayment> findByPaymentId(PaymentId paymentId) {
            return adapter.get().findByPaymentId(paymentId);
        }

        @Override
        public ProviderPayment cancel(String reference) {
            return adapter.get().cancel(reference);
        }

        @Override
        public ProviderRefund refund(RefundRequest request) {
            return adapter.get().refund(request);
        }

        @Override
        public Optional<ProviderRefund> findRefund(String reference) {
            return adapter.get().findRefund(reference);
        }
    }
}
