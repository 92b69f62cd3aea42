package dev.checkout.local.cloud;

import java.util.ArrayList;
import java.util.List;

/**
 * What invokes functions without a caller: the pollers of the SQS and DynamoDB stream event sources
 * and the rate schedules. {@link #close()} stops them before the rest of the cloud, so that no invocation starts
 * while the queues and tables go away.
 */
final class EventSources implements AutoCloseable {
    private final List<PollingEventSource> sources = new ArrayList<>();
    private final List<Thread> pollers = new ArrayList<>();
    private final RateSchedules schedules = new RateSchedules();

    /** Polls the queue with {@code concurrentBatches} threads, each with its own batch in flight. */
    void poll(SqsEventSource source, String name, int concurrentBatches) {
        sources.add(source);
        for (int i = 0; i < concurrentBatches; i++) {
            Thread poller = new Thread(source, "sqs-" + name + "-" + i);
            poller.setDaemon(true);
            poller.start();
            pollers.add(poller);
        }
    }

    /** Reads the stream with one thread: its shards one batch at a time each, in order (Lambda's ParallelizationFactor 1). */
    void poll(DynamoDbStreamEventSource source, String name) {
        sources.add(source);
        Thread poller = new Thread(source, "stream-" + name);
        poller.setDaemon(true);
        poller.start();
        pollers.add(poller);
    }

    void schedule(LocalFunction function, String expression) {
        schedules.add(function, expression);
    }

    @Override
    public void close() {
        sources.forEach(PollingEventSource::stop);
        // Each poller ends when its current long poll (at most a second) returns; the queues stop
        // after that, with no receive in flight.
        for (Thread poller : pollers) {
            try {
                poller.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        pollers.clear();
        schedules.close();
    }
}
