package dev.checkout.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.local.cloud.LocalCloud;
import dev.checkout.local.services.ItemLimits;
import dev.checkout.local.services.ItemThroughputLimiter;
import dev.checkout.local.stepfunctions.HistoryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The flash sale of issue #19 for real, scaled to a laptop: buyers rush one SKU through the local cloud's HTTP
 * API (POST /orders, one unit each, paid by card) while DynamoDB Local enforces per-item throughput
 * ({@link ItemThroughputLimiter}) scaled down as far as the buyers' rate is below AWS's scale. Every order
 * runs the real workflow to its end (PAID, or REJECTED when no unit is left), then the invariants are read
 * back through the API: no oversell (PAID orders = units sold &le; units), stock conserved (available +
 * reserved + sold = units), no undersell (no buyer refused while a unit is left).
 */
final class LocalFlashSale {
    private static final Duration SETTLE = Duration.ofMinutes(3);

    private LocalFlashSale() {
    }

    /**
     * @param buyers  orders placed, one unit each, as fast as {@code clients} concurrent clients place them
     * @param units   the SKU's stock
     * @param shards  stock items the SKU's stock is spread over (1: one item)
     * @param limits  DynamoDB's per-item throughput during the sale
     */
    record Scenario(int buyers, long units, int shards, int clients, ItemLimits limits) {
        /** The sale the benchmark runs: AWS's per-item limits scaled by 1/50, and buyers to match. */
        static Scenario benchmark(int shards) {
            return new Scenario(1_500, 150, shards, 16, new ItemLimits(20, 60));
        }
    }

    record Result(Scenario scenario, int placed, int refusedAtPlacing, long paid, long rejected, long otherwise,
                  double placingSeconds, double sellOutSeconds, double reservationsPerSecond, Stats reserveMs, Stats rejectMs,
                  long available, long reserved, long sold, long oversell, boolean conserved, long undersell,
                  Map<String, Long> throttles) {

        /** {@code conserved} also asks that every PAID order's unit is sold and no other. */
        boolean invariantsHold() {
            return oversell == 0 && conserved && undersell == 0 && otherwise == 0;
        }
    }

