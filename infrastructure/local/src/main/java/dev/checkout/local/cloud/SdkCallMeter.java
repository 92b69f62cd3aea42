package dev.checkout.local.cloud;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * Meters every AWS SDK call made in the local cloud's JVM (the functions' clients included): calls
 * per service and operation (the DynamoDB units they consume are metered where DynamoDB receives them,
 * {@code ItemThroughputLimiter#meter}), told apart by who made them: the event sources' pollers poll
 * forever, idle or not ({@link #pollerCalls()}), everything else is work ({@link #callsExceptPollers()}).
 * It can also make DynamoDB throttle a share of calls, to test that throttling is retried and never loses
 * work. Registered for every client through the SDK's global interceptor file; function jars do not contain it.
 */
public final class SdkCallMeter implements ExecutionInterceptor {
    private static final Map<String, AtomicLong> POLLER_CALLS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicLong> OTHER_CALLS = new ConcurrentHashMap<>();
    private static final AtomicLong THROTTLED = new AtomicLong();
    private static final ThreadLocal<String> IN_FUNCTION = new ThreadLocal<>();
    private static final ThreadLocal<Boolean> IN_POLLER = ThreadLocal.withInitial(() -> false);
    private static final Map<String, AtomicLong> CALLS_BY_FUNCTION = new ConcurrentHashMap<>();
    private static final Set<String> ACCESSES_BY_FUNCTION = ConcurrentHashMap.newKeySet();
    private static volatile double dynamoDbThrottleRate;

    /** Marks the current thread as running a function, whose DynamoDB calls may be throttled. */
    static void enterFunction(String logicalId) {
        IN_FUNCTION.set(logicalId);
    }

    /**
     * Marks the current thread as an event source's poller: its calls are the poller's own (receiving, deleting,
     * reading the stream), except those of a function it invokes, which are the function's.
     */
    static void enterPoller() {
        IN_POLLER.set(true);
    }

    /** A snapshot of the calls made by functions: {@code "ChargeFunction DynamoDB.GetItem" -> count}. */
    public static Map<String, Long> callsByFunction() {
        var snapshot = new TreeMap<String, Long>();
        CALLS_BY_FUNCTION.forEach((k, v) -> snapshot.put(k, v.get()));
        return snapshot;
    }

    /**
     * What the functions' calls asked IAM for, each action with its resource ARN:
     * {@code "ChargeFunction states:SendTaskHeartbeat *"} (see {@link AwsAccess}).
     */
    public static Set<String> accessesByFunction() {
        return new TreeSet<>(ACCESSES_BY_FUNCTION);
    }

    /** A snapshot of the calls so far: {@code "DynamoDb.TransactWriteItems" -> count}. */
    public static Map<String, Long> calls() {
        var snapshot = snapshot(OTHER_CALLS);
        POLLER_CALLS.forEach((k, v) -> snapshot.merge(k, v.get(), Long::sum));
        return snapshot;
    }

    /**
     * A snapshot of the calls the event sources' pollers made themselves, as Lambda's event source mappings
     * would: {@code "Sqs.ReceiveMessage" -> count}. They go on while the cloud is idle.
     */
    public static Map<String, Long> pollerCalls() {
        return snapshot(POLLER_CALLS);
    }

    /** A snapshot of the calls so far but the pollers' own ({@link #pollerCalls()}): none while the cloud is idle. */
    public static Map<String, Long> callsExceptPollers() {
        return snapshot(OTHER_CALLS);
    }

    private static TreeMap<String, Long> snapshot(Map<String, AtomicLong> calls) {
        var snapshot = new TreeMap<String, Long>();
        calls.forEach((k, v) -> snapshot.put(k, v.get()));
        return snapshot;
    }

    public static long throttled() {
        return THROTTLED.get();
    }

    /** Makes this share (0 to 1) of the functions' DynamoDB calls fail as throttled before they reach the table. */
    public static void throttleDynamoDb(double rate) {
        dynamoDbThrottleRate = rate;
    }

    public static void reset() {
        POLLER_CALLS.clear();
        OTHER_CALLS.clear();
        CALLS_BY_FUNCTION.clear();
        ACCESSES_BY_FUNCTION.clear();
        THROTTLED.set(0);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        String function = IN_FUNCTION.get();
        (function == null && IN_POLLER.get() ? POLLER_CALLS : OTHER_CALLS)
                .computeIfAbsent(service + "." + operation, k -> new AtomicLong()).incrementAndGet();
        if (function != null) {
            CALLS_BY_FUNCTION.computeIfAbsent(function + " " + service + "." + operation, k -> new AtomicLong()).incrementAndGet();
            AwsAccess.of(service, operation, context.request()).forEach(access -> ACCESSES_BY_FUNCTION.add(function + " " + access));
        }
        if ("DynamoDb".equalsIgnoreCase(service) && function != null && dynamoDbThrottleRate > 0
                && ThreadLocalRandom.current().nextDouble() < dynamoDbThrottleRate) {
            THROTTLED.incrementAndGet();
            throw ProvisionedThroughputExceededException.builder().message("injected throttling").statusCode(400).build();
        }
    }
}
