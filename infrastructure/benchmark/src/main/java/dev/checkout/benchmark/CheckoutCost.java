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
 * What one happy-path checkout (pm_card_visa, from POST /orders to the workflow's end) costs in AWS
 * requests: it runs checkouts one after another through the local cloud's HTTP API, waits for the
 * system to go quiet (the payment's webhooks are handled after the workflow resumes), and divides
 * the metered totals by the number of checkouts. The benchmark itself makes no AWS call meanwhile:
 * it awaits each execution in the engine rather than polling the API.
 */
final class CheckoutCost {

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
        awaitQuiet(cloud);
        SdkCallMeter.reset();
        long receivesBefore = SqsDeliveryMeter.nonEmptyReceives();
        Map<String, Long> invocationsBefore = cloud.invocations();
        int webhooksBefore = cloud.paymentSimulator().deliveries().size();
        String machine = cloud.stateMachineArn("CheckoutStateMachine");

        long transitions = 0;
        for (int i = 0; i < checkouts; i++) {
            String orderId = api.order(token, sku, "pm_card_visa");
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
        double webhooks = (double) (cloud.paymentSimulator().deliveries().size() - webhooksBefore) / checkouts;
        var byFunction = new TreeMap<String, Double>();
        SdkCallMeter.callsByFunction().forEach((key, count) -> {
            if (key.toLowerCase(java.util.Locale.ROOT).contains(" dynamodb.")) {
                byFunction.merge(key.substring(0, key.indexOf(' ')), (double) count / checkouts, Double::sum);
            }
        });
        return new Result(checkouts, dynamoDb, SdkCallMeter.readCapacityUnits() / checkouts, SdkCallMeter.writeCapacityUnits() / checkouts,
                sqs, billedSqs, receives - deliveringReceives, sfn, (double) transitions / checkouts, invocations, 1 + webhooks, webhooks, byFunction);
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
     * Waits until no function has been invoked and no DynamoDB or SQS send call made for half a
     * second (at most 20 s): the webhooks of the last checkout have been handled.
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
            } else if (System.nanoTime() - quietSince > Duration.ofMillis(500).toNanos()) {
                return;
            }
        }
    }

    private static String activity(LocalCloud cloud) {
        var relevant = new TreeMap<String, Long>();
        SdkCallMeter.calls().forEach((operation, count) -> {
            if (!operation.endsWith("ReceiveMessage")) {
                relevant.put(operation, count);
            }
        });
        return relevant + " " + cloud.invocations() + " " + cloud.paymentSimulator().deliveries().size();
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
