package dev.checkout.aws.wiring;

import dev.checkout.application.BrowseCatalog;
import dev.checkout.application.CancelOrder;
import dev.checkout.application.ConfirmOrder;
import dev.checkout.application.FulfilOrder;
import dev.checkout.application.PlaceOrder;
import dev.checkout.application.PutProduct;
import dev.checkout.application.ReleaseStock;
import dev.checkout.application.ReserveStock;
import dev.checkout.application.ResendUnsentRefunds;
import dev.checkout.application.SweepStalledCheckouts;
import dev.checkout.application.ViewOrders;
import dev.checkout.application.ViewPayments;
import dev.checkout.aws.dynamodb.DynamoDbCatalog;
import dev.checkout.aws.dynamodb.DynamoDbIdempotencyStore;
import dev.checkout.aws.dynamodb.DynamoDbOrderConfirmation;
import dev.checkout.aws.dynamodb.DynamoDbOrderRepository;
import dev.checkout.aws.dynamodb.DynamoDbPaymentRepository;
import dev.checkout.aws.dynamodb.DynamoDbRefundRepository;
import dev.checkout.aws.dynamodb.DynamoDbStockReservations;
import dev.checkout.aws.dynamodb.StockShards;
import dev.checkout.aws.dynamodb.PageTokenKeys;
import dev.checkout.aws.dynamodb.PageTokens;
import dev.checkout.aws.lambda.Json;
import dev.checkout.aws.sqs.SqsChargeQueueRequests;
import dev.checkout.aws.stepfunctions.StepFunctionsCheckoutWorkflow;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentMethod;
import dev.checkout.port.Catalog;
import dev.checkout.port.CheckoutWorkflow;
import dev.checkout.port.Clock;
import dev.checkout.port.IdGenerator;
import dev.checkout.port.IdempotencyStore;
import dev.checkout.port.OrderConfirmation;
import dev.checkout.port.OrderRepository;
import dev.checkout.port.PaymentRepository;
import dev.checkout.port.PendingPaymentCancellation;
import dev.checkout.port.RefundRepository;
import dev.checkout.port.RefundResend;
import dev.checkout.port.StockReservations;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The adapters a function needs, built from its environment. Each SDK client is built once per
 * sandbox, and only when an invocation first calls it: the workflow and the charge queue hand out
 * adapters whose Step Functions or SQS client is built by their first call, so that, say, a product
 * read never pays for the clients that only a cancel needs. The environment is read when the adapter
 * is handed out, so a missing variable still fails at start. Under SnapStart every client handed
 * out is built before the snapshot (see {@link SnapStartPriming}).
 * Environment: {@code TABLE_NAME}, {@code CHECKOUT_STATE_MACHINE_ARN}, {@code CHARGE_QUEUE_URL},
 * {@code PAYMENT_PLATFORMS}; for a function that serves paged routes ({@link #servingPagedRoutes}),
 * {@code PAGE_TOKEN_KEY_SECRET_ARN} (a Secrets Manager secret) or, for local runs, {@code PAGE_TOKEN_KEY}.
 */
public final class CheckoutAdapters {
    static final String PAGE_TOKEN_KEY = "PAGE_TOKEN_KEY";
    static final String PAGE_TOKEN_KEY_SECRET_ARN = "PAGE_TOKEN_KEY_SECRET_ARN";

    private final FunctionEnvironment env;
    private final AwsClients clients;
    private final Clock clock = Clock.system();
    /** Shared by the reservations and the order confirmation, so a commit names the shard its reserve took. */
    private final StockShards stockShards = StockShards.system();
    private final List<OnFirstUse<?>> handedOut = new CopyOnWriteArrayList<>();
    private volatile Supplier<PageTokenKeys> pageTokenKeys = () -> {
        throw new IllegalStateException("this function serves no paged route: its adapters were not made by CheckoutAdapters.servingPagedRoutes");
    };
    private final PageTokens pageTokens = new PageTokens(() -> pageTokenKeys.get());
    private DynamoDbClient dynamoDb;
    private SfnClient stepFunctions;
    private SqsClient sqs;

    public CheckoutAdapters(FunctionEnvironment env) {
        this.env = env;
        this.clients = new AwsClients(env);
        SnapStartPriming.register(env, "table, JSON and clients", this::prime);
    }

    /**
     * The adapters of a function that serves paged routes: its page tokens are signed with the key
     * ring of {@code PAGE_TOKEN_KEY} (local runs) or of the Secrets Manager secret named by
     * {@code PAGE_TOKEN_KEY_SECRET_ARN}, read once per sandbox when the first token is issued or
     * checked (under SnapStart, before the snapshot), so that a route without paging never reads
     * it. Fails at start, naming both variables, when neither is set.
     */
    public static CheckoutAdapters servingPagedRoutes(FunctionEnvironment env) {
        CheckoutAdapters adapters = new CheckoutAdapters(env);
        SecretValues secrets = new SecretValues(env, adapters.clients);
        secrets.requireConfigured(PAGE_TOKEN_KEY, PAGE_TOKEN_KEY_SECRET_ARN);
        adapters.pageTokenKeys = adapters.onFirstUse(() -> PageTokenKeys.parse(secrets.read(PAGE_TOKEN_KEY, PAGE_TOKEN_KEY_SECRET_ARN)));
        return adapters;
    }

    /**
     * One read of an order that cannot exist (loads and exercises the DynamoDB client's whole
     * request path), a round trip through the JSON code, and every client handed out so far built.
     * Harmless: it changes nothing.
     */
    void prime() {
        orders().find(OrderId.of("ord_00000000000000000000000000"));
        var sample = Json.parse("{\"requestContext\":{\"http\":{\"method\":\"GET\"}},\"body\":\"{}\"}");
        Json.write(sample);
        handedOut.forEach(OnFirstUse::get);
    }

    /** {@code factory}'s product, made by the first {@code get()}; built before a SnapStart snapshot. */
    <T> OnFirstUse<T> onFirstUse(Supplier<T> factory) {
        OnFirstUse<T> value = new OnFirstUse<>(factory);
        handedOut.add(value);
        return value;
    }

    public FunctionEnvironment environment() {
        return env;
    }

    public AwsClients clients() {
        return clients;
    }

    public Clock clock() {
        return clock;
    }

    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = clients.dynamoDb();
        }
        return dynamoDb;
    }

    public synchronized SfnClient stepFunctions() {
        if (stepFunctions == null) {
            stepFunctions = clients.configure(SfnClient.builder(), "SFN").build();
        }
        return stepFunctions;
    }

    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = clients.configure(SqsClient.builder(), "SQS").build();
        }
        return sqs;
    }

    private String table() {
        return env.require("TABLE_NAME");
    }

    public OrderRepository orders() {
        return new DynamoDbOrderRepository(dynamoDb(), table(), pageTokens);
    }

    public Catalog catalog() {
        return new DynamoDbCatalog(dynamoDb(), table(), pageTokens, clock);
    }

    public StockReservations stockReservations() {
        return new DynamoDbStockReservations(dynamoDb(), table(), stockShards);
    }

    public OrderConfirmation orderConfirmation() {
        return new DynamoDbOrderConfirmation(dynamoDb(), table(), stockShards);
    }

    /** Orders placed at catalog prices, once per Idempotency-Key, paid on a platform the shop takes, their checkout started. */
    public PlaceOrder placeOrder() {
        return new PlaceOrder(orders(), catalog(), idempotency(), workflow(), IdGenerator.ulid(), clock, paymentPlatforms());
    }

    /**
     * The payment platforms this deployment takes ({@code PAYMENT_PLATFORMS}, comma-separated; default
     * {@code stripe}). Each one named needs its provider's settings in the charge, notification and refund functions.
     */
    public Set<String> paymentPlatforms() {
        var platforms = new LinkedHashSet<String>();
        for (String name : env.optional("PAYMENT_PLATFORMS").orElse(PaymentMethod.STRIPE).split(",")) {
            if (!name.isBlank()) {
                platforms.add(name.strip());
            }
        }
        return platforms;
    }

    /** Orders with their payments and refunds, for those who may see them. */
    public ViewOrders viewOrders() {
        return new ViewOrders(orders(), payments(), refunds(), clock);
    }

    /** Cancelling an order that awaits payment: stock released, checkout stopped, payments cancelled. */
    public CancelOrder cancelOrder() {
        return new CancelOrder(orders(), stockReservations(), workflow(), pendingPaymentCancellation(), clock);
    }

    /** Shipping and completing paid orders. */
    public FulfilOrder fulfilOrder() {
        return new FulfilOrder(orders(), clock);
    }

    public BrowseCatalog browseCatalog() {
        return new BrowseCatalog(catalog());
    }

    public PutProduct putProduct() {
        return new PutProduct(catalog());
    }

    /** An order's payments and refunds, for those who may see the order. */
    public ViewPayments viewPayments() {
        return new ViewPayments(orders(), payments());
    }

    /** The workflow's step ReserveStock. */
    public ReserveStock reserveStock() {
        return new ReserveStock(stockReservations());
    }

    /** The workflow's steps that give a failed checkout's stock back and close its order. */
    public ReleaseStock releaseStock() {
        return new ReleaseStock(orders(), stockReservations(), pendingPaymentCancellation(), clock);
    }

    /** The workflow's step ConfirmOrder. */
    public ConfirmOrder confirmOrder() {
        return new ConfirmOrder(orders(), stockReservations(), orderConfirmation(), clock);
    }

    /**
     * The scheduled sweep of checkouts that stalled: restarted 2 minutes after the order was placed, cancelled
     * an hour past the payment window ({@code PAYMENT_WINDOW_SECONDS}, default 900).
     */
    public SweepStalledCheckouts sweepStalledCheckouts() {
        Duration window = Duration.ofSeconds(env.number("PAYMENT_WINDOW_SECONDS", 900));
        return new SweepStalledCheckouts(orders(), workflow(), releaseStock(), clock,
                Duration.ofMinutes(2), window.plusHours(1));
    }

    /** The sweep's resending of refunds the provider has not accepted {@code REFUND_RESEND_AFTER_SECONDS} (default 300) after they were stored. */
    public ResendUnsentRefunds resendUnsentRefunds() {
        return new ResendUnsentRefunds(refunds(), refundResend(), clock, Duration.ofSeconds(env.number("REFUND_RESEND_AFTER_SECONDS", 300)));
    }

    public PaymentRepository payments() {
        return new DynamoDbPaymentRepository(dynamoDb(), table());
    }

    public RefundRepository refunds() {
        return new DynamoDbRefundRepository(dynamoDb(), table());
    }

    public IdempotencyStore idempotency() {
        return new DynamoDbIdempotencyStore(dynamoDb(), table(), clock);
    }

    /** Cancellation through the charge queue; the SQS client is built by the first cancellation. */
    public PendingPaymentCancellation pendingPaymentCancellation() {
        OnFirstUse<SqsChargeQueueRequests> adapter = chargeQueueRequests();
        return orderId -> adapter.get().cancelPendingPayments(orderId);
    }

    /** Refunds sent again through the charge queue; the SQS client is built by the first one. */
    public RefundResend refundResend() {
        OnFirstUse<SqsChargeQueueRequests> adapter = chargeQueueRequests();
        return (orderId, refundId) -> adapter.get().resend(orderId, refundId);
    }

    private OnFirstUse<SqsChargeQueueRequests> chargeQueueRequests() {
        String queueUrl = env.require("CHARGE_QUEUE_URL");
        return onFirstUse(() -> new SqsChargeQueueRequests(sqs(), queueUrl));
    }

    /** The checkout state machine; the Step Functions client is built by the first call. */
    public CheckoutWorkflow workflow() {
        String stateMachineArn = env.require("CHECKOUT_STATE_MACHINE_ARN");
        return new WorkflowOnFirstUse(onFirstUse(() -> new StepFunctionsCheckoutWorkflow(stepFunctions(), stateMachineArn)));
    }

    /** The SQS client, built when first asked for, e.g. by a queue consumer that delays a failed message. */
    public Supplier<SqsClient> sqsOnFirstUse() {
        return onFirstUse(this::sqs);
    }

    private record WorkflowOnFirstUse(OnFirstUse<CheckoutWorkflow> adapter) implements CheckoutWorkflow {
        @Override
        public void start(Order order) {
            adapter.get().start(order);
        }

        @Override
        public void stop(OrderId orderId, String cause) {
            adapter.get().stop(orderId, cause);
        }

        @Override
        public Optional<Payment> paymentLeftByStoppedCheckout(OrderId orderId) {
            return adapter.get().paymentLeftByStoppedCheckout(orderId);
        }

        @Override
        public boolean isWaiting(String taskToken) {
            return adapter.get().isWaiting(taskToken);
        }

        @Override
        public boolean paymentSucceeded(String taskToken, Payment payment) {
            return adapter.get().paymentSucceeded(taskToken, payment);
        }

        @Override
        public boolean paymentFailed(String taskToken, String error, String cause) {
            return adapter.get().paymentFailed(taskToken, error, cause);
        }
    }
}
