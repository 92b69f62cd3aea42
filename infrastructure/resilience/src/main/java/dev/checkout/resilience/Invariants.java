package dev.checkout.resilience;

import dev.checkout.local.cloud.LocalCloud;
import dev.checkout.local.payments.DeliveryOutcome;
import dev.checkout.local.stepfunctions.ExecutionDescription;
import dev.checkout.local.stepfunctions.ExecutionStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The campaign's invariants, checked once the system is quiet, from what the table holds and what the payment
 * provider did. Each broken invariant is one violation, named by the invariant and the order, SKU or message it is
 * about.
 */
final class Invariants {
    static final Set<String> PAID_STATUSES = Set.of("PAID", "SHIPPED", "COMPLETED");
    static final Set<String> TERMINAL = Set.of("PAID", "SHIPPED", "COMPLETED", "PARTIALLY_REFUNDED", "REFUNDED",
            "CANCELLED", "REJECTED");
    private static final Set<String> SOLD_STATUSES = Set.of("PAID", "SHIPPED", "COMPLETED", "PARTIALLY_REFUNDED", "REFUNDED");

    /** What the check found: violations by invariant, and the counts it printed. */
    record Result(Map<String, List<String>> violations, Map<String, Long> statuses, long waiting, long webhooksApplied,
                  long deadLetters, Map<String, Long> heldByPlatform) {
        long violationCount() {
            return violations.values().stream().mapToLong(List::size).sum();
        }
    }

    private final LocalCloud cloud;
    private final Platforms platforms;
    private final Map<String, Long> initialStock;
    private final Set<String> placedOrders;
    private final Set<String> mismatchedEvents;
    private final Map<String, List<String>> violations = new LinkedHashMap<>();

    /** {@code mismatchedEvents}: ids of the signed events sent that did not match their payment; each must be refused. */
    Invariants(LocalCloud cloud, Platforms platforms, Map<String, Long> initialStock, Set<String> placedOrders, Set<String> mismatchedEvents) {
        this.cloud = cloud;
        this.platforms = platforms;
        this.initialStock = initialStock;
        this.placedOrders = placedOrders;
        this.mismatchedEvents = mismatchedEvents;
        for (String name : List.of("no oversell", "stock conserved", "money matches status", "terminal or waiting",
                "webhooks applied once", "mismatched events change nothing", "dead-letter queues empty")) {
            violations.put(name, new ArrayList<>());
        }
    }

    Result check() {
        List<Map<String, AttributeValue>> items = scan(cloud.services().dynamoDbClient(), cloud.services().tableName("CheckoutTable"));
        Map<String, Map<String, AttributeValue>> orders = new TreeMap<>();
        Map<String, List<Map<String, AttributeValue>>> payments = new HashMap<>();
        Map<String, List<Map<String, AttributeValue>>> refunds = new HashMap<>();
        Map<String, Map<String, AttributeValue>> reservations = new HashMap<>();
        Map<String, Map<String, AttributeValue>> stock = new TreeMap<>();
        List<Map<String, AttributeValue>> inbox = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            String pk = item.get("PK").s();
            String sk = item.get("SK").s();
            if (pk.startsWith("ORDER#")) {
                String orderId = pk.substring("ORDER#".length());
                if (sk.equals("ORDER")) {
                    orders.put(orderId, item);
                } else if (sk.equals("RESERVATION")) {
                    reservations.put(orderId, item);
                } else if (sk.startsWith("PAYMENT#")) {
                    payments.computeIfAbsent(orderId, k -> new ArrayList<>()).add(item);
                } else if (sk.startsWith("REFUND#")) {
                    refunds.computeIfAbsent(orderId, k -> new ArrayList<>()).add(item);
                }
            } else if (pk.startsWith("PRODUCT#") && sk.equals("STOCK")) {
                stock.put(pk.substring("PRODUCT#".length()), item);
            } else if (pk.startsWith("WEBHOOK#")) {
                inbox.add(item);
            }
        }
        Set<String> running = cloud.engine().listExecutions(cloud.stateMachineArn("CheckoutStateMachine"), ExecutionStatus.RUNNING)
                .stream().map(ExecutionDescription::name).collect(Collectors.toSet());

        checkStock(orders, reservations, stock);
        Map<String, Long> held = checkMoney(orders, payments, refunds);
        long waiting = checkProgress(orders, payments, refunds, running);
        long applied = checkWebhooks(inbox);
        long deadLetters = checkDeadLetters();

