package dev.checkout.benchmark;

import dev.checkout.local.cloud.LocalCloud;
import dev.checkout.local.stepfunctions.ExecutionDescription;
import dev.checkout.local.stepfunctions.ExecutionStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Local end-to-end throughput: {@code clients} concurrent shop clients, each placing an order
 * (pm_card_visa) over loopback HTTP and waiting until its checkout has ended PAID before placing the
 * next, until {@code maxCheckouts} have been placed or {@code maxDuration} has passed. Latency is
 * from sending POST /orders to the end of the workflow (ConfirmOrder done: the order is PAID).
 */
final class Throughput {

    record Result(int clients, int checkouts, int failed, double seconds, double checkoutsPerSecond, Stats latencyMs) {
    }

    private Throughput() {
    }

    static Result measure(LocalCloud cloud, ShopClient api, List<String> tokens, String sku, int clients, int maxCheckouts, Duration maxDuration) {
        String machine = cloud.stateMachineArn("CheckoutStateMachine");
        AtomicInteger remaining = new AtomicInteger(maxCheckouts);
        AtomicInteger failed = new AtomicInteger();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime();
        long deadline = started + maxDuration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            var futures = new ArrayList<Future<?>>();
            for (int c = 0; c < clients; c++) {
                String token = tokens.get(c % tokens.size());
                futures.add(pool.submit(() -> {
                    while (System.nanoTime() < deadline && remaining.getAndDecrement() > 0) {
                        long sent = System.nanoTime();
                        try {
                            String orderId = api.order(token, sku, "pm_card_visa");
                            ExecutionDescription done = CheckoutCost.awaitExecution(cloud, CheckoutCost.executionArn(machine, orderId));
                            if (done.status() == ExecutionStatus.SUCCEEDED) {
                                latencies.add((System.nanoTime() - sent) / 1e6);
                            } else {
                                failed.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("throughput run with " + clients + " clients failed: " + e, e);
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(clients, latencies.size(), failed.get(), seconds, latencies.size() / seconds, Stats.of(latencies));
    }
}
