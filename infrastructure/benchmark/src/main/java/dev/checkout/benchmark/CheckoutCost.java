package dev.checkout.benchmark;

import dev.checkout.local.cloud.LocalCloud;
import dev.checkout.local.cloud.SdkCallMeter;
import dev.checkout.local.stepfunctions.ExecutionDescription;
import dev.checkout.local.stepfunctions.ExecutionStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What one happy-path checkout (from POST /orders to the workflow's end) costs in AWS requests, for
 * each way to pay ({@link Way}): it runs checkouts one after another through the local cloud's HTTP
 * API, waits for the system to go quiet (the payment's notifications are handled after the workflow
 * resumes), and divides the metered totals by the number of checkouts. The benchmark itself makes no
 * AWS call meanwhile: it awaits each execution in the engine rather than polling the API, and a
 * wallet's customer pays through the platform's simulator once the workflow waits on the payment and
 * the trade exists there (its {@code out_trade_no} is the payment id, known from the order id).
 */
final class CheckoutCost {

    /** A way to pay whose checkout is metered, and the {@code paymentMethod} the order names. */
    enum Way {
        STRIPE_CARD("\"pm_card_visa\""),
        ALIPAY_QR("{\"platform\":\"alipay\",\"type\":\"qr\"}"),
        WECHATPAY_NATIVE("{\"platform\":\"wechatpay\",\"type\":\"native\"}");

        final String paymentMethod;

        Way(String paymentMethod) {
            this.paymentMethod = paymentMethod;
        }

        /** E.g. {@code alipay qr}. */
        String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }

        /** The wallets take yuan only. */
        String currency() {
            return this == STRIPE_CARD ? "USD" : "CNY";
        }
    }

    /** Per-checkout averages. */
    record Result(int checkouts,
                  Map<String, Double> dynamoDbCalls,
                  double readUnits,
                  double writeUnits,
                  Map<String, Double> sqsRequests,
                  double sqsBilledRequests,
                  double sqsIdlePolls,
                  Map<String, Double> stepFunctionsApiCalls,
                  double stateTransitions,
                  Map<String, Double> invocations,
                  double apiRequests,
                  double webhooks,
                  Map<String, Double> dynamoDbCallsByFunction) {

        double dynamoDbCallTotal() {
            return dynamoDbCalls.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        double invocationTotal() {
            return invocations.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private CheckoutCost() {
    }

    static Result measure(LocalCloud cloud, ShopClient api, String token, String sku, int checkouts) {
        return measure(cloud, api, token, sku, checkouts, Way.STRIPE_CARD);
    }

    /** {@code sku}: a product priced in {@code way}'s currency, with plenty of stock. */
    static Result measure(LocalCloud cloud, ShopClient api, String token, String sku, int checkouts, Way way) {
        awaitQuiet(cloud);
        SdkCallMeter.reset();
        // Units by AWS's rules, as DynamoDB receives the requests (DynamoDB Local's own figure is 4 for any transaction).
        var units = cloud.services().dynamoDbItemLimits();
        units.meter(true);
        long receivesBefore = SqsDeliveryMeter.nonEmptyReceives();
        Map<String, Long> invocationsBefore = cloud.invocations();
        int webhooksBefore = deliveries(cloud);
        String machine = cloud.stateMachineArn("CheckoutStateMachine");

        long transitions = 0;
        for (int i = 0; i < checkouts; i++) {
            String orderId = api.orderPaidWith(token, sku, way.paymentMethod);
            if (way != Way.STRIPE_CARD) {
                // The trade's out_trade_no is the payment id (Alipay), without its "pay_" (WeChat Pay: 32 characters at most).
                String paymentId = orderId.substring("ord_".length()) + "_1";
                customerPays(cloud, way, executionArn(machine, orderId), way == Way.ALIPAY_QR ? "pay_" + paymentId : paymentId);
            }
            ExecutionDescription done = awaitExecution(cloud, executionArn(machine, orderId));
            if (done.status() != ExecutionStatus.SUCCEEDED) {
                throw new IllegalStateException("checkout " + orderId + " ended " + done.status() + ": " + done.error() + " " + done.cause());
            }
            transitions += cloud.engine().stateTransitions(done.executionArn());
        }
        awaitQuiet(cloud);

        Map<String, Long> calls = SdkCallMeter.calls();
        var dynamoDb = new TreeMap<String, Double>();
        var sqs = new TreeMap<String, Double>();
        var sfn = new TreeMap<String, Double>();
        calls.forEach((operation, count) -> {
            double perCheckout = (double) count / checkouts;
            // The SDK names services DynamoDb, Sqs, Sfn (spellings vary across SDK versions).
            String service = operation.substring(0, operation.indexOf('.')).toLowerCase(java.util.Locale.ROOT);
            String name = operation.substring(operation.indexOf('.') + 1);
            switch (service) {
                case "dynamodb" -> dynamoDb.put(name, perCheckout);
                case "sqs" -> sqs.put(name, perCheckout);
                case "sfn" -> sfn.put(name, perCheckout);
                default -> { }
            }
        });
        double receives = sqs.getOrDefault("ReceiveMessage", 0.0);
        double deliveringReceives = (double) (SqsDeliveryMeter.nonEmptyReceives() - receivesBefore) / checkouts;
        double billedSqs = sqs.entrySet().stream().filter(e -> !e.getKey().equals("ReceiveMessage")).mapToDouble(Map.Entry::getValue).sum()
                + deliveringReceives;

        var invocations = new LinkedHashMap<String, Double>();
        cloud.invocations().forEach((function, count) -> {
            long delta = count - invocationsBefore.getOrDefault(function, 0L);
            if (delta > 0) {
                invocations.put(function, (double) delta / checkouts);
            }
        });
        double webhooks = (double) (deliveries(cloud) - webhooksBefore) / checkouts;
        var byFunction = new TreeMap<String, Double>();
        SdkCallMeter.callsByFunction().forEach((key, count) -> {
            if (key.toLowerCase(java.util.Locale.ROOT).contains(" dynamodb.")) {
                byFunction.merge(key.substring(0, key.indexOf(' ')), (double) count / checkouts, Double::sum);
            }
        });
        double readUnits = units.consumedReadUnits();
        double writeUnits = units.consumedWriteUnits();
        units.meter(false);
        return new Result(checkouts, dynamoDb, readUnits / checkouts, writeUnits / checkouts,
                sqs, billedSqs, receives - deliveringReceives, sfn, (double) transitions / checkouts, invocations, 1 + webhooks, webhooks, byFunction);
    }

    /**
     * The wallet customer pays once the checkout waits on its payment, the trade exists at the platform and the
     * functions are idle (the charge has recorded the payment), as a customer scanning the code a moment later would.
     */
    private static void customerPays(LocalCloud cloud, Way way, String executionArn, String outTradeNo) {
        try {
            cloud.engine().awaitTaskToken(executionArn, Duration.ofSeconds(60));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("checkout " + executionArn + " never waited on its payment", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while ((way == Way.ALIPAY_QR ? cloud.alipaySimulator().trade(outTradeNo).isEmpty() : cloud.weChatPaySimulator().trade(outTradeNo).isEmpty())
                && System.nanoTime() < deadline) {
            sleep(20);
        }
        awaitQuiet(cloud);
        if (way == Way.ALIPAY_QR) {
            cloud.alipaySimulator().pay(outTradeNo);
        } else {
            cloud.weChatPaySimulator().pay(outTradeNo);
        }
    }

    /** Notification delivery attempts of the three platforms so far. */
    private static int deliveries(LocalCloud cloud) {
        return cloud.paymentSimulator().deliveries().size() + cloud.alipaySimulator().deliveries().size()
                + cloud.weChatPaySimulator().deliveries().size();
    }

    static String executionArn(String stateMachineArn, String name) {
        return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name;
    }

    static ExecutionDescription awaitExecution(LocalCloud cloud, String executionArn) {
        try {
            return cloud.engine().termination(executionArn).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("execution " + executionArn + " did not end: " + e, e);
        }
    }

    /**
     * Longer than the statistics stream's batching window (1 s in the template): a batch gathering the last
     * checkout's records is invoked up to that long after the checkout's last write.
     */
    private static final Duration QUIET = Duration.ofMillis(1_500);

    /**
     * Waits until no function has been invoked, no notification delivered and no AWS call made but the event
     * sources' polling for {@link #QUIET} (at most 20 s): the webhooks of the last checkout have been handled,
     * and its stream records counted.
     */
    static void awaitQuiet(LocalCloud cloud) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String last = activity(cloud);
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            sleep(100);
            String now = activity(cloud);
            if (!now.equals(last)) {
                last = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > QUIET.toNanos()) {
                return;
            }
        }
    }

    /** Polling never stops (the queues' receives, the table stream's reads): only the other calls tell of work. */
    private static String activity(LocalCloud cloud) {
        return SdkCallMeter.callsExceptPollers() + " " + cloud.invocations() + " " + deliveries(cloud);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
