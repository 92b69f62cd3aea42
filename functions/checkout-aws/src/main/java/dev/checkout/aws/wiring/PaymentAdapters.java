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
import dev.checkout.aws.sqs.SqsPaymentEventQueue;
import dev.checkout.port.CheckoutWorkflow;
import dev.checkout.port.IdGenerator;
import dev.checkout.port.PaymentEventReader;
import dev.checkout.port.PaymentProvider;
import dev.checkout.port.WebhookInbox;
import java.time.Duration;
import java.util.Optional;

/**
 * The payment side of a function: the provider, its webhook reader, the inbox and the payment use
 * cases, built from the environment. The provider's client (and the API key, which may be a
 * Secrets Manager lookup) is made by the first call that reaches the provider: a payment event that
 * needs no refund, say, never makes it.
 *
 * <p>Environment: {@code PAYMENT_PROVIDER} ({@code stripe}, the only one so far);
 * {@code STRIPE_API_KEY} (local runs) or {@code STRIPE_API_KEY_SECRET_ARN} (a Secrets Manager secret
 * holding the key); {@code STRIPE_WEBHOOK_SECRET} or {@code STRIPE_WEBHOOK_SECRET_ARN};
 * {@code STRIPE_API_BASE} (unset in production; the simulator's URL locally);
 * {@code STRIPE_MAX_NETWORK_RETRIES} (default 1), {@code STRIPE_READ_TIMEOUT_MS} (default 10000);
 * {@code NOTIFICATION_QUEUE_URL} for the webhook receiver.
 */
public final class PaymentAdapters {
    private final CheckoutAdapters adapters;
    private final FunctionEnvironment env;
    private final SecretValues secrets;
    private CheckoutWorkflow workflow;
    private PaymentProvider provider;
    private String webhookSecret;

    public PaymentAdapters(CheckoutAdapters adapters) {
        this.adapters = adapters;
        this.env = adapters.environment();
        this.secrets = new SecretValues(env, adapters.clients());
        // A lookup of a payment that does not exist loads the provider client's request, JSON and
        // error paths before the snapshot.
        SnapStartPriming.register(env, "payment provider", () -> provider().findPayment("pi_snapstart_priming"));
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

    /** The provider; its client is built by the first call that reaches the provider. */
    public synchronized PaymentProvider provider() {
        if (provider == null) {
            requireStripe();
            secrets.requireConfigured("STRIPE_API_KEY", "STRIPE_API_KEY_SECRET_ARN");
            int maxNetworkRetries = (int) env.number("STRIPE_MAX_NETWORK_RETRIES", 1);
            int readTimeoutMillis = (int) env.number("STRIPE_READ_TIMEOUT_MS", 10_000);
            provider = new ProviderOnFirstUse(StripePaymentProvider.NAME, adapters.onFirstUse(() -> {
                var builder = StripeClient.builder()
                        .setApiKey(secrets.read("STRIPE_API_KEY", "STRIPE_API_KEY_SECRET_ARN"))
                        .setMaxNetworkRetries(maxNetworkRetries)
                        .setConnectTimeout(2_000)
                        .setReadTimeout(readTimeoutMillis);
                env.optional("STRIPE_API_BASE").ifPresent(builder::setApiBase);
                return new StripePaymentProvider(builder.build());
            }));
        }
        return provider;
    }

    /** The webhook reader; the signing secret is read when the first event is verified. */
    public synchronized PaymentEventReader eventReader() {
        requireStripe();
        if (webhookSecret == null) {
            webhookSecret = secrets.read("STRIPE_WEBHOOK_SECRET", "STRIPE_WEBHOOK_SECRET_ARN");
        }
        String secret = webhookSecret;
        return new StripePaymentEventReader(() -> secret);
    }

    /** Reads already verified events (from the notification queue); needs no secret. */
    public PaymentEventReader eventParser() {
        requireStripe();
        return new StripePaymentEventReader(() -> {
            throw new IllegalStateException("this reader only reads events that were verified on receipt");
        });
    }

    public WebhookInbox inbox() {
        return new DynamoDbWebhookInbox(adapters.dynamoDb(), env.require("TABLE_NAME"), adapters.clock());
    }

    public SettleRefund settleRefund() {
        return new SettleRefund(adapters.orders(), adapters.refunds(), adapters.clock());
    }

    public SendRefund sendRefund() {
        return new SendRefund(adapters.payments(), adapters.refunds(), provider(), settleRefund(), adapters.clock());
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
        return new RequestCharge(adapters.payments(), provider(), workflow(), reportPaymentSuccess(), paymentTransitions(),
                adapters.clock());
    }

    public CancelPayment cancelPayment() {
        return new CancelPayment(adapters.payments(), provider(), workflow(), paymentTransitions(), compensatePayment(), adapters.clock());
    }

    public ApplyPaymentEvent applyPaymentEvent() {
        return new ApplyPaymentEvent(adapters.orders(), adapters.payments(), adapters.refunds(), inbox(), workflow(), provider(),
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
        return new ReceivePaymentEvent(eventReader(), inbox(), new SqsPaymentEventQueue(adapters.sqs(), env.require("NOTIFICATION_QUEUE_URL")));
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

    private void requireStripe() {
        String name = env.optional("PAYMENT_PROVIDER").orElse(StripePaymentProvider.NAME);
        if (!name.equals(StripePaymentProvider.NAME)) {
            throw new IllegalStateException("PAYMENT_PROVIDER is '" + name + "'; only 'stripe' is implemented");
        }
    }
}
