package dev.checkout.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.local.cloud.LocalCloud;
import dev.checkout.local.cloud.SdkCallMeter;
import dev.checkout.local.payments.DeliveryAttempt;
import dev.checkout.local.payments.DeliveryOutcome;
import dev.checkout.local.payments.FaultPhase;
import dev.checkout.local.payments.RequestFault;
import dev.checkout.local.services.Events;
import dev.checkout.local.services.ItemLimits;
import dev.checkout.local.stepfunctions.ExecutionStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Concurrent checkouts through the HTTP API of a running local cloud while faults are switched on and off, then,
 * once everything is quiet, the {@link Invariants}.
 *
 * <p>The checkouts run in segments of {@link CampaignSettings#batch()}; each segment switches one fault on for its
 * duration (see {@link FaultKind}), in turn, with a fault-free segment in every round. Races (a cancel sent while the
 * charge is in flight, refunds sent as the payment's webhooks arrive) are per checkout, in every segment.
 *
 * <p>Checkouts take turns on the three payment platforms (a third each): a Stripe card, Alipay (QR code and page pay in
 * turn) and WeChat Pay Native, the wallets on products priced in yuan. The wallet customer acts through the platform's
 * simulator ({@link WalletCustomer}). Provider and webhook faults are switched on all three simulators at once, each
 * on its own API calls ({@link Platforms}); the faults and outcomes are counted by platform.
 */
public final class FaultCampaign {
    private static final String[] SEGMENTS = {
        null, "PROVIDER_LATENCY", "PROVIDER_5XX_BEFORE", "PROVIDER_5XX_AFTER", "PROVIDER_TIMEOUT", "WEBHOOK_DUPLICATE",
        "WEBHOOK_OUT_OF_ORDER", "WEBHOOK_DROPPED", "DYNAMODB_THROTTLING", "CRASH_AFTER_SIDE_EFFECT", "WEBHOOK_MISMATCHED",
        "DYNAMODB_ITEM_LIMITS"};
    /**
     * DynamoDB's per-item throughput in the item-limits segment, scaled to the campaign's rate: at a hundredth of AWS's,
     * a product's stock item takes about 5 reservations a second, which the segment's concurrent checkouts pass.
     */
    private static final ItemLimits ITEM_LIMITS = new ItemLimits(10, 30);
    /** Functions that crash after their side effect in the crash segment: the HTTP ones and the workflow's task. */
    private static final List<String> CRASHING = List.of("CreateOrderFunction", "OrdersApiFunction", "RefundFunction",
            "WebhookFunction", "ReserveStockFunction");
    private static final Duration SETTLE = Duration.ofMinutes(3);

    private final LocalCloud cloud;
    private final CampaignSettings settings;
    private final ShopClient shop;
    private final MismatchedWebhooks mismatched;
    private final String admin;
    private final List<String> customers = new ArrayList<>();
    private final Map<String, Long> initialStock = new LinkedHashMap<>();
    private final List<String> dollarSkus = new ArrayList<>();
    private final List<String> yuanSkus = new ArrayList<>();
    private final Set<String> placed = ConcurrentHashMap.newKeySet();
    private final Platforms platforms;
    private final WalletCustomer walletCustomer;
    /** Faults by kind, then by the platform they struck ({@code all} where a fault strikes no one platform). */
    private final Map<String, Map<String, AtomicLong>> faults = new ConcurrentHashMap<>();
    /** Outcomes by platform, then by outcome; checkouts placed by platform. */
    private final Map<String, Map<String, AtomicLong>> outcomes = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> checkoutsByPlatform = new ConcurrentHashMap<>();
    private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> latenciesMillis = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong hit = new AtomicLong();
    /** The item limits the local cloud started with (none, or the whole run's), restored after each item-limits segment. */
    private final ItemLimits runItemLimits;

    public FaultCampaign(LocalCloud cloud, CampaignSettings settings) {
        this.cloud = cloud;
        this.settings = settings;
        this.shop = new ShopClient(cloud.apiEndpoint());
        this.platforms = new Platforms(cloud);
        this.walletCustomer = new WalletCustomer(platforms.alipay(), platforms.wechatpay());
        this.mismatched = new MismatchedWebhooks(cloud.apiEndpoint(), cloud.paymentSimulator().webhookSecret(), platforms.alipay(),
                platforms.wechatpay());
        this.admin = cloud.issueToken("resilience-admin", true);
        this.runItemLimits = cloud.services().dynamoDbItemLimits().limits();
    }

    /** Runs the campaign and checks the invariants; {@code progress} gets one line per segment. */
    public CampaignReport run(java.util.function.Consumer<String> progress) {
        long started = System.nanoTime();
        seedCatalog();
        for (int i = 0; i < 40; i++) {
            customers.add(cloud.issueToken("customer-" + i, false));
        }
        ExecutorService clients = Executors.newFixedThreadPool(settings.clients());
        try {
            int segment = 0;
            for (int first = 0; first < settings.checkouts(); first += settings.batch(), segment++) {
                String kind = SEGMENTS[segment % SEGMENTS.length];
                int size = Math.min(settings.batch(), settings.checkouts() - first);
                var before = new SegmentMark(eventsEmitted());
                switchOn(kind, size);
                var work = new ArrayList<Future<?>>();
                for (int i = first; i < first + size; i++) {
                    int index = i;
                    work.add(clients.submit(() -> checkout(index, kind)));
                }
                for (Future<?> f : work) {
                    f.get();
                }
                switchOff(kind, size, before);
                progress.accept("segment %3d %-24s checkouts %4d-%4d done".formatted(segment, kind == null ? "(no fault)" : kind, first + 1, first + size));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a client failed: " + e.getCause(), e.getCause());
        } finally {
            clients.shutdownNow();
        }
        countWebhookFaults();
        long load = System.nanoTime() - started;
        progress.accept("all checkouts placed; waiting for the system to be quiet");
        boolean quiet = awaitQuiet();
        // The sweep runs every 5 minutes on AWS: once more now, as it would before anyone looked, then quiet again.
        progress.accept("quiet; the sweep runs once more: " + cloud.invoke("SweepStalledCheckoutsFunction", Events.read("sweep-stalled-checkouts.json")));
        quiet = awaitQuiet() && quiet;
        progress.accept(quiet ? "quiet; checking the invariants" : "not quiet after " + SETTLE.plusSeconds(settings.paymentWindowSeconds()) + "; checking anyway");
        Invariants.Result result = new Invariants(cloud, platforms, initialStock, placed, mismatched.sentEventIds()).check();
        if (!unexpected.isEmpty()) {
            result.violations().put("answers as documented", new ArrayList<>(unexpected));
        }
        // The fault paths make calls no happy path makes; the local cloud enforces no IAM, so each function's
        // calls are checked against its policies in the template.
        result.violations().put("calls granted by the template", new ArrayList<>(
                cloud.permissions().refused(SdkCallMeter.accessesByFunction())));
        return new CampaignReport(settings, placed.size(), hit.get(), nested(faults), nested(outcomes), snapshot(checkoutsByPlatform), result,
                new ArrayList<>(latenciesMillis), Duration.ofNanos(load), Duration.ofNanos(System.nanoTime() - started), quiet);
    }

    /** 16 SKUs priced in dollars (cards) and 16 in yuan (the wallets take CNY), each group sized to its share of checkouts. */
    private void seedCatalog() {
        Random random = new Random(settings.seed());
        seedGroup(random, "USD", dollarSkus, 1.0 / 3, 500, 125);
        seedGroup(random, "CNY", yuanSkus, 2.0 / 3, 800, 100);
    }

    private void seedGroup(Random random, String currency, List<String> group, double share, long basePrice, long step) {
        int skus = 16;
        // A few SKUs have far less stock than the checkouts want, so those checkouts are rejected.
        long demandPerSku = Math.max(4, Math.round(settings.checkouts() * share * 2 / skus));
        for (int i = 0; i < skus; i++) {
            String sku = "RES-" + currency + "-" + i + "-" + UUID.randomUUID().toString().substring(0, 6);
            long stock = i % 3 == 0 ? Math.max(2, demandPerSku / 4) : demandPerSku * 3;
            long price = basePrice + random.nextInt(40) * step;
            var answer = shop.send("PUT", "/products/" + sku, admin, "{\"name\":\"" + sku + "\",\"price\":{\"amount\":" + price
                    + ",\"currency\":\"" + currency + "\"},\"available\":" + stock + "}", UUID.randomUUID().toString());
            if (answer.status() != 201 && answer.status() != 200) {
                throw new IllegalStateException("could not seed " + sku + ": " + answer.status() + " " + answer.body());
            }
            initialStock.put(sku, stock);
            group.add(sku);
        }
    }

    private void switchOn(String kind, int size) {
        if (kind == null) {
            return;
        }
        int armed = Math.max(1, size / 2);
        switch (kind) {
            case "PROVIDER_LATENCY" -> Platforms.NAMES.forEach(p -> platforms.faults(p).latency(Duration.ofMillis(400)));
            case "PROVIDER_5XX_BEFORE" -> platforms.armRequestFaults(RequestFault.Kind.ERROR, FaultPhase.BEFORE_PROCESSING, armed);
            case "PROVIDER_5XX_AFTER" -> platforms.armRequestFaults(RequestFault.Kind.ERROR, FaultPhase.AFTER_PROCESSING, armed);
            case "PROVIDER_TIMEOUT" -> {
                platforms.armRequestFaults(RequestFault.Kind.TIMEOUT, FaultPhase.AFTER_PROCESSING, Math.max(1, armed / 2));
                platforms.armRequestFaults(RequestFault.Kind.TIMEOUT, FaultPhase.BEFORE_PROCESSING, Math.max(1, armed / 2));
            }
            case "WEBHOOK_DUPLICATE" -> Platforms.NAMES.forEach(p -> platforms.faults(p).duplicateEvents(2));
            case "WEBHOOK_OUT_OF_ORDER" -> Platforms.NAMES.forEach(p -> platforms.faults(p).outOfOrderEvents(true));
            case "WEBHOOK_DROPPED" -> Platforms.NAMES.forEach(p -> platforms.faults(p).dropDeliveryAttempts(2));
            case "DYNAMODB_THROTTLING" -> SdkCallMeter.throttleDynamoDb(0.08);
            case "DYNAMODB_ITEM_LIMITS" -> cloud.services().dynamoDbItemLimits().limits(ITEM_LIMITS);
            case "CRASH_AFTER_SIDE_EFFECT" -> CRASHING.forEach(f -> cloud.crashAfterHandler(f, 0.1));
            case "WEBHOOK_MISMATCHED" -> { } // sent by each checkout of the segment (MismatchedWebhooks)
            default -> throw new IllegalArgumentException(kind);
        }
        armedRequestFaults.clear();
        Platforms.NAMES.forEach(p -> armedRequestFaults.put(p, platforms.armedRequestFaults(p)));
        throttledBefore = SdkCallMeter.throttled();
        itemThrottlesBefore = cloud.services().dynamoDbItemLimits().throttled();
        crashesBefore = crashes();
    }

    private final Map<String, Integer> armedRequestFaults = new ConcurrentHashMap<>();
    private long throttledBefore;
    private long itemThrottlesBefore;
    private long crashesBefore;

    /** Events each platform had emitted when a segment began. */
    private record SegmentMark(Map<String, Integer> events) {
    }

    private Map<String, Integer> eventsEmitted() {
        var events = new LinkedHashMap<String, Integer>();
        Platforms.NAMES.forEach(p -> events.put(p, platforms.eventsEmitted(p)));
        return events;
    }

    private void switchOff(String kind, int size, SegmentMark before) {
        if (kind == null) {
            return;
        }
        switch (kind) {
            case "PROVIDER_5XX_BEFORE", "PROVIDER_5XX_AFTER", "PROVIDER_TIMEOUT" -> Platforms.NAMES.forEach(p ->
                    fault(kind, p, armedRequestFaults.get(p) - platforms.armedRequestFaults(p)));
            case "WEBHOOK_OUT_OF_ORDER" -> Platforms.NAMES.forEach(p -> fault(kind, p, platforms.eventsEmitted(p) - before.events().get(p)));
            case "DYNAMODB_THROTTLING" -> fault(kind, ALL, SdkCallMeter.throttled() - throttledBefore);
            case "DYNAMODB_ITEM_LIMITS" -> fault(kind, ALL, cloud.services().dynamoDbItemLimits().throttled() - itemThrottlesBefore);
            case "CRASH_AFTER_SIDE_EFFECT" -> fault(kind, ALL, crashes() - crashesBefore);
            default -> { }
        }
        platforms.clearFaults();
        SdkCallMeter.throttleDynamoDb(0);
        cloud.services().dynamoDbItemLimits().limits(runItemLimits);
        CRASHING.forEach(f -> cloud.crashAfterHandler(f, 0));
    }

    private long crashes() {
        return cloud.injectedCrashes().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Duplicated and dropped deliveries are read from each platform's delivery log at the end. */
    private void countWebhookFaults() {
        platforms.allDeliveries().forEach((platform, attempts) -> {
            for (DeliveryAttempt attempt : attempts) {
                if (attempt.copy() > 1 && attempt.attempt() == 1) {
                    fault("WEBHOOK_DUPLICATE", platform, 1);
                }
                if (attempt.outcome() == DeliveryOutcome.DROPPED) {
                    fault("WEBHOOK_DROPPED", platform, 1);
                }
            }
        });
    }

    /**
     * The way checkout {@code index} pays, round-robin over the platforms so each gets a third: Stripe with a card
     * (55 % visa, 15 % declined, 30 % needing authentication), Alipay's QR code and page pay in turn, WeChat Pay Native.
     */
    private static String paymentMethod(int index, Random random) {
        return switch (index % 3) {
            case 0 -> {
                double method = random.nextDouble();
                yield method < 0.55 ? "pm_card_visa" : method < 0.70 ? "pm_card_chargeDeclined" : "pm_card_authenticationRequired";
            }
            case 1 -> (index / 3) % 2 == 0 ? WalletCustomer.ALIPAY_QR : WalletCustomer.ALIPAY_PAGE;
            default -> WalletCustomer.WECHATPAY_NATIVE;
        };
    }

    /** One shop client's checkout, with its race if it drew one. */
    private void checkout(int index, String segmentFault) {
        Random random = new Random(settings.seed() * 1_000_003 + index);
        String customer = customers.get(random.nextInt(customers.size()));
        String paymentMethod = paymentMethod(index, random);
        String platform = WalletCustomer.platformOf(paymentMethod);
        boolean wallet = !platform.equals("stripe");
        double choice = random.nextDouble();
        boolean cancelRace = random.nextDouble() < 0.08;
        boolean refundRace = !cancelRace && (paymentMethod.equals("pm_card_visa") || wallet && choice < WalletCustomer.PAYS)
                && random.nextDouble() < 0.2;
        if (segmentFault != null || cancelRace || refundRace) {
            hit.incrementAndGet();
        }
        if (segmentFault != null && segmentFault.equals("PROVIDER_LATENCY")) {
            fault(segmentFault, platform, 1);
        }

        List<String> skus = new ArrayList<>(wallet ? yuanSkus : dollarSkus);
        Collections.shuffle(skus, random);
        int lines = random.nextDouble() < 0.2 ? 2 : 1;
        var items = new StringBuilder();
        for (int l = 0; l < lines; l++) {
            items.append(l == 0 ? "" : ",").append("{\"sku\":\"").append(skus.get(l)).append("\",\"quantity\":").append(1 + random.nextInt(3)).append('}');
        }
        long start = System.nanoTime();
        String method = paymentMethod.startsWith("{") ? paymentMethod : "\"" + paymentMethod + "\"";
        var created = shop.send("POST", "/orders", customer, "{\"items\":[" + items + "],\"paymentMethod\":" + method + "}",
                UUID.randomUUID().toString());
        if (created.status() != 201) {
            unexpected.add("POST /orders answered " + created.status() + " after " + created.attempts() + " attempt(s): " + created.body());
            return;
        }
        String orderId = created.body().path("orderId").asText();
        placed.add(orderId);
        checkoutsByPlatform.computeIfAbsent(platform, k -> new AtomicLong()).incrementAndGet();

        if (cancelRace) {
            fault("CANCEL_RACE", platform, 1);
            var cancelled = shop.send("POST", "/orders/" + orderId + "/cancel", customer, null, null);
            if (cancelled.status() != 200 && cancelled.status() != 409) {
                unexpected.add("cancel of " + orderId + " answered " + cancelled.status() + ": " + cancelled.body());
            }
        }
        boolean waitsForTheCustomer = wallet || paymentMethod.equals("pm_card_authenticationRequired");
        if (waitsForTheCustomer && !cancelRace) {
            JsonNode order = shop.awaitOrder(customer, orderId, o -> !o.path("status").asText().equals("PENDING_PAYMENT")
                    || o.path("payments").path(0).hasNonNull("providerReference") && (!wallet || o.path("payments").path(0).path("nextAction").has("type")),
                    Duration.ofSeconds(60));
            JsonNode payment = order.path("payments").path(0);
            String reference = payment.path("providerReference").asText(null);
            if ("WEBHOOK_MISMATCHED".equals(segmentFault) && reference != null) {
                // While the payment waits for the customer: the path where a matching success would resume the checkout.
                fault(segmentFault, platform, mismatched.sendBurst(orderId, payment));
            }
            if (order.path("status").asText().equals("PENDING_PAYMENT") && reference != null) {
                String decision = wallet ? walletCustomer.act(paymentMethod, payment, choice) : cardCustomer(reference, choice);
                count(platform, decision, 1);
                if (decision.equals(WalletCustomer.CANCELS)) {
                    var cancelled = shop.send("POST", "/orders/" + orderId + "/cancel", customer, null, null);
                    if (cancelled.status() != 200 && cancelled.status() != 409) {
                        unexpected.add("cancel of " + orderId + " answered " + cancelled.status() + ": " + cancelled.body());
                    }
                } else if (WalletCustomer.LEFT_TO_THE_WINDOW.contains(decision)) {
                    // The payment window ends it: never paid, or a WeChat Pay failure, which WeChat Pay does not notify.
                    return;
                }
            }
        }
        JsonNode settled = shop.awaitOrder(customer, orderId, o -> Invariants.TERMINAL.contains(o.path("status").asText()), SETTLE);
        String status = settled.path("status").asText();
        if (!Invariants.TERMINAL.contains(status)) {
            count(platform, "not settled within " + SETTLE.toMinutes() + " min", 1);
            return;
        }
        latenciesMillis.add((System.nanoTime() - start) / 1_000_000);
        count(platform, status, 1);
        if ("WEBHOOK_MISMATCHED".equals(segmentFault) && settled.path("payments").path(0).hasNonNull("providerReference")) {
            // After the checkout settled: a confirmed payment, a declined one, or one refunded on a closed order.
            fault(segmentFault, platform, mismatched.sendBurst(orderId, settled.path("payments").path(0)));
        }
        if (refundRace && status.equals("PAID")) {
            fault("REFUND_RACE", platform, 1);
            refundRace(orderId, settled.path("total").path("amount").asLong());
        }
    }

    /** The card customer asked to authenticate: does (45 %), fails (15 %), or never does (40 %). */
    private String cardCustomer(String reference, double choice) {
        if (choice < 0.45) {
            cloud.paymentSimulator().completeAuthentication(reference);
            return "authenticated by the customer";
        }
        if (choice < 0.6) {
            cloud.paymentSimulator().failAuthentication(reference);
            return "authentication failed";
        }
        return WalletCustomer.NEVER_PAYS;
    }

    /** Refunds sent as soon as the order is paid, while its webhooks may still be arriving: a part, the rest, a replay. */
    private void refundRace(String orderId, long total) {
        String partialKey = UUID.randomUUID().toString();
        String partial = "{\"amount\":" + Math.max(1, total / 3) + ",\"reason\":\"damaged\"}";
        var answers = new ArrayList<ShopClient.Response>();
        answers.add(shop.send("POST", "/orders/" + orderId + "/refunds", admin, partial, partialKey));
        answers.add(shop.send("POST", "/orders/" + orderId + "/refunds", admin, "{\"reason\":\"returned\"}", UUID.randomUUID().toString()));
        answers.add(shop.send("POST", "/orders/" + orderId + "/refunds", admin, partial, partialKey));
        for (var answer : answers) {
            if (answer.status() != 202 && answer.status() != 409 && answer.status() != 422) {
                unexpected.add("refund of " + orderId + " answered " + answer.status() + ": " + answer.body());
            }
        }
    }

    /**
     * Waits until no checkout runs (the payment window of the unauthenticated ones included), the provider has
     * nothing left to deliver or settle, and the queues are drained; true if that happened in time.
     */
    private boolean awaitQuiet() {
        long deadline = System.nanoTime() + SETTLE.plusSeconds(settings.paymentWindowSeconds()).toNanos();
        String machine = cloud.stateMachineArn("CheckoutStateMachine");
        while (System.nanoTime() < deadline) {
            boolean executionsDone = cloud.engine().listExecutions(machine, ExecutionStatus.RUNNING).isEmpty();
            boolean providerQuiet = platforms.quiet();
            if (executionsDone && providerQuiet && queuesDrained() && cloud.engine().listExecutions(machine, ExecutionStatus.RUNNING).isEmpty()) {
                return true;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private boolean queuesDrained() {
        SqsClient sqs = cloud.services().sqsClient();
        for (String url : sqs.listQueues().queueUrls()) {
            if (url.contains("DeadLetter")) {
                continue;
            }
            var attributes = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
            if (attributes.values().stream().mapToLong(Long::parseLong).sum() > 0) {
                return false;
            }
        }
        return true;
    }

    /** Faults that strike no one platform (throttling, crashes) are counted under this name. */
    static final String ALL = "all";

    private void fault(String kind, String platform, long n) {
        faults.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).computeIfAbsent(platform, k -> new AtomicLong()).addAndGet(n);
    }

    private void count(String platform, String outcome, long n) {
        outcomes.computeIfAbsent(platform, k -> new ConcurrentHashMap<>()).computeIfAbsent(outcome, k -> new AtomicLong()).addAndGet(n);
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> counters) {
        var result = new java.util.TreeMap<String, Long>();
        counters.forEach((k, v) -> result.put(k, v.get()));
        return result;
    }

    private static Map<String, Map<String, Long>> nested(Map<String, Map<String, AtomicLong>> counters) {
        var result = new java.util.TreeMap<String, Map<String, Long>>();
        counters.forEach((k, v) -> result.put(k, snapshot(v)));
        return result;
    }
}
