package dev.checkout.aws.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.application.RequestCharge;
import dev.checkout.aws.lambda.Json;
import dev.checkout.aws.wiring.CheckoutAdapters;
import dev.checkout.aws.wiring.FunctionEnvironment;
import dev.checkout.aws.wiring.PaymentAdapters;
import dev.checkout.domain.IdempotencyRecord;
import dev.checkout.domain.Money;
import dev.checkout.domain.Order;
import dev.checkout.domain.OrderLine;
import dev.checkout.domain.Sku;
import dev.checkout.domain.UserId;
import dev.checkout.local.payments.PaymentSimulator;
import dev.checkout.local.payments.PaymentSimulatorConfig;
import dev.checkout.local.services.Events;
import dev.checkout.local.services.LocalServices;
import dev.checkout.port.Catalog;
import dev.checkout.port.IdGenerator;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The payment side of a test: the payment-provider simulator (one per test JVM), queues in ElasticMQ,
 * and a function environment pointing the production adapters at them.
 */
public final class LocalPayments {
    public static final String API_KEY = "sk_test_local_only";
    private static PaymentSimulator simulator;

    public final String chargeQueueUrl;
    public final String notificationQueueUrl;
    public final FunctionEnvironment env;
    public final TaskTokenWorkflow workflow = new TaskTokenWorkflow();
    public final PaymentAdapters adapters;

    public LocalPayments() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        var sqs = LocalServices.shared().sqsClient();
        this.chargeQueueUrl = sqs.createQueue(r -> r.queueName("charge-" + suffix)).queueUrl();
        this.notificationQueueUrl = sqs.createQueue(r -> r.queueName("notification-" + suffix)).queueUrl();
        var variables = new HashMap<String, String>();
        variables.put("STRIPE_API_BASE", simulator().baseUrl());
        variables.put("STRIPE_API_KEY", API_KEY);
        variables.put("STRIPE_WEBHOOK_SECRET", simulator().webhookSecret());
        variables.put("STRIPE_MAX_NETWORK_RETRIES", "0");
        variables.put("STRIPE_READ_TIMEOUT_MS", "2000");
        variables.put("CHARGE_QUEUE_URL", chargeQueueUrl);
        variables.put("NOTIFICATION_QUEUE_URL", notificationQueueUrl);
        variables.put("CHECKOUT_STATE_MACHINE_ARN", "arn:aws:states:us-east-1:000000000000:stateMachine:checkout");
        this.env = LocalEnvironment.of(variables);
        this.adapters = new PaymentAdapters(new CheckoutAdapters(env), workflow);
    }

    private static boolean mugsStocked;

    /** Plenty of the SKU the test orders buy, so that their stock can be reserved. */
    private static synchronized void stockMugs(Catalog catalog) {
        if (!mugsStocked) {
            catalog.put(Sku.of("MUG-01"), "Enamel mug", Money.of(2500, "USD"), 1_000_000);
            mugsStocked = true;
        }
    }

    /** The simulator shared by the test JVM; tests that switch faults on switch them off again. */
    public static synchronized PaymentSimulator simulator() {
        if (simulator == null) {
            simulator = PaymentSimulator.start(PaymentSimulatorConfig.forTests().withTimeoutHold(java.time.Duration.ofSeconds(4)));
            Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "payment-simulator-stop"));
        }
        return simulator;
    }

    /** A new order of 2 x 2500 USD awaiting payment with {@code paymentMethod}, stored in the table. */
    public Order placeOrder(String user, String paymentMethod) {
        stockMugs(adapters.checkout().catalog());
        Instant now = Instant.now();
        Order order = Order.place(IdGenerator.ulid().newOrderId(now), UserId.of(user),
                List.of(new OrderLine(Sku.of("MUG-01"), 2, Money.of(2500, "USD"))), paymentMethod, now);
        adapters.checkout().orders().create(order,
                new IdempotencyRecord("test#" + order.orderId(), "h", order.orderId().value(), now, now.plusSeconds(600)));
        return order;
    }

    /** The charge-queue message the workflow sends for {@code order}. */
    public static RequestCharge.Command chargeMessage(Order order, String taskToken) {
        return new RequestCharge.Command(order.orderId(), 1, taskToken, order.total(), order.paymentMethod().orElse(null), 1, 5);
    }

    /**
     * Takes {@code order} through the checkout's steps with the production use cases: reserve its stock,
     * charge it, and, when the provider took the money, confirm it as ConfirmOrder does. Returns the order as stored.
     */
    public Order pay(Order order, String taskToken) {
        adapters.checkout().reserveStock().reserve(order.orderId(), order.stockLines());
        adapters.requestCharge().charge(chargeMessage(order, taskToken));
        if (workflow.successes(taskToken) > 0) {
            adapters.checkout().confirmOrder().confirm(order.orderId(), order.stockLines(), workflow.resumedWith(taskToken));
        }
        return adapters.checkout().orders().find(order.orderId()).orElseThrow();
    }

    /** An SQS event like the one in {@code events/<template>}, carrying {@code messages} as received from ElasticMQ. */
    public static String sqsEvent(String template, List<Message> messages) {
        ObjectNode event = (ObjectNode) Json.parse(Events.read(template));
        ObjectNode model = (ObjectNode) event.path("Records").get(0);
        ArrayNode records = event.putArray("Records");
        for (Message message : messages) {
            ObjectNode record = model.deepCopy();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", message.body());
            ((ObjectNode) record.path("attributes")).put("ApproximateReceiveCount",
                    message.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
            records.add(record);
        }
        return Json.write(event);
    }

    /** Sends {@code body} to the queue and receives it back (with receipt handle and receive count). */
    public static Message sendAndReceive(String queueUrl, String body) {
        var sqs = LocalServices.shared().sqsClient();
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
        return receive(queueUrl, 1).get(0);
    }

    /** Receives up to {@code max} messages, waiting up to a second for the first; hides them for 1 s. */
    public static List<Message> receive(String queueUrl, int max) {
        return receive(queueUrl, max, 1);
    }

    /** What is on the queue now, without waiting (to check that nothing was enqueued). */
    public static List<Message> receiveNow(String queueUrl) {
        return receive(queueUrl, 10, 0);
    }

    private static List<Message> receive(String queueUrl, int max, int waitSeconds) {
        return LocalServices.shared().sqsClient().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(max)
                .waitTimeSeconds(waitSeconds).visibilityTimeout(1)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
    }

    /** A {@code Stripe-Signature} header for {@code payload} at {@code timestamp} (epoch seconds). */
    public static String stripeSignature(String payload, String secret, long timestamp) {
        return stripeSignature(payload.getBytes(StandardCharsets.UTF_8), secret, timestamp);
    }

    /** A {@code Stripe-Signature} header over {@code payload}'s bytes, whatever they are (HMAC-SHA256 of {@code t.payload}). */
    public static String stripeSignature(byte[] payload, String secret, long timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            String v1 = HexFormat.of().formatHex(mac.doFinal(payload));
            return "t=" + timestamp + ",v1=" + v1;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, String> headers(String signature) {
        return signature == null ? Map.of() : Map.of("stripe-signature", signature);
    }
}