    static Result run(LocalCloud cloud, ShopClient api, Scenario scenario) {
        String admin = cloud.token("admin");
        String sku = "FLASH-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        api.putProduct(admin, sku, 1999, "USD", scenario.units(), scenario.shards());
        var customers = new ArrayList<String>();
        for (int i = 0; i < scenario.clients(); i++) {
            customers.add(cloud.issueToken("flash-buyer-" + i, false));
        }
        String machine = cloud.stateMachineArn("CheckoutStateMachine");
        ItemThroughputLimiter limiter = cloud.services().dynamoDbItemLimits();
        Map<String, Long> throttlesBefore = limiter.throttles();
        ItemLimits limitsBefore = limiter.limits();
        List<Order> orders = Collections.synchronizedList(new ArrayList<>());
        var refusedAtPlacing = new java.util.concurrent.atomic.AtomicInteger();
        limiter.limits(scenario.limits());
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(scenario.clients());
        try {
            var work = new ArrayList<Future<?>>();
            for (int b = 0; b < scenario.buyers(); b++) {
                String token = customers.get(b % customers.size());
                work.add(pool.submit(() -> {
                    Instant sent = Instant.now();
                    String orderId = place(api, token, sku);
                    if (orderId == null) {
                        refusedAtPlacing.incrementAndGet();
                    } else {
                        orders.add(new Order(orderId, token, sent));
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("the flash sale's buyers failed: " + e, e);
        } finally {
            pool.shutdownNow();
        }
        double placingSeconds = (System.nanoTime() - started) / 1e9;
        try {
            var reserveMs = new ArrayList<Double>();
            var rejectMs = new ArrayList<Double>();
            var reservedAt = new ArrayList<Instant>();
            long paid = 0;
            long rejected = 0;
            long otherwise = 0;
            Instant saleOpened = orders.stream().map(Order::sent).min(Instant::compareTo).orElse(Instant.now());
            for (Order order : orders) {
                String execution = CheckoutCost.executionArn(machine, order.id());
                cloud.engine().termination(execution).get(SETTLE.toSeconds(), TimeUnit.SECONDS);
                String status = api.send("GET", "/orders/" + order.id(), order.token(), null).body().path("status").asText();
                Step step = stepAfterReservation(cloud.engine().getExecutionHistory(execution));
                double ms = step == null ? Double.NaN : Duration.between(order.sent(), step.at()).toNanos() / 1e6;
                switch (status) {
                    case "PAID" -> paid++;
                    case "REJECTED" -> rejected++;
                    default -> otherwise++;
                }
                if (step != null && step.state().equals("RequestPayment")) {
                    reserveMs.add(ms);
                    reservedAt.add(step.at());
                } else if (step != null && step.state().equals("RejectOrder")) {
                    rejectMs.add(ms);
                }
            }
            JsonNode product = api.send("GET", "/products/" + sku, customers.get(0), null).body();
            long available = product.path("available").asLong();
            long reserved = product.path("reserved").asLong();
            long sold = product.path("sold").asLong();
            Instant lastReservation = reservedAt.stream().max(Instant::compareTo).orElse(saleOpened);
            double sellOut = Duration.between(saleOpened, lastReservation).toNanos() / 1e9;
            Instant firstReservation = reservedAt.stream().min(Instant::compareTo).orElse(saleOpened);
            double span = Duration.between(firstReservation, lastReservation).toNanos() / 1e9;
            long refused = rejected + otherwise + refusedAtPlacing.get();
            var throttles = new TreeMap<String, Long>();
            limiter.throttles().forEach((k, v) -> {
                long during = v - throttlesBefore.getOrDefault(k, 0L);
                if (during > 0) {
                    throttles.put(k, during);
                }
            });
            return new Result(scenario, orders.size(), refusedAtPlacing.get(), paid, rejected, otherwise, placingSeconds, sellOut,
                    span > 0 ? reservedAt.size() / span : Double.NaN, Stats.of(reserveMs), Stats.of(rejectMs),
                    available, reserved, sold, Math.max(0, Math.max(paid, sold) - scenario.units()),
                    available + reserved + sold == scenario.units() && available >= 0 && reserved >= 0 && sold == paid,
                    Math.min(available, refused), throttles);
        } catch (Exception e) {
            throw new IllegalStateException("the flash sale's checkouts did not settle: " + e, e);
        } finally {
            limiter.limits(limitsBefore);
        }
    }

    /** Places one buyer's order; a 5xx or 429 is tried again with the same idempotency key, as a shop's client would. */
    private static String place(ShopClient api, String token, String sku) {
        String key = UUID.randomUUID().toString();
        String body = "{\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":1}],\"paymentMethod\":\"pm_card_visa\"}";
        for (int attempt = 0; attempt < 5; attempt++) {
            ShopClient.Response response = api.send("POST", "/orders", token, body, key);
            if (response.status() == 201) {
                return response.body().path("orderId").asText();
            }
            if (response.status() < 500 && response.status() != 429) {
                throw new IllegalStateException("POST /orders answered " + response.status() + ": " + response.body());
            }
            try {
                Thread.sleep(100L << attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** The state the workflow entered once ReserveStock was done with: RequestPayment, RejectOrder or ReleaseAndCancel. */
    private static Step stepAfterReservation(List<HistoryEvent> history) {
        boolean reserving = false;
        for (HistoryEvent event : history) {
            if (!event.type().endsWith("StateEntered") || event.details() == null) {
                continue;
            }
            String state = event.details().path("name").asText();
            if (state.equals("ReserveStock")) {
                reserving = true;
            } else if (reserving) {
                return new Step(state, event.timestamp());
            }
        }
        return null;
    }

    private record Order(String id, String token, Instant sent) {
    }

    private record Step(String state, Instant at) {
    }
}