        Map<String, Long> statuses = new TreeMap<>();
        orders.values().forEach(o -> statuses.merge(o.get("status").s(), 1L, Long::sum));
        return new Result(violations, statuses, waiting, applied, deadLetters, held);
    }

    private void checkStock(Map<String, Map<String, AttributeValue>> orders, Map<String, Map<String, AttributeValue>> reservations,
                            Map<String, Map<String, AttributeValue>> stock) {
        Map<String, Long> soldByOrders = new HashMap<>();
        Map<String, Long> heldByOrders = new HashMap<>();
        orders.forEach((orderId, order) -> {
            String status = order.get("status").s();
            Map<String, AttributeValue> reservation = reservations.get(orderId);
            boolean held = reservation != null && "RESERVED".equals(reservation.get("status").s());
            for (AttributeValue line : order.get("lines").l()) {
                String sku = line.m().get("sku").s();
                long quantity = Long.parseLong(line.m().get("quantity").n());
                if (SOLD_STATUSES.contains(status)) {
                    soldByOrders.merge(sku, quantity, Long::sum);
                }
                if (held) {
                    heldByOrders.merge(sku, quantity, Long::sum);
                }
            }
        });
        initialStock.forEach((sku, initial) -> {
            Map<String, AttributeValue> item = stock.get(sku);
            long available = number(item, "available");
            long reserved = number(item, "reserved");
            long sold = number(item, "sold");
            if (sold > initial) {
                violations.get("no oversell").add(sku + ": sold " + sold + " of " + initial);
            }
            if (available + reserved + sold != initial || available < 0 || reserved < 0) {
                violations.get("stock conserved").add(sku + ": initial " + initial + " != available " + available
                        + " + reserved " + reserved + " + sold " + sold);
            }
            if (sold != soldByOrders.getOrDefault(sku, 0L)) {
                violations.get("stock conserved").add(sku + ": sold " + sold + " but paid orders hold " + soldByOrders.getOrDefault(sku, 0L));
            }
            if (reserved != heldByOrders.getOrDefault(sku, 0L)) {
                violations.get("stock conserved").add(sku + ": reserved " + reserved + " but open reservations hold "
                        + heldByOrders.getOrDefault(sku, 0L));
            }
        });
    }

    /** What the table holds of an order's money, to read a violation by: the order, its payments and its refunds. */
    private static String records(Map<String, AttributeValue> order, List<Map<String, AttributeValue>> payments,
                                  List<Map<String, AttributeValue>> refunds) {
        var fields = List.of("status", "statusReason", "capturedAmount", "refundCommittedAmount", "refundedAmount", "providerReference", "amount", "failureCode",
                "paymentId", "refundId", "updatedAt");
        java.util.function.Function<Map<String, AttributeValue>, String> brief = item -> fields.stream()
                .filter(item::containsKey)
                .map(f -> f + "=" + (item.get(f).s() != null ? item.get(f).s() : item.get(f).n()))
                .collect(Collectors.joining(" ", "{", "}"));
        return "order " + brief.apply(order) + ", payments " + payments.stream().map(brief).toList() + ", refunds "
                + refunds.stream().map(brief).toList();
    }

    /** Checks the money per order against its platform's ledger; returns what each platform holds (captured minus refunded). */
    private Map<String, Long> checkMoney(Map<String, Map<String, AttributeValue>> orders, Map<String, List<Map<String, AttributeValue>>> payments,
                            Map<String, List<Map<String, AttributeValue>>> refunds) {
        // Each platform's own ledger: Stripe's charges and refunds, Alipay's trades and their refunds, WeChat Pay's
        // trades and refunds; an order pays on one platform, so per order it is that platform's money.
        Platforms.Ledger ledger = platforms.ledger();
        Map<String, Long> captured = ledger.captured();
        Map<String, Long> refunded = ledger.refunded();
        Map<String, List<String>> providerRefunds = ledger.refundReferences();
        ledger.pending().forEach(p -> violations.get("money matches status").add(p));
        Set<String> unknownOrders = new HashSet<>(captured.keySet());
        unknownOrders.removeAll(orders.keySet());
        unknownOrders.forEach(o -> violations.get("money matches status").add(o + ": captured at the provider, no order in the table"));

        orders.forEach((orderId, order) -> {
            String status = order.get("status").s();
            long total = number(order, "totalAmount");
            long tableRefunded = number(order, "refundedAmount");
            long net = captured.getOrDefault(orderId, 0L) - refunded.getOrDefault(orderId, 0L);
            long owed = PAID_STATUSES.contains(status) ? total
                    : status.equals("PARTIALLY_REFUNDED") ? total - tableRefunded
                    : 0;
            String platform = ledger.platformOfOrder().getOrDefault(orderId, "no platform");
            if (net != owed) {
                violations.get("money matches status").add(orderId + " " + status + " (" + platform + "): provider holds " + net + " (captured "
                        + captured.getOrDefault(orderId, 0L) + ", refunded " + refunded.getOrDefault(orderId, 0L) + "), status owes " + owed
                        + "; the table: " + records(order, payments.getOrDefault(orderId, List.of()), refunds.getOrDefault(orderId, List.of())));
            }
            if ((SOLD_STATUSES.contains(status)) && tableRefunded != refunded.getOrDefault(orderId, 0L)) {
                violations.get("money matches status").add(orderId + " " + status + ": table says refunded " + tableRefunded
                        + ", provider refunded " + refunded.getOrDefault(orderId, 0L));
            }
            List<Map<String, AttributeValue>> orderPayments = payments.getOrDefault(orderId, List.of());
            if (orderPayments.stream().filter(p -> "SUCCEEDED".equals(p.get("status").s())).count() > 1) {
                violations.get("money matches status").add(orderId + ": more than one succeeded payment");
            }
            Set<String> knownRefunds = refunds.getOrDefault(orderId, List.of()).stream()
                    .filter(r -> r.containsKey("providerReference")).map(r -> r.get("providerReference").s()).collect(Collectors.toSet());
            for (String providerRefund : providerRefunds.getOrDefault(orderId, List.of())) {
                if (!knownRefunds.contains(providerRefund)) {
                    violations.get("money matches status").add(orderId + ": provider refund " + providerRefund + " unknown to the table");
                }
            }
            for (Map<String, AttributeValue> refund : refunds.getOrDefault(orderId, List.of())) {
                if ("PENDING".equals(refund.get("status").s())) {
                    violations.get("money matches status").add(orderId + ": refund " + refund.get("refundId").s() + " still PENDING");
                }
            }
        });
        Map<String, Long> held = new TreeMap<>();
        captured.forEach((orderId, amount) -> held.merge(ledger.platformOfOrder().getOrDefault(orderId, "unknown"), amount, Long::sum));
        refunded.forEach((orderId, amount) -> held.merge(ledger.platformOfOrder().getOrDefault(orderId, "unknown"), -amount, Long::sum));
        return held;
    }

    private long checkProgress(Map<String, Map<String, AttributeValue>> orders, Map<String, List<Map<String, AttributeValue>>> payments,
                               Map<String, List<Map<String, AttributeValue>>> refunds, Set<String> running) {
        long waiting = 0;
        for (String placed : placedOrders) {
            if (!orders.containsKey(placed)) {
                violations.get("terminal or waiting").add(placed + ": answered 201 but not in the table");
            }
        }
        for (var entry : orders.entrySet()) {
            String orderId = entry.getKey();
            String status = entry.getValue().get("status").s();
            if (TERMINAL.contains(status)) {
                if (running.contains(orderId)) {
                    violations.get("terminal or waiting").add(orderId + " " + status + ": its checkout is still running");
                }
                continue;
            }
            boolean parked = status.equals("PENDING_PAYMENT") && running.contains(orderId)
                    && payments.getOrDefault(orderId, List.of()).stream()
                    .anyMatch(p -> "PENDING".equals(p.get("status").s()) && p.containsKey("taskToken"));
            if (parked) {
                waiting++;
            } else {
                violations.get("terminal or waiting").add(orderId + " " + status + ": neither terminal nor parked on the payment step"
                        + (running.contains(orderId) ? " (execution running)" : " (no running execution)"));
            }
        }
        return waiting;
    }

    private long checkWebhooks(List<Map<String, AttributeValue>> inbox) {
        Set<String> inInbox = new HashSet<>();
        long applied = 0;
        for (Map<String, AttributeValue> item : inbox) {
            String eventId = item.get("eventId").s();
            inInbox.add(eventId);
            if (mismatchedEvents.contains(eventId)) {
                if (!"MISMATCHED".equals(item.get("state").s())) {
                    violations.get("mismatched events change nothing").add(eventId + ": inbox state " + item.get("state").s());
                }
            } else if ("APPLIED".equals(item.get("state").s())) {
                applied++;
            } else {
                violations.get("webhooks applied once").add(eventId + ": inbox state " + item.get("state").s());
            }
        }
        Set<String> delivered = new HashSet<>();
        platforms.allDeliveries().values().forEach(attempts -> attempts.stream()
                .filter(attempt -> attempt.outcome() == DeliveryOutcome.DELIVERED).forEach(attempt -> delivered.add(attempt.eventId())));
        delivered.removeAll(inInbox);
        delivered.forEach(e -> violations.get("webhooks applied once").add(e + ": delivered (2xx) but not in the inbox"));
        return applied;
    }

    private long checkDeadLetters() {
        SqsClient sqs = cloud.services().sqsClient();
        long total = 0;
        for (String url : sqs.listQueues().queueUrls()) {
            if (!url.contains("DeadLetter")) {
                continue;
            }
            var attributes = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            long count = Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    + Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
            total += count;
            if (count > 0) {
                List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).visibilityTimeout(0)).messages();
                String queue = url.substring(url.lastIndexOf('/') + 1);
                violations.get("dead-letter queues empty").add(queue + ": " + count + " message(s), e.g. "
                        + messages.stream().map(Message::body).limit(3).toList());
            }
        }
        return total;
    }

    static List<Map<String, AttributeValue>> scan(DynamoDbClient dynamoDb, String table) {
        var items = new ArrayList<Map<String, AttributeValue>>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamoDb.scan(r -> r.tableName(table).consistentRead(true).exclusiveStartKey(from));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item == null ? null : item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }
}
