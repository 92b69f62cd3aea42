package dev.checkout.aws.wiring;

import dev.checkout.aws.dynamodb.DynamoDbIdempotencyStore;
import dev.checkout.aws.dynamodb.DynamoDbOrderRepository;
import dev.checkout.aws.dynamodb.DynamoDbPaymentRepository;
import dev.checkout.aws.dynamodb.DynamoDbRefundRepository;
import dev.checkout.aws.dynamodb.DynamoDbStockRepository;
import dev.checkout.aws.sqs.SqsPendingPaymentCancellation;
import dev.checkout.aws.stepfunctions.StepFunctionsCheckoutWorkflow;
import dev.checkout.port.CheckoutWorkflow;
import dev.checkout.port.Clock;
import dev.checkout.port.IdempotencyStore;
import dev.checkout.port.OrderRepository;
import dev.checkout.port.PaymentRepository;
import dev.checkout.port.PendingPaymentCancellation;
import dev.checkout.port.RefundRepository;
import dev.checkout.port.StockRepository;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The adapters a function needs, built from its environment. Clients are created on first use, so
 * a function pays only for the SDK clients it touches; each is built once per sandbox.
 * Environment: {@code TABLE_NAME}, {@code CHECKOUT_STATE_MACHINE_ARN}, {@code CHARGE_QUEUE_URL},
 * {@code PAYMENT_PROVIDER}.
 */
public final class CheckoutAdapters {
    private final FunctionEnvironment env;
    private final AwsClients clients;
    private final Clock clock = Clock.system();
    private DynamoDbClient dynamoDb;
    private SfnClient stepFunctions;
    private SqsClient sqs;

    public CheckoutAdapters(FunctionEnvironment env) {
        this.env = env;
        this.clients = new AwsClients(env);
        SnapStartPriming.register(env, "table and JSON", this::prime);
    }

    /**
     * One read of an order that cannot exist (loads and exercises the DynamoDB client's whole
     * request path) and a round trip through the JSON mapper. Harmless: it changes nothing.
     */
    void prime() {
        orders().find(dev.checkout.domain.OrderId.of("ord_00000000000000000000000000"));
        var sample = dev.checkout.aws.lambda.Json.parse("{\"requestContext\":{\"http\":{\"method\":\"GET\"}},\"body\":\"{}\"}");
        dev.checkout.aws.lambda.Json.write(sample);
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
        return new DynamoDbOrderRepository(dynamoDb(), table());
    }

    public StockRepository stock() {
        return new DynamoDbStockRepository(dynamoDb(), table());
    }

    public PaymentRepository payments() {
        return new DynamoDbPaymentRepository(dynamoDb(), table());
    }

    public RefundRepository refunds() {
        return new DynamoDbRefundRepository(dynamoDb(), table(), env.optional("PAYMENT_PROVIDER").orElse("stripe"));
    }

    public IdempotencyStore idempotency() {
        return new DynamoDbIdempotencyStore(dynamoDb(), table(), clock);
    }

    public PendingPaymentCancellation pendingPaymentCancellation() {
        return new SqsPendingPaymentCancellation(sqs(), env.require("CHARGE_QUEUE_URL"));
    }

    public CheckoutWorkflow workflow() {
        return new StepFunctionsCheckoutWorkflow(stepFunctions(), env.require("CHECKOUT_STATE_MACHINE_ARN"));
    }
}
