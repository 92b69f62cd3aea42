package dev.checkout.benchmark;

import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Counts the SQS receives that returned messages. The local cloud's event sources long-poll their
 * queues all the time, as Lambda's event source mappings do; the empty polls are a fixed cost of
 * having the mapping, not a cost of a checkout, so the per-checkout figures count only these.
 * Registered for every SDK client in the benchmark's JVM through the SDK's global interceptor file.
 */
public final class SqsDeliveryMeter implements ExecutionInterceptor {
    private static final AtomicLong NON_EMPTY_RECEIVES = new AtomicLong();

    static long nonEmptyReceives() {
        return NON_EMPTY_RECEIVES.get();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.response() instanceof ReceiveMessageResponse r && r.hasMessages() && !r.messages().isEmpty()) {
            NON_EMPTY_RECEIVES.incrementAndGet();
        }
    }
}
